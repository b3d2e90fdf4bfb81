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
import vn.haiphong.indicators.lake.Lake;

/**
 * What the last complete night recorded beside the lake ({@value #FILE}) for the graph's first node, the ingest, which
 * commits nothing when nothing is new: the ingest's fingerprint (the inbox's listing, every file's folder, name, size and
 * modification time; the versions of the tables the ingest writes, bronze and the ledger; the logic and year), the
 * fingerprints of the deliveries it left in force (per kind, as the tables reading them fingerprint them), and the
 * figures the night's summary printed. A night whose ingest fingerprint is the recorded one has nothing to ingest; every
 * table then decides by its own fingerprint, from the recorded deliveries' (see {@code graph.Deliveries}), and a night
 * with nothing new reads no table and runs no Spark job.
 *
 * <p>A file added, removed or touched in the inbox, any commit to bronze or the ledger ({@code accept}, a restore by
 * hand), a new logic version or year, or {@code --rebuild}, and the ingest runs.
 */
final class LastNight {
    static final String FILE = "_city_indicators/last_night.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The recorded night: the ingest's fingerprint, the deliveries' fingerprints by kind, the run that recorded it, what
     * its summary said, the inbox it saw (each file's {@code InboxScanner.InboxFile#key}), so that the next night knows
     * which files are new. (Whether the sinks delivered is theirs to record: {@code GraphRunner#deliver}.)
     */
    record Recorded(String ingest, Map<String, String> deliveries, String runId, Map<String, Long> scorecard,
                    Map<String, Long> alerts, List<String> inbox) { }

    private LastNight() { }

    /**
     * The ingest's fingerprint as the lake and inbox stand: {@code inboxListing} taken before the ingest (a file arriving
     * during the night is not recorded as seen), the versions of the tables it writes ({@code ingested}) when taken.
     */
    static String ingestFingerprint(Lake lake, List<String> inboxListing, List<TableDef> ingested, String logicVersion) {
        StringBuilder sb = new StringBuilder("logic=").append(logicVersion).append('\n');
        Map<String, Long> versions = new TreeMap<>();
        ingested.forEach(t -> versions.put(t.name(), lake.version(t.name())));
        versions.forEach((t, v) -> sb.append(t).append('@').append(v).append('\n'));
        inboxListing.forEach(l -> sb.append(l).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded night, or null when there is none (or it cannot be read: the ingest then runs). */
    static Recorded read(Lake lake) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(lake.base() + "/" + FILE);
        try (java.io.InputStream in = path.getFileSystem(lake.spark().sparkContext().hadoopConfiguration()).open(path)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null; // none, or unreadable (a write cut short): the ingest runs and the night records a new one
        }
    }

    /** The recorded night of a lake on the local disk, read with the JDK's own file API: see {@link SmallNight}. */
    static Recorded read(java.nio.file.Path lake) {
        try {
            return parse(java.nio.file.Files.readString(lake.resolve(FILE)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Recorded parse(String text) throws IOException {
        JsonNode n = JSON.readTree(text);
        if (!n.has("ingest") || !n.has("deliveries") || !n.has("inbox")) return null; // an earlier version's record
        List<String> inbox = new ArrayList<>();
        n.path("inbox").forEach(f -> inbox.add(f.asText()));
        Map<String, String> deliveries = new TreeMap<>();
        n.path("deliveries").fields().forEachRemaining(e -> deliveries.put(e.getKey(), e.getValue().asText()));
        return new Recorded(n.path("ingest").asText(), deliveries, n.path("run").asText(),
                counts(n.path("scorecard")), counts(n.path("alerts")), inbox);
    }

    static void write(Lake lake, Recorded r) {
        ObjectNode n = JSON.createObjectNode().put("ingest", r.ingest()).put("run", r.runId());
        ObjectNode d = n.putObject("deliveries");
        r.deliveries().forEach(d::put);
        r.inbox().forEach(n.putArray("inbox")::add);
        ObjectNode sc = n.putObject("scorecard");
        r.scorecard().forEach(sc::put);
        ObjectNode al = n.putObject("alerts");
        r.alerts().forEach(al::put);
        lake.writeText(lake.base() + "/" + FILE, n.toPrettyString());
    }

    /** Forgets the recorded night: a night with held deliveries records none, so that the ingest lists them every night. */
    static void clear(Lake lake) {
        lake.deleteFile(lake.base() + "/" + FILE);
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
