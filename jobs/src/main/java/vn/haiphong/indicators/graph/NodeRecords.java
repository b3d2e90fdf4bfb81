package vn.haiphong.indicators.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.haiphong.indicators.lake.Lake;

/**
 * The fingerprints of the graph's nodes that are not tables, recorded by its runner beside the lake ({@value #FILE}):
 * the ingest's steps, which commit nothing when nothing is new, and the sinks, whose outputs are not tables. A table's
 * fingerprint rides in its own commit. A record that cannot be read is none: every step and sink then runs.
 */
public final class NodeRecords {
    public static final String FILE = "_city_indicators/graph.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The ingest as its steps left the lake: its fingerprint (the inbox's listing, the ingested tables' versions after
     * the steps, what else it depends on), the run, the deliveries then in force (their fingerprints by kind) and the
     * listing itself (each file's key), which tells the next night what is new in its inbox.
     */
    public record Ingest(String fingerprint, String runId, Map<String, String> deliveries, List<String> inbox) { }

    /** A sink's last delivery: its fingerprint then, and the run that delivered it. */
    public record Sink(String fingerprint, String runId) { }

    private Ingest ingest;
    private final Map<String, Sink> sinks = new LinkedHashMap<>();

    private NodeRecords() { }

    /** The lake's records; none when there are none or they cannot be read. */
    public static NodeRecords read(Lake lake) {
        String text;
        try {
            text = lake.readText(lake.base() + "/" + FILE);
        } catch (RuntimeException e) {
            text = null;
        }
        return parse(text);
    }

    /** The records of a lake on the local disk, read with the JDK's own file API (the launcher's, before Spark). */
    public static NodeRecords read(java.nio.file.Path lake) {
        try {
            return parse(java.nio.file.Files.readString(lake.resolve(FILE)));
        } catch (IOException | RuntimeException e) {
            return new NodeRecords();
        }
    }

    private static NodeRecords parse(String text) {
        NodeRecords r = new NodeRecords();
        if (text == null) return r;
        try {
            JsonNode n = JSON.readTree(text);
            JsonNode i = n.path("ingest");
            if (i.has("fingerprint") && i.has("deliveries") && i.has("inbox")) {
                Map<String, String> deliveries = new TreeMap<>();
                i.path("deliveries").fields().forEachRemaining(e -> deliveries.put(e.getKey(), e.getValue().asText()));
                List<String> inbox = new ArrayList<>();
                i.path("inbox").forEach(f -> inbox.add(f.asText()));
                r.ingest = new Ingest(i.path("fingerprint").asText(), i.path("run").asText(), deliveries, inbox);
            }
            n.path("sinks").fields().forEachRemaining(e -> r.sinks.put(e.getKey(),
                    new Sink(e.getValue().path("fingerprint").asText(), e.getValue().path("run").asText())));
            return r;
        } catch (IOException | RuntimeException e) {
            return new NodeRecords(); // a write cut short: every step and sink runs again
        }
    }

    /** The ingest's record, or null. */
    public synchronized Ingest ingest() { return ingest; }

    /** A sink's record, or null. */
    public synchronized Sink sink(String name) { return sinks.get(name); }

    /** Records the ingest (null forgets it: the next night runs its steps whatever its fingerprint) and writes the file. */
    synchronized void ingest(Lake lake, Ingest recorded) {
        ingest = recorded;
        write(lake);
    }

    /** Records a sink's delivery and writes the file. */
    synchronized void sink(Lake lake, String name, Sink recorded) {
        sinks.put(name, recorded);
        write(lake);
    }

    private void write(Lake lake) {
        ObjectNode n = JSON.createObjectNode();
        if (ingest != null) {
            ObjectNode i = n.putObject("ingest").put("fingerprint", ingest.fingerprint()).put("run", ingest.runId());
            ObjectNode d = i.putObject("deliveries");
            ingest.deliveries().forEach(d::put);
            ingest.inbox().forEach(i.putArray("inbox")::add);
        }
        ObjectNode s = n.putObject("sinks");
        sinks.forEach((name, r) -> s.putObject(name).put("fingerprint", r.fingerprint()).put("run", r.runId()));
        lake.writeText(lake.base() + "/" + FILE, n.toPrettyString());
    }
}
