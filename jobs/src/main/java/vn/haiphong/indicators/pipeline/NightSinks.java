package vn.haiphong.indicators.pipeline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.export.CsvExport;
import vn.haiphong.indicators.graph.GraphRunner;
import vn.haiphong.indicators.graph.SinkDef;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.publish.PublishJob;
import vn.haiphong.indicators.publish.StarSchema;
import vn.haiphong.indicators.quality.Completeness;
import vn.haiphong.indicators.quality.DeliveryCalendar;
import vn.haiphong.indicators.reference.Communes;
import vn.haiphong.indicators.report.EditionCycle;
import vn.haiphong.indicators.report.EditionPeriod;
import vn.haiphong.indicators.report.Editions;
import vn.haiphong.indicators.report.Receipts;
import vn.haiphong.indicators.report.ReportPage;

/**
 * What a night delivers once its tables are built, declared in one place beside the tables ({@link LakeTables}) and run
 * by the same runner ({@link GraphRunner#deliver}): each sink names the tables it reads, and is called only when one of
 * them (or a setting it depends on) moved since it last delivered. In this order: the senders' receipts, the morning
 * report, the export of the marts to a folder (when {@code export.dir} names one), the publish to the database for BI,
 * and the editions due by the resolutions' cycle (the kinds {@code editions.by_night} names).
 * What each does once called is its own business: a receipt is written once per delivery, an edition once per period,
 * the export rewrites the tables whose version moved, and the publish compares the lake's versions with the ones the
 * database says it holds. A database replaced while the lake stood still gets the lake's tables on the next night that
 * changes them, or at once with {@code bin/city-indicators publish}.
 */
public final class NightSinks {
    private NightSinks() { }

    /**
     * The sinks of a night run with these settings.
     *
     * @param publish whether the night publishes (not with {@code --no-publish}; {@code publish.url=off} is the target's)
     */
    public static List<SinkDef> declared(PipelineConfig config, LakeTables tables, CriteriaCatalog catalog, Communes communes,
                                         DeliveryCalendar calendar, Map<String, ExtractSpec> specs, boolean publish) {
        List<SinkDef> sinks = new ArrayList<>();
        LocalDate today = LocalDate.now(Completeness.CITY_ZONE);
        sinks.add(SinkDef.of("receipts", "Per sender, a page for each delivery: accepted, quarantined, what to fix")
                .from(TableNames.OPS_FILE_INGESTION).fromIfPresent(TableNames.OPS_QUARANTINE)
                .dependsOn("calendar", calendar.fingerprint())
                .delivers(night -> "receipts: " + Receipts.write(night.lake(), specs, calendar) + " new, for the senders ("
                        + config.lake() + "/" + Receipts.FOLDER + "/<sender>/index.html)"));
        if (config.reportEnabled()) {
            String page = config.lake() + "/" + ReportPage.IN_LAKE;
            sinks.add(SinkDef.of("report", "The morning report for the city's leaders")
                    .from(TableNames.MART_SCORECARD, TableNames.MART_MODEL_SUMMARY, TableNames.MART_FORECAST)
                    .fromIfPresent(TableNames.MART_COMMUNE_INDEX, TableNames.MART_DELIVERY_COMPLETENESS,
                            TableNames.OPS_FILE_INGESTION, TableNames.OPS_QUARANTINE, TableNames.OPS_ALERTS, TableNames.OPS_EDITIONS)
                    .dependsOn("catalog", catalog.fingerprint()).dependsOn("year", String.valueOf(today.getYear()))
                    .writes(page)
                    .delivers(night -> "report: " + page + " (" + ReportPage.write(night.lake(), catalog, page) + " criteria charted)"));
        }
        List<String> exported = tables.exported().stream().map(TableDef::name).toList();
        config.exportDir().ifPresent(dir -> sinks.add(SinkDef.of("export", "The exported marts as CSV and Parquet files")
                .fromIfPresent(exported.toArray(String[]::new)).dependsOn("dir", dir.toString())
                .delivers(night -> {
                    CsvExport.Exported e = CsvExport.export(night.lake(), tables.exported(), dir);
                    return "export: " + e.written().size() + " tables written, " + e.unchanged().size() + " unchanged (" + dir + ")";
                })));
        if (publish) {
            StarSchema.Thresholds thresholds = new StarSchema.Thresholds(config.publishMinCount(), config.publishMinRateNumerator());
            sinks.add(SinkDef.of("publish", "The star schema for BI, small counts suppressed")
                    .from(TableNames.MART_SCORECARD)
                    .fromIfPresent(PublishJob.published(tables.all()).stream().map(TableDef::name).toArray(String[]::new))
                    .fromIfPresent(TableNames.OPS_EDITIONS, TableNames.OPS_EDITION_FIGURES)
                    .dependsOn("catalog", catalog.fingerprint()).dependsOn("target", config.publishUrl() + " as " + config.publishUser() + ", read by " + config.publishReadRole())
                    .dependsOn("thresholds", thresholds.toString())
                    .delivers(night -> PublishJob.publishLine(night.lake(), config, tables.all(), catalog, communes, thresholds,
                            night.runId(), null, night.progress())));
        }
        // last: an edition that cannot be made (no Chromium, say) stops the night after everything else is delivered
        List<String> editionKinds = config.editionsByNight().stream().map(k -> EditionPeriod.Kind.of(k).id).toList();
        if (!editionKinds.isEmpty()) {
            List<EditionPeriod> due = EditionCycle.load().due(today, editionKinds);
            sinks.add(SinkDef.of("editions", "The dated editions due by the resolutions' cycle, each period once")
                    .from(TableNames.MART_SCORECARD)
                    .dependsOn("due", due.stream().map(p -> p.kind().id + " " + p.period()).collect(java.util.stream.Collectors.joining(",")))
                    .delivers(night -> editions(night, due, editionContext(tables, catalog))));
        }
        return sinks;
    }

    /** Makes the editions due that the lake does not hold yet (each period once: the command makes it again). */
    static String editions(SinkDef.Night night, List<EditionPeriod> due, Editions.Context context) {
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
