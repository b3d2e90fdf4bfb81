package vn.haiphong.indicators.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;

/**
 * What the last night that built something said in its summary ({@value #FILE}): its run, the scorecard's statuses and
 * the alerts by severity, and the versions of the two tables it counted them in. A night the graph finds nothing to do
 * for (no step, no table, no sink: see {@code graph.GraphRunner}) prints these instead of reading the tables again, and
 * runs no Spark job, as long as those tables are still at the versions counted (a night that died after its tables and
 * before its summary leaves an older summary, which then no longer counts). Not change detection: that is the graph's
 * fingerprints alone.
 */
final class LastNight {
    static final String FILE = "_city_indicators/last_night.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param counted the versions of the tables counted ({@link #counted}) */
    record Recorded(String runId, String counted, Map<String, Long> scorecard, Map<String, Long> alerts) { }

    /** The versions of the tables a summary counts, as the lake stands (from their logs: no Spark job). */
    static String counted(Lake lake) {
        return TableNames.MART_SCORECARD + "@" + lake.version(TableNames.MART_SCORECARD) + ","
                + TableNames.OPS_ALERTS + "@" + lake.version(TableNames.OPS_ALERTS);
    }

    private LastNight() { }

    /** The recorded summary, or null when there is none (or it cannot be read: the night then reads the tables). */
    static Recorded read(Lake lake) {
        try {
            String text = lake.readText(lake.base() + "/" + FILE);
            if (text == null) return null;
            JsonNode n = JSON.readTree(text);
            if (!n.has("run") || !n.has("counted") || !n.has("scorecard") || !n.has("alerts")) return null;
            return new Recorded(n.path("run").asText(), n.path("counted").asText(), counts(n.path("scorecard")),
                    counts(n.path("alerts")));
        } catch (IOException | RuntimeException e) {
            return null; // a write cut short
        }
    }

    static void write(Lake lake, Recorded r) {
        ObjectNode n = JSON.createObjectNode().put("run", r.runId()).put("counted", r.counted());
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
