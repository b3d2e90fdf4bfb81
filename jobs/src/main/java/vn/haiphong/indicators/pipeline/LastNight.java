package vn.haiphong.indicators.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.haiphong.indicators.lake.Lake;

/**
 * What the last night that built something said in its summary ({@value #FILE}): its run, the scorecard's statuses and
 * the alerts by severity. A night the graph finds nothing to do for (no step, no table, no sink: see
 * {@code graph.GraphRunner}) prints these instead of reading the tables again, and runs no Spark job. Not change
 * detection: that is the graph's fingerprints alone.
 */
final class LastNight {
    static final String FILE = "_city_indicators/last_night.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Recorded(String runId, Map<String, Long> scorecard, Map<String, Long> alerts) { }

    private LastNight() { }

    /** The recorded summary, or null when there is none (or it cannot be read: the night then reads the tables). */
    static Recorded read(Lake lake) {
        try {
            String text = lake.readText(lake.base() + "/" + FILE);
            if (text == null) return null;
            JsonNode n = JSON.readTree(text);
            if (!n.has("run") || !n.has("scorecard") || !n.has("alerts")) return null;
            return new Recorded(n.path("run").asText(), counts(n.path("scorecard")), counts(n.path("alerts")));
        } catch (IOException | RuntimeException e) {
            return null; // a write cut short
        }
    }

    static void write(Lake lake, Recorded r) {
        ObjectNode n = JSON.createObjectNode().put("run", r.runId());
        ObjectNode sc = n.putObject("scorecard");
        r.scorecard().forEach(sc::put);
        ObjectNode al = n.putObject("alerts");
        r.alerts().forEach(al::put);
        lake.writeText(lake.base() + "/" + FILE, n.toPrettyString());
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
