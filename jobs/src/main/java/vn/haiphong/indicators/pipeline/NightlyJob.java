package vn.haiphong.indicators.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.graph.GraphRunner;
import vn.haiphong.indicators.graph.NodeRecords;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.graph.SinkDef;
import vn.haiphong.indicators.graph.Workers;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.ingest.InboxScanner;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.KeyFingerprint;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.LakeLock;
import vn.haiphong.indicators.lake.Reachability;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.quality.Completeness;
import vn.haiphong.indicators.quality.DeliveryCalendar;
import vn.haiphong.indicators.reference.Communes;

/**
 * The night, under the lake's lock: the graph's runner runs the ingest's steps (bronze, the ledger) when their
 * fingerprint moved, brings every declared table ({@link LakeTables}) up to date with the deliveries in force, each by its
 * own fingerprint, and delivers the declared sinks whose tables moved ({@link NightSinks}: receipts, the report, the
 * export, the publish, editions). Thin: the figures come from the transformations the declarations name; this class only
 * composes the steps and reports.
 */
public final class NightlyJob {
    /** Bump when a transformation changes meaning, so that existing derived tables are rebuilt. */
    static final String LOGIC_VERSION = "v5-card-holders";

    /**
     * What a night did, for the summary. {@code alerts}: ops_alerts' rows by severity; {@code quietSince}: when the
     * night found nothing to ingest, no table to rebuild and no sink to deliver, the run id of the last night that did
     * ({@link LastNight}), else null.
     */
    public record Outcome(IngestJob.Result ingest, List<String> periodsConformed, List<String> tablesRebuilt,
                          List<String> tablesUnchanged, Map<String, Long> scorecardStatus, Map<String, Long> alerts,
                          List<GraphRunner.TableRun> tables, String quietSince, List<String> delivered) {
        public Outcome(IngestJob.Result ingest, List<String> periodsConformed, List<String> tablesRebuilt,
                       List<String> tablesUnchanged, Map<String, Long> scorecardStatus, Map<String, Long> alerts,
                       List<GraphRunner.TableRun> tables, String quietSince) {
            this(ingest, periodsConformed, tablesRebuilt, tablesUnchanged, scorecardStatus, alerts, tables, quietSince, List.of());
        }

        public boolean quiet() { return quietSince != null; }
    }

    private final Lake lake;
    private final Map<String, ExtractSpec> specs;
    private final Communes communes;
    private final LakeTables tables;
    /** The tables this night brings up to date (with what they read), or null for all. */
    private List<String> building;
    private final Progress progress;
    private final int parallelism;
    private long interpretBelowBytes = DEFAULT_INTERPRET_BELOW_BYTES;
    private Duration answerWithin = Reachability.DEFAULT_LIMIT;
    private List<SinkDef> sinks = List.of();

    /** Below this size of new files a night evaluates expressions interpreted ({@link ExpressionMode}). */
    public static final long DEFAULT_INTERPRET_BELOW_BYTES = 64L << 20;

    public NightlyJob(Lake lake, Progress progress) {
        this(lake, progress, 2);
    }

    /** @param parallelism how many tables are built at once */
    public NightlyJob(Lake lake, Progress progress, int parallelism) {
        this(lake, progress, parallelism, CriteriaCatalog.load());
    }

    /** @param catalog the criteria scored (the built-in catalog, or it with a site catalog on top) */
    public NightlyJob(Lake lake, Progress progress, int parallelism, CriteriaCatalog catalog) {
        this(lake, progress, parallelism, catalog, DeliveryCalendar.load(null));
    }

    /** @param calendar the delivery calendar (the built-in one, or it with a site calendar on top) */
    public NightlyJob(Lake lake, Progress progress, int parallelism, CriteriaCatalog catalog, DeliveryCalendar calendar) {
        this.lake = lake;
        this.specs = ExtractSpec.loadAll();
        this.communes = Communes.load();
        this.tables = new LakeTables(specs, communes, catalog, calendar);
        this.progress = progress;
        this.parallelism = parallelism;
    }

    /**
     * The night as {@code config} sets it: its catalog, delivery calendar, small-night size, store timeout and sinks (the
     * receipts, the report, the export, and the publish unless {@code publish} is false). One lake object serves the night
     * and its sinks: they read the tables the night wrote whole from the rows it kept ({@link Lake#keep}).
     */
    public static NightlyJob configured(Lake lake, PipelineConfig config, CriteriaCatalog catalog, Progress progress, boolean publish) {
        DeliveryCalendar calendar = DeliveryCalendar.load(config.deliveriesFile());
        NightlyJob night = new NightlyJob(lake, progress, config.parallelism(), catalog, calendar)
                .interpretBelow(config.interpretBelowBytes())
                .answerWithin(config.storeAnswerWithin());
        return night.delivering(NightSinks.declared(config, night.tables, catalog, night.communes, calendar, night.specs, publish));
    }

    /** The tables this night builds, as declared. */
    public LakeTables tables() { return tables; }

    /** The communes (2025) and the code map this night conforms to. */
    public Communes communes() { return communes; }

    /** The file contracts this night ingests by. */
    public Map<String, ExtractSpec> specs() { return specs; }

    /**
     * Limits the night to bringing these tables up to date (with the ingest, and what they read); the others are left as
     * they are. Every declared table by default.
     */
    public NightlyJob building(String... tables) {
        this.building = List.of(tables);
        return this;
    }

    /** Sets what the night delivers after its tables, under its lock ({@link NightSinks}); none by default. */
    public NightlyJob delivering(List<SinkDef> sinks) {
        this.sinks = List.copyOf(sinks);
        return this;
    }

    /** Sets the size of new files below which the night evaluates expressions interpreted ({@code pipeline.interpret_below_mib}). */
    public NightlyJob interpretBelow(long bytes) {
        this.interpretBelowBytes = bytes;
        return this;
    }

    /** Sets how long the lake and the inbox have to answer before the night stops ({@code store.answer_within_s}). */
    public NightlyJob answerWithin(Duration limit) {
        this.answerWithin = limit;
        return this;
    }

    public Outcome run(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild) {
        return run(inbox, pseudonymizer, runId, rebuild, Duration.ZERO);
    }

    /**
     * The night, holding the lake's lock throughout ({@code lockWait}: how long to wait for a night already
     * running; zero refuses at once, naming it), with the lake's pseudonym key checked before anything is read.
     */
    public Outcome run(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild, Duration lockWait) {
        Reachability.require("lake", lake.base(), lake.spark().sparkContext().hadoopConfiguration(), answerWithin);
        Reachability.require("inbox", inbox, lake.spark().sparkContext().hadoopConfiguration(), answerWithin);
        try (LakeLock lock = LakeLock.acquire(lake.base(), lake.spark().sparkContext().hadoopConfiguration(), runId, "night",
                LOCK_TTL, lockWait, progress::step)) {
            try {
                Outcome o = underLock(inbox, pseudonymizer, runId, rebuild, lock);
                RepeatedFailure.clear(lake);
                return o;
            } catch (RuntimeException e) {
                // a night stopping the same way as the one before says so: waiting will not make it go away
                String again = RepeatedFailure.record(lake, String.valueOf(e.getMessage()), Instant.now());
                if (again == null) throw e;
                throw new IllegalStateException(e.getMessage() + "\n" + again, e);
            }
        }
    }

    private Outcome underLock(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild, LakeLock lock) {
        KeyFingerprint.check(lake.base(), lake.spark().sparkContext().hadoopConfiguration(), pseudonymizer,
                "CITY_INDICATORS_PSEUDONYM_KEY");
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, Completeness.CITY_ZONE);
        Outcome o = locked(inbox, pseudonymizer, runId, rebuild, lock, now, today);
        stillHeld(lock);
        return o;
    }

    /** How long a night's lease lasts without renewal (renewed every third of it while the night runs). */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);

    private static void stillHeld(LakeLock lock) {
        if (lock.lost() != null) {
            throw new IllegalStateException("this night lost the lake lock (" + lock.lost() + "); its commits stand, "
                    + "but run the night again once the other run is done");
        }
    }

    private Outcome locked(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild, LakeLock lock,
                         Instant now, LocalDate today) {
        lake.refresh(); // a Lake object may outlive a night; what another process committed since must count
        List<InboxScanner.InboxFile> files = new InboxScanner(lake.spark().sparkContext().hadoopConfiguration()).listing(inbox, specs.values());
        List<String> listing = files.stream().map(InboxScanner.InboxFile::key).toList();
        String salt = rebuild ? runId : "";
        progress.stage("ingest");
        try (Workers workers = new Workers(parallelism)) {
            GraphRunner runner = new GraphRunner(lake, building == null ? tables.all() : tables.upTo(building), sinks,
                    LOGIC_VERSION, workers, progress);
            NodeRecords.Ingest seen = rebuild ? null : runner.records().ingest();
            progress.step(ExpressionMode.apply(lake.spark(), SmallNight.newBytes(files, seen == null ? List.of() : seen.inbox()),
                    interpretBelowBytes));
            // The ingest's steps are nodes of the graph (LakeTables): they run unless their fingerprint is the recorded
            // one. The year is part of it: a file of a period after next month is refused until its time comes.
            IngestJob tonight = new IngestJob(lake, specs, communes, pseudonymizer, runId, now, today, progress, inbox);
            GraphRunner.Ran ran = runner.run(new GraphRunner.Ingest(listing, Map.of("year", String.valueOf(today.getYear())),
                    runId, tonight, () -> IngestJob.inForce(lake)), salt);
            boolean ingested = ran.ingestUnchangedSince() == null;
            IngestJob.Result ingest = ingested ? tonight.result()
                    : new IngestJob.Result(List.of(), List.of(), listing.size(), Map.of(), List.of(), List.of());
            if (ran.deliveries().fingerprints().isEmpty()) {
                progress.step("nothing ingested yet; no tables built");
                return new Outcome(ingest, List.of(), List.of(), List.of(), Map.of(), Map.of(), List.of(), null,
                        delivered(runner, runId, today, salt, lock));
            }
            List<GraphRunner.TableRun> runs = ran.tables();
            List<String> rebuilt = new ArrayList<>(), unchanged = new ArrayList<>(), periods = new ArrayList<>();
            for (GraphRunner.TableRun r : runs) {
                if (r.status() == GraphRunner.Status.REBUILT) rebuilt.add(r.table());
                if (r.status() == GraphRunner.Status.UNCHANGED) unchanged.add(r.table());
                if (r.table().equals(TableNames.SILVER_INSURED)) periods.addAll(r.partitions());
            }
            progress.step(rebuilt.size() + " tables rebuilt, " + unchanged.size() + " unchanged");
            String counted = LastNight.counted(lake);
            LastNight.Recorded last = LastNight.read(lake);
            if (!ingested && rebuilt.isEmpty() && last != null && last.counted().equals(counted)) { // the last summary holds
                List<GraphRunner.SinkRun> sinkRuns = sinkRuns(runner, runId, today, salt, lock);
                // the graph found nothing to do when no sink delivered either (one stopped on an earlier night would)
                boolean quiet = sinkRuns.stream().noneMatch(r -> r.status() == GraphRunner.Status.REBUILT);
                return new Outcome(ingest, periods, rebuilt, unchanged, last.scorecard(), last.alerts(), runs,
                        quiet ? last.runId() : null, lines(sinkRuns));
            }
            Map<String, Long> status = countBy(TableNames.MART_SCORECARD, "status");
            Map<String, Long> alerts = countBy(TableNames.OPS_ALERTS, "severity");
            LastNight.write(lake, new LastNight.Recorded(runId, counted, status, alerts));
            return new Outcome(ingest, periods, rebuilt, unchanged, status, alerts, runs, null,
                    delivered(runner, runId, today, salt, lock));
        }
    }

    /** The sinks whose tables moved, delivered by the graph's runner under the night's lock, in their declared order. */
    private List<GraphRunner.SinkRun> sinkRuns(GraphRunner runner, String runId, LocalDate today, String salt, LakeLock lock) {
        stillHeld(lock);
        if (!sinks.isEmpty()) progress.stage("sinks");
        return runner.deliver(runId, today, salt);
    }

    private List<String> delivered(GraphRunner runner, String runId, LocalDate today, String salt, LakeLock lock) {
        return lines(sinkRuns(runner, runId, today, salt, lock));
    }

    /** The sinks' lines for the run's summary. */
    private static List<String> lines(List<GraphRunner.SinkRun> runs) {
        return runs.stream().map(GraphRunner.SinkRun::line).filter(java.util.Objects::nonNull).toList();
    }

    /** Rows of a table by one column's values (empty when the table does not exist). */
    private Map<String, Long> countBy(String table, String column) {
        Map<String, Long> out = new TreeMap<>();
        if (lake.exists(table)) {
            for (Row r : lake.read(table).groupBy(column).count().collectAsList()) out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }
}
