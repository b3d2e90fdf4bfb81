package vn.haiphong.indicators.cli;

import java.util.List;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.pipeline.NightlyJob;

/** The short, readable summary a run ends with. */
public final class RunSummary {
    private RunSummary() { }

    public static String render(String runId, PipelineConfig config, boolean developmentKey, NightlyJob.Outcome o,
                                ConsoleProgress progress) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nRun %s finished in %.1f s%n", runId, progress.elapsed().toMillis() / 1000.0));
        sb.append("  lake:  ").append(config.lake()).append(config.embeddedLake() ? "  (embedded default)" : "").append('\n');
        sb.append("  inbox: ").append(config.inbox()).append('\n');
        if (developmentKey) {
            sb.append("  NOTE: pseudonyms use the built-in DEVELOPMENT key; set CITY_INDICATORS_PSEUDONYM_KEY for real data.\n");
        }
        List<IngestJob.FileOutcome> files = o.ingest().newFiles();
        long read = 0, accepted = 0, quarantined = 0;
        for (IngestJob.FileOutcome f : files) {
            read += f.rowsRead();
            accepted += f.rowsAccepted();
            quarantined += f.rowsQuarantined();
        }
        sb.append(String.format("  files: %d new (%d ingested, %d superseded, %d held, %d duplicate, %d rejected), %d already ingested%n",
                files.size(), count(files, "ingested"), count(files, "superseded"), count(files, "held"),
                count(files, "skipped_duplicate"), count(files, "rejected"), o.ingest().alreadyIngested()));
        for (IngestJob.FileOutcome f : files) {
            sb.append(String.format("    %-34s %-17s read %,9d  accepted %,9d  quarantined %,6d%s%n", f.fileName(), f.status(),
                    f.rowsRead(), f.rowsAccepted(), f.rowsQuarantined(), f.message() == null ? "" : "  " + f.message()));
        }
        for (IngestJob.FileOutcome f : o.ingest().statusChanges()) {
            sb.append(String.format("    %-34s (delivery %.12s) now %s by %s%n", f.fileName(), f.checksum(), f.status(),
                    f.supersededBy()));
        }
        if (!o.ingest().held().isEmpty()) {
            sb.append("  HELD, waiting for the data team (the earlier delivery stays in force):\n");
            for (IngestJob.FileOutcome f : o.ingest().held()) {
                sb.append(String.format("    %s/%s  %s%n", f.source(), f.fileName(), f.message()));
            }
        }
        sb.append(String.format("  rows:  %,d read = %,d accepted + %,d quarantined%s%n", read, accepted, quarantined,
                quarantined > 0 ? " (see ops_quarantine)" : ""));
        sb.append("  silver: ").append(o.periodsConformed().isEmpty() ? "card months up to date"
                : "card months conformed " + String.join(", ", o.periodsConformed())).append('\n');
        sb.append("  tables rebuilt: ").append(o.tablesRebuilt().isEmpty() ? "none" : String.join(", ", o.tablesRebuilt()))
                .append("; unchanged: ").append(o.tablesUnchanged().isEmpty() ? "none" : String.join(", ", o.tablesUnchanged()))
                .append('\n');
        if (!o.scorecardStatus().isEmpty()) {
            sb.append("  scorecard: ");
            o.scorecardStatus().forEach((s, n) -> sb.append(s).append(' ').append(n).append("  "));
            sb.append('\n');
        }
        if (progress.warnings() > 0) sb.append("  warnings: ").append(progress.warnings()).append(" (see the log above)\n");
        if (!o.tables().isEmpty()) {
            // alerts never stop the night: they are counted here, listed in ops_alerts and in the report
            StringBuilder line = new StringBuilder("alerts:");
            o.alerts().forEach((severity, n) -> line.append(' ').append(n).append(' ').append(severity));
            sb.append(o.alerts().isEmpty() ? "alerts: none" : line + " (ops_alerts; the report lists them)").append('\n');
        }
        o.delivered().forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    private static long count(List<IngestJob.FileOutcome> files, String status) {
        return files.stream().filter(f -> f.status().equals(status)).count();
    }
}
