package vn.haiphong.indicators.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.ingest.InboxScanner;
import vn.haiphong.indicators.lake.Lake;

/**
 * What a complete night leaves beside the lake ({@value #FILE}) so that the next night can tell, without reading
 * any table, that there is nothing to do: the inbox it saw (every file's folder, name, size and modification time),
 * the logic and constants it built with, and every declared table's version once it was done; with the figures its
 * summary printed. A night that finds the same inbox, logic and versions would rebuild nothing, so it reports the
 * recorded figures instead of recomputing them. This matters because a fresh JVM's first Spark query on a Delta
 * table costs about 10 s on this machine, most of a night with nothing new.
 *
 * <p>Any commit to any table (a night, {@code accept}, a restore by hand), any file added, removed or touched in
 * the inbox, or a new logic version changes the key, and the night takes its full course.
 */
final class NightMark {
    static final String FILE = "_city_indicators/last_night.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The recorded night: its key, the run that left it, what its summary said, and the inbox it saw (each file's
     * {@link InboxScanner.InboxFile#key}), so that the next night knows which files are new.
     */
    record Recorded(String key, String runId, List<String> tables, Map<String, Long> scorecard,
                    Map<String, Long> alerts, List<String> inbox) { }

    private NightMark() { }

    /**
     * The key of the lake and inbox as they stand: what the night would read. {@code inboxListing} is taken before
     * ingest (a file arriving during the night is not marked as seen); the table versions when the key is taken.
     */
    static String key(Lake lake, List<String> inboxListing, List<TableDef> tables, String logicVersion) {
        StringBuilder sb = new StringBuilder("logic=").append(logicVersion).append('\n');
        Map<String, TableDef> byName = new TreeMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        for (TableDef t : byName.values()) {
            sb.append(t.name()).append('@').append(lake.version(t.name()));
            new TreeMap<>(t.constants()).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        inboxListing.forEach(l -> sb.append(l).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded night, or null when there is none (or it cannot be read: the night then takes its full course). */
    static Recorded read(Lake lake) {
        return read(lake.base(), lake.spark().sparkContext().hadoopConfiguration());
    }

    /** The recorded night of the lake at {@code base}, read through Hadoop's file systems (no Spark): see {@link SmallNight}. */
    static Recorded read(String base, org.apache.hadoop.conf.Configuration hadoop) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(base + "/" + FILE);
        try (java.io.InputStream in = path.getFileSystem(hadoop).open(path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode n = JSON.readTree(text);
            if (!n.has("inbox")) return null; // a mark of an earlier version, without the inbox it saw
            List<String> tables = new ArrayList<>(), inbox = new ArrayList<>();
            n.path("tables").forEach(t -> tables.add(t.asText()));
            n.path("inbox").forEach(f -> inbox.add(f.asText()));
            return new Recorded(n.path("key").asText(), n.path("run").asText(), tables,
                    counts(n.path("scorecard")), counts(n.path("alerts")), inbox);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable (a write cut short): the night takes its full course and writes a new one
        }
    }

    static void write(Lake lake, Recorded r) {
        ObjectNode n = JSON.createObjectNode().put("key", r.key()).put("run", r.runId());
        r.tables().forEach(n.putArray("tables")::add);
        r.inbox().forEach(n.putArray("inbox")::add);
        ObjectNode sc = n.putObject("scorecard");
        r.scorecard().forEach(sc::put);
        ObjectNode al = n.putObject("alerts");
        r.alerts().forEach(al::put);
        lake.writeText(lake.base() + "/" + FILE, n.toPrettyString());
    }

    /** Forgets the recorded night: a night that cannot be summed up by a mark (one with held deliveries) leaves none. */
    static void clear(Lake lake) {
        lake.deleteFile(lake.base() + "/" + FILE);
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
