package vn.haiphong.indicators.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.export.CsvExport;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.LakeLock;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.publish.PublishJob;
import vn.haiphong.indicators.publish.StarSchema;
import vn.haiphong.indicators.reference.Communes;
import vn.haiphong.indicators.report.ReportPage;

/** Entry point of {@code bin/city-indicators} and of {@code spark-submit --class ...cli.Main}. */
@Command(name = "city-indicators", mixinStandardHelpOptions = true, version = "city-indicators 0.1.0",
        description = {"Hai Phong's nightly indicators pipeline: departments' extracts -> Delta lake -> marts -> criteria scorecard.",
                "", "With no settings everything runs locally on the lake folder inside the checkout.",
                "Environment: CITY_INDICATORS_LAKE, CITY_INDICATORS_INBOX, CITY_INDICATORS_CONF (site properties),",
                "CITY_INDICATORS_PSEUDONYM_KEY (required for any lake but the embedded default),",
                "CITY_INDICATORS_CRITERIA (a site catalog of criteria on top of the built-in one),",
                "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for s3a:// lakes,",
                "CITY_INDICATORS_PUBLISH_URL / _USER / _PASSWORD: the PostgreSQL the night publishes to (default: embedded; 'off')."},
        subcommands = {Main.Run.class, Main.Accept.class, Main.Export.class, Main.Publish.class, Main.Serve.class, Main.Report.class,
                EditionCommand.class, Main.JvmOptions.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Not in this jar: the benchmark (bin/city-indicators bench) and the test fixtures' tools",
                "(bin/city-indicators generate, soak); the launcher runs them from the bench and test builds."})
public final class Main implements Runnable {

    /** Exit status of a run refused because another holds the lake (EX_TEMPFAIL: try again later). */
    public static final int BUSY = 75;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((ex, cl, parse) -> {
            cl.getErr().println("error: " + ex.getMessage());
            if (System.getenv("CITY_INDICATORS_DEBUG") != null) ex.printStackTrace(cl.getErr());
            return ex instanceof LakeLock.Busy ? BUSY : 2;
        });
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the night: ingest new files of the inbox into bronze Delta tables (bad rows to ops_quarantine),",
                    "conform to silver, rebuild the marts and the criteria scorecard, then print a summary.",
                    "Running it again with nothing new changes nothing."})
    static final class Run implements Callable<Integer> {
        @Option(names = "--inbox", paramLabel = "DIR", description = "Inbox laid out as in the extracts contract (default: data-samples/inbox).")
        String inbox;
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path, a folder or s3a://bucket/prefix (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--rebuild", description = "Rebuild silver and marts even where inputs did not change (after a logic change).")
        boolean rebuild;
        @Option(names = "--wait", description = "When another night (or publish) holds the lake, wait for it (up to 12 hours) instead of refusing.")
        boolean waitForLock;
        @Option(names = "--no-publish", description = "Do not publish to the database for BI after the night (bin/city-indicators publish does it later).")
        boolean noPublish;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, inbox);
            PipelineConfig.PseudonymKey key = config.pseudonymKey();
            // read before anything starts: a bad line of a site catalog stops the night here
            CriteriaCatalog catalog = catalog(config);
            String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                    + "-" + UUID.randomUUID().toString().substring(0, 6);
            ConsoleProgress progress = new ConsoleProgress(System.err);
            progress.stage("start run " + runId + " (lake " + config.lake() + ", inbox " + config.inbox() + ")");
            progress.step(JitChoice.running());
            try (SparkSession spark = SparkSessions.create(config, "city-indicators run")) {
                NightlyJob.Outcome outcome = NightlyJob.configured(new Lake(spark, config.lake()), config, catalog, progress, !noPublish)
                        .run(config.inbox(), new Pseudonymizer(key.bytes()), runId, rebuild,
                                waitForLock ? java.time.Duration.ofHours(12) : java.time.Duration.ZERO);
                System.out.print(RunSummary.render(runId, config, key.development(), outcome, progress));
            }
            return 0;
        }
    }

    /**
     * The JVM options a {@code run} with these arguments should start with ({@link JitChoice}), on one line: asked by
     * bin/city-indicators before it starts the night's JVM; those of a large night when in doubt, and with
     * {@code --large-night} (the benchmark's JVM, whose city night runs inside it).
     */
    @Command(name = "jvm-options", hidden = true)
    static final class JvmOptions implements Callable<Integer> {
        @Option(names = "--inbox") String inbox;
        @Option(names = "--lake") String lake;
        @Option(names = "--large-night") boolean largeNight;
        @CommandLine.Unmatched List<String> others; // the run's other arguments: not this command's business
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, inbox);
            spec.commandLine().getOut().println(String.join(" ", largeNight ? JitChoice.BOTH
                    : JitChoice.forNight(config.inbox(), config.lake(), config.interpretBelowBytes())));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The criteria the lake is scored on: the built-in catalog, a site catalog on top, the band of approximate targets. */
    static CriteriaCatalog catalog(PipelineConfig config) {
        return CriteriaCatalog.load(config.criteriaFile()).withApproxTolerance(config.approxTolerancePct());
    }

    /** Whether the lake has its gold tables; says so on stderr when not. */
    static boolean hasGold(Lake lake) {
        if (lake.exists(TableNames.MART_SCORECARD)) return true;
        System.err.println("error: no gold tables in lake " + lake.base() + " (run the night first)");
        return false;
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Publish the lake's gold tables to the database for BI tools: a star schema (facts, dim_area, dim_period,",
                    "dim_model, dim_criterion, dim_target, data_dictionary) in schema city_indicators, disclosure-controlled, switched",
                    "atomically; city_indicators_meta.publish_log says when. The same lake versions are not published twice.",
                    "Target: CITY_INDICATORS_PUBLISH_URL / _USER / _PASSWORD, else the embedded PostgreSQL beside the lake."})
    static final class Publish implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--wait", description = "When a night holds the lake, wait for it (up to 12 hours) instead of refusing.")
        boolean waitForLock;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            CriteriaCatalog catalog = catalog(config);
            String runId = "publish-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
            ConsoleProgress progress = new ConsoleProgress(System.err);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators publish")) {
                Lake lake = new Lake(spark, config.lake());
                if (!hasGold(lake)) return 1;
                Communes communes = Communes.load();
                System.out.println(PublishJob.publishLine(lake, config, new LakeTables(ExtractSpec.loadAll(), communes, catalog).all(),
                        catalog, communes, new StarSchema.Thresholds(config.publishMinCount(), config.publishMinRateNumerator()),
                        runId, waitForLock ? java.time.Duration.ofHours(12) : java.time.Duration.ZERO, progress));
            }
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Write the morning report of the lake to OUT/index.html: one self-contained page (opens offline from disk),",
                    "in Vietnamese with an English switch: targets per model, each criterion's chart with target and forecast fan,",
                    "communes against this year's targets, the commune ranking, data freshness, quarantine and alerts.",
                    "Every night also writes it to <lake>/" + ReportPage.IN_LAKE + "."})
    static final class Report implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            CriteriaCatalog catalog = catalog(config);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators report")) {
                Lake l = new Lake(spark, config.lake());
                if (!hasGold(l)) return 1;
                java.nio.file.Files.createDirectories(out);
                Path page = out.resolve("index.html").toAbsolutePath();
                int charted = ReportPage.write(l, catalog, page.toUri().toString());
                System.out.println("report: " + page + " (" + charted + " criteria charted)");
            }
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Keep the embedded PostgreSQL of the lake listening on 127.0.0.1 for psql and BI tools (Superset,",
                    "Metabase, Power BI, Excel) and print its connection string, until Ctrl-C. Nights publish into it meanwhile."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Local lake path (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--port", paramLabel = "PORT", description = "Port (default: publish.embedded_port, 54329).")
        Integer port;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            java.nio.file.Path home = PublishJob.embeddedHome(config.lake());
            vn.haiphong.indicators.publish.EmbeddedPostgres pg = vn.haiphong.indicators.publish.EmbeddedPostgres.start(home,
                    port != null ? port : config.embeddedPort());
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (java.io.IOException e) {
                    System.err.println("error: stopping PostgreSQL: " + e.getMessage());
                }
                stopped.countDown();
            }));
            String last;
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.owner().user(), pg.owner().password())) {
                last = lastUpdated(c);
            }
            var reader = pg.reader();
            System.out.println("PostgreSQL " + (pg.attached() ? "(already running) " : "") + "serving lake " + config.lake()
                    + " (cluster " + vn.haiphong.indicators.publish.EmbeddedPostgres.cluster(home) + ")");
            System.out.println("Read-only role " + reader.user() + "; its password is the last field of " + reader.passFile()
                    + " (readable by you only; psql and the notebooks read it there through PGPASSFILE)");
            System.out.println("  psql:      PGPASSFILE=" + reader.passFile() + " psql \"postgresql://" + reader.user() + "@127.0.0.1:"
                    + pg.port() + "/postgres\"");
            System.out.println("  JDBC:      " + pg.jdbcUrl() + "  (user " + reader.user() + ", password from the file; loopback only)");
            System.out.println("  BI tools:  host 127.0.0.1, port " + pg.port() + ", database postgres, user " + reader.user()
                    + ", password from the file, schema city_indicators");
            System.out.println("  notebooks: CITY_INDICATORS_DB_URL=postgresql+psycopg://" + reader.user() + "@127.0.0.1:" + pg.port()
                    + "/postgres PGPASSFILE=" + reader.passFile());
            System.out.println("  " + last);
            System.out.println("Ctrl-C to stop.");
            System.out.flush();
            if (pg.attached()) return 0; // another process serves it; nothing to keep running here
            stopped.await();
            return 0;
        }

        private static String lastUpdated(java.sql.Connection c) throws java.sql.SQLException {
            if (vn.haiphong.indicators.publish.Publisher.lastPublished(c) == null) {
                return "nothing published yet: run the night (bin/city-indicators run) or bin/city-indicators publish";
            }
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT max(published_at) FROM "
                    + vn.haiphong.indicators.publish.Publisher.META + ".publish_log")) {
                r.next();
                return "last published: " + r.getTimestamp(1).toInstant();
            }
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = {"Accept a held delivery (a correction with no data rows, or fewer than half the rows of the",
                    "delivery it replaces): it comes into force, the earlier delivery is superseded, and the next night",
                    "rebuilds the tables from it. FILE is the held file's name, or folder/name."})
    static final class Accept implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;
        @CommandLine.Parameters(paramLabel = "FILE", description = "The held file, e.g. bhyt/bhyt_the_2026-10_v4.csv")
        String file;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            String owner = "accept-" + UUID.randomUUID().toString().substring(0, 6);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators accept");
                 LakeLock lock = LakeLock.acquire(config.lake(), spark.sparkContext().hadoopConfiguration(), owner, "accept",
                         java.time.Duration.ofMinutes(5), java.time.Duration.ZERO, System.err::println)) {
                IngestJob.FileOutcome accepted = IngestJob.accept(new Lake(spark, config.lake()), file,
                        System.getProperty("user.name", "unknown"), java.time.Instant.now());
                System.out.printf("accepted %s/%s (%,d rows): now %s%s. The next night (bin/city-indicators run) rebuilds the tables from it.%n",
                        accepted.source(), accepted.fileName(), accepted.rowsAccepted(), accepted.status(),
                        accepted.supersededBy() == null ? "" : " by " + accepted.supersededBy());
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write every mart and ops table to OUT/<table>.csv: one file each, header line, UTF-8,",
                    "'.' decimals, ISO dates, rows in key order; and to OUT/parquet/<table>/ with its types (pandas, DuckDB, R).",
                    "A table unchanged since its last export to OUT is left as it is."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators export")) {
                CsvExport.Exported exported = CsvExport.export(new Lake(spark, config.lake()), LakeTables.load().exported(), out);
                if (exported.written().isEmpty() && exported.unchanged().isEmpty()) {
                    System.err.println("error: no tables in lake " + config.lake() + " (run the night first)");
                    return 1;
                }
                exported.written().forEach((t, n) -> System.out.printf("%-34s %,10d rows -> %s%n", t, n, out.resolve(t + ".csv")));
                if (!exported.unchanged().isEmpty()) {
                    System.out.println(exported.unchanged().size() + " tables unchanged since their last export to " + out);
                }
            }
            return 0;
        }
    }
}
