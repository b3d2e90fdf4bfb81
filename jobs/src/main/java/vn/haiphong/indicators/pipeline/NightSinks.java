package vn.haiphong.indicators.pipeline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.export.CsvExport;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.publish.PublishJob;
import vn.haiphong.indicators.publish.StarSchema;
import vn.haiphong.indicators.quality.DeliveryCalendar;
import vn.haiphong.indicators.reference.Communes;
import vn.haiphong.indicators.report.EditionCycle;
import vn.haiphong.indicators.report.EditionPeriod;
import vn.haiphong.indicators.report.Editions;
import vn.haiphong.indicators.report.Receipts;
import vn.haiphong.indicators.report.ReportPage;

/**
 * What a night delivers once its tables are built, declared in one place beside the tables ({@link LakeTables}): each
 * sink is a name and the action that delivers it, answering one line for the run's summary. The night runs
 * them in this order under its own lock, after the graph ({@link NightlyJob#run}): the senders' receipts, the morning
 * report, the export of the marts to a folder (when {@code export.dir} names one), the publish to the database for BI,
 * and the editions due by the resolutions' cycle (the kinds {@code editions.by_night} names).
 * Each one does nothing when what it read has not changed: receipts are written once per delivery, the report of a
 * night with nothing new stays as it was, an edition is made once per period, the export rewrites only the tables whose
 * version moved, and the publish
 * compares the lake's versions with the ones it published last.
 */
public final class NightSinks {
    /** A sink: its name, and what it does with the night (null: nothing to say). */
    public record Sink(String name, Function<Night, String> deliver) { }

    /** The night a sink delivers: the lake, what the night did, its run id, its date (in the city) and progress. */
    public record Night(Lake lake, NightlyJob.Outcome outcome, String runId, LocalDate today, Progress progress) { }

    private NightSinks() { }

    /**
     * The sinks of a night run with these settings.
     *
     * @param publish whether the night publishes (not with {@code --no-publish}; {@code publish.url=off} is the target's)
     */
    public static List<Sink> declared(PipelineConfig config, LakeTables tables, CriteriaCatalog catalog, Communes communes,
                                      DeliveryCalendar calendar, Map<String, ExtractSpec> specs, boolean publish) {
        List<Sink> sinks = new ArrayList<>();
        sinks.add(new Sink("receipts", night -> {
            if (night.outcome().quiet()) return null;
            int receipts = Receipts.write(night.lake(), specs, calendar);
            return "receipts: " + receipts + " new, for the senders (" + config.lake() + "/" + Receipts.FOLDER + "/<sender>/index.html)";
        }));
        if (config.reportEnabled()) {
            sinks.add(new Sink("report", night -> {
                if (night.outcome().tables().isEmpty()) return null;
                String page = config.lake() + "/" + ReportPage.IN_LAKE;
                if (night.outcome().quiet() && night.lake().fileExists(page)) {
                    return "report: " + page + " (unchanged: nothing new since night " + night.outcome().quietSince() + ")";
                }
                int charted = ReportPage.write(night.lake(), catalog, page);
                return "report: " + page + " (" + charted + " criteria charted)";
            }));
        }
        config.exportDir().ifPresent(dir -> sinks.add(new Sink("export", night -> {
            if (night.outcome().tables().isEmpty()) return null;
            CsvExport.Exported e = CsvExport.export(night.lake(), tables.exported(), dir);
            return "export: " + e.written().size() + " tables written, " + e.unchanged().size() + " unchanged (" + dir + ")";
        })));
        if (publish) {
            sinks.add(new Sink("publish", night -> {
                if (night.outcome().tables().isEmpty()) return null;
                return PublishJob.publishLine(night.lake(), config, tables.all(), catalog, communes,
                        new StarSchema.Thresholds(config.publishMinCount(), config.publishMinRateNumerator()), night.runId(),
                        null, night.progress());
            }));
        }
        // last: an edition that cannot be made (no Chromium, say) stops the night after everything else is delivered
        List<String> editionKinds = config.editionsByNight().stream().map(k -> EditionPeriod.Kind.of(k).id).toList();
        if (!editionKinds.isEmpty()) {
            EditionCycle cycle = EditionCycle.load();
            sinks.add(new Sink("editions", night -> {
                if (night.outcome().tables().isEmpty()) return null;
                return editions(night, cycle.due(night.today(), editionKinds),
                        editionContext(tables, catalog));
            }));
        }
        return sinks;
    }

    /** Makes the editions due that the lake does not hold yet (each period once: the command makes it again). */
    static String editions(Night night, List<EditionPeriod> due, Editions.Context context) {
        try {
            java.util.Set<String> held = new java.util.HashSet<>();
            for (Editions.Listed e : Editions.list(night.lake())) held.add(e.kind() + " " + e.period());
            List<String> made = new ArrayList<>();
            for (EditionPeriod p : due) {
                if (held.contains(p.kind().id + " " + p.period())) continue;
                night.progress().step("edition " + p.kind().id + " " + p.period() + " due: making it");
                made.add(Editions.make(night.lake(), p, null, context).id());
            }
            String dueNow = due.stream().map(p -> p.kind().id + " " + p.period()).collect(java.util.stream.Collectors.joining(", "));
            if (!made.isEmpty()) return "editions: made " + String.join(", ", made) + " (" + night.lake().base() + "/" + Editions.FOLDER + ")";
            return "editions: " + (due.isEmpty() ? "none due yet" : "none to make (" + dueNow + " made before)");
        } catch (Exception e) {
            throw new IllegalStateException("making the editions due: " + e.getMessage()
                    + " (the night's tables, report, export and publish stand; the next night tries again, or make it with "
                    + "bin/city-indicators edition)", e);
        }
    }

    /** What an edition needs beyond the lake: the catalog, the kinds each criterion is read from, the code's version. */
    public static Editions.Context editionContext(LakeTables tables, CriteriaCatalog catalog) {
        return new Editions.Context(catalog, tables.kindsOfCriteria(), Editions.codeVersion(),
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "city-indicators-editions"));
    }
}
