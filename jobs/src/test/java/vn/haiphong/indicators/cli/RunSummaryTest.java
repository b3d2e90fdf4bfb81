package vn.haiphong.indicators.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.pipeline.NightlyJob;

class RunSummaryTest {
    @Test
    void heldAndTruncatedFilesAreSaidInTheSummary() {
        Instant now = Instant.now();
        IngestJob.FileOutcome held = new IngestJob.FileOutcome("bhyt_the_2026-10_v4.csv", "c4", "bhyt", "bhyt_the", "2026-10", 4,
                100, 1, "held", 0, 0, 0, "0 rows accepted against 4,459 in bhyt_the_2026-10_v2.csv, which it would replace (no data rows)",
                null, "r", now);
        IngestJob.FileOutcome cut = new IngestJob.FileOutcome("dan_so_2026.csv", "c5", "dan_so", "dan_so", "2026", 1,
                100, 1, "ingested", 3, 3, 0, "possibly truncated: the last line has no line ending", null, "r", now);
        IngestJob.Result ingest = new IngestJob.Result(List.of(held, cut), List.of(), 0, Map.of(), List.of(), List.of(held));
        NightlyJob.Outcome o = new NightlyJob.Outcome(ingest, List.of(), List.of(), List.of(), Map.of(), Map.of(), List.of(), null);
        String text = RunSummary.render("r", PipelineConfig.load(Map.of("CITY_INDICATORS_LAKE", "/tmp/l"), null, null), false, o,
                new ConsoleProgress(new PrintStream(new ByteArrayOutputStream())));
        assertTrue(text.contains("files: 2 new (1 ingested, 0 superseded, 1 held, 0 duplicate, 0 rejected)"), text);
        assertTrue(text.contains("HELD, waiting for the data team (the earlier delivery stays in force):\n    bhyt/bhyt_the_2026-10_v4.csv  0 rows accepted"), text);
        assertTrue(text.contains("dan_so_2026.csv") && text.contains("possibly truncated"), text);
        assertTrue(!text.contains("alerts:"), "no tables built: no alerts line");
    }

    @Test
    void theSummaryEndsWithTheAlertsAndWhatTheSinksDelivered() {
        IngestJob.Result ingest = new IngestJob.Result(List.of(), List.of(), 3, Map.of(), List.of(), List.of());
        List<vn.haiphong.indicators.graph.GraphRunner.TableRun> tables = List.of(new vn.haiphong.indicators.graph.GraphRunner.TableRun(
                "mart_forecast", vn.haiphong.indicators.graph.GraphRunner.Status.UNCHANGED, 0, List.of()));
        NightlyJob.Outcome o = new NightlyJob.Outcome(ingest, List.of(), List.of(), List.of("mart_forecast"), Map.of(),
                new java.util.TreeMap<>(Map.of("warning", 2L, "critical", 1L)), tables, null,
                List.of("receipts: 0 new, for the senders", "publish: nothing new to publish"));
        String text = RunSummary.render("r", PipelineConfig.load(Map.of("CITY_INDICATORS_LAKE", "/tmp/l"), null, null), false, o,
                new ConsoleProgress(new PrintStream(new ByteArrayOutputStream())));
        assertTrue(text.endsWith("alerts: 1 critical 2 warning (ops_alerts; the report lists them)\nreceipts: 0 new, for the senders\n"
                + "publish: nothing new to publish\n"), text);
    }
}
