package vn.haiphong.indicators.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.graph.ActiveDelivery;
import vn.haiphong.indicators.graph.GraphRunner;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.KeyFingerprint;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.LakeLock;
import vn.haiphong.indicators.lake.Reachability;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/**
 * The night: ingest the inbox (bronze, ops), then let the runner bring every declared table
 * ({@link LakeTables}) up to date with what was delivered. Thin: the figures come from the transformations
 * the declarations name; this class only composes the two steps and reports.
 */
public final class NightlyJob {
    /** Bump when a transformation changes meaning, so that existing derived tables are rebuilt. */
    static final String LOGIC_VERSION = "v4-graph";

    /** What a night did, for the summary. */
    public record Outcome(IngestJob.Result ingest, List<String> periodsConformed, List<String> tablesRebuilt,
                          List<String> tablesUnchanged, Map<String, Long> scorecardStatus, List<GraphRunner.TableRun> tables) { }

    private final Lake lake;
    private final Map<String, ExtractSpec> specs;
    private final Communes communes;
    private final LakeTables tables;
    private final Progress progress;
    private final int parallelism;

    public NightlyJob(Lake lake, Progress progress) {
        this(lake, progress, 2);
    }

    /** @param parallelism how many tables are built at once */
    public NightlyJob(Lake lake, Progress progress, int parallelism) {
        this(lake, progress, parallelism, CriteriaCatalog.load());
    }

    /** @param catalog the criteria scored (the built-in catalog, or it with a site catalog on top) */
    public NightlyJob(Lake lake, Progress progress, int parallelism, CriteriaCatalog catalog) {
        this.lake = lake;
        this.specs = ExtractSpec.loadAll();
        this.communes = Communes.load();
        this.tables = new LakeTables(specs, communes, catalog);
        this.progress = progress;
        this.parallelism = parallelism;
    }

    public Outcome run(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild) {
        return run(inbox, pseudonymizer, runId, rebuild, Duration.ZERO);
    }

    /**
     * The night, holding the lake's lock throughout ({@code lockWait}: how long to wait for a night already
     * running; zero refuses at once, naming it), with the lake's pseudonym key checked before anything is read.
     */
    public Outcome run(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild, Duration lockWait) {
        Reachability.require("lake", lake.base(), lake.spark().sparkContext().hadoopConfiguration());
        Reachability.require("inbox", inbox, lake.spark().sparkContext().hadoopConfiguration());
        try (LakeLock lock = LakeLock.acquire(lake.base(), lake.spark().sparkContext().hadoopConfiguration(), runId, "night",
                LOCK_TTL, lockWait, progress::step)) {
            KeyFingerprint.check(lake.base(), lake.spark().sparkContext().hadoopConfiguration(), pseudonymizer,
                    "CITY_INDICATORS_PSEUDONYM_KEY");
            Outcome o = locked(inbox, pseudonymizer, runId, rebuild, lock);
            stillHeld(lock);
            return o;
        }
    }

    /** How long a night's lease lasts without renewal (renewed every third of it while the night runs). */
    static final Duration LOCK_TTL = Duration.ofMinutes(10);

    private static void stillHeld(LakeLock lock) {
        if (lock.lost() != null) {
            throw new IllegalStateException("this night lost the lake lock (" + lock.lost() + "); its commits stand, "
                    + "but run the night again once the other run is done");
        }
    }

    private Outcome locked(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild, LakeLock lock) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Ho_Chi_Minh"));
        lake.refresh(); // a Lake object may outlive a night; what another process committed since must count
        progress.stage("ingest");
        IngestJob.Result ingest = new IngestJob(lake, specs, communes, pseudonymizer, runId, now, today, progress, parallelism).run(inbox);
        List<ActiveDelivery> active = ingest.active();
        if (active.isEmpty()) {
            progress.step("nothing ingested yet; no tables to build");
            return new Outcome(ingest, List.of(), List.of(), List.of(), Map.of(), List.of());
        }
        stillHeld(lock);
        progress.stage("tables");
        List<GraphRunner.TableRun> runs = new GraphRunner(lake, tables.all(), LOGIC_VERSION, parallelism, progress)
                .run(active, rebuild ? runId : "");
        List<String> rebuilt = new ArrayList<>(), unchanged = new ArrayList<>(), periods = new ArrayList<>();
        for (GraphRunner.TableRun r : runs) {
            if (r.status() == GraphRunner.Status.REBUILT) rebuilt.add(r.table());
            if (r.status() == GraphRunner.Status.UNCHANGED) unchanged.add(r.table());
            if (r.table().equals(LakeTables.SILVER_INSURED)) periods.addAll(r.partitions());
        }
        progress.step(rebuilt.size() + " tables rebuilt, " + unchanged.size() + " unchanged");
        Map<String, Long> status = new TreeMap<>();
        if (lake.exists(LakeTables.MART_SCORECARD)) {
            for (Row r : lake.read(LakeTables.MART_SCORECARD).groupBy("status").count().collectAsList()) {
                status.put(r.getString(0), r.getLong(1));
            }
        }
        return new Outcome(ingest, periods, rebuilt, unchanged, status, runs);
    }
}
