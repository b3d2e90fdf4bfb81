package vn.haiphong.indicators.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
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
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.samples.SampleGenerator;

/** Entry point of {@code bin/city-indicators} and of {@code spark-submit --class ...cli.Main}. */
@Command(name = "city-indicators", mixinStandardHelpOptions = true, version = "city-indicators 0.1.0",
        description = {"Hai Phong's nightly indicators pipeline: departments' extracts -> Delta lake -> marts -> criteria scorecard.",
                "", "With no settings everything runs locally on the lake folder inside the checkout.",
                "Environment: CITY_INDICATORS_LAKE, CITY_INDICATORS_INBOX, CITY_INDICATORS_CONF (site properties),",
                "CITY_INDICATORS_PSEUDONYM_KEY (required for any lake but the embedded default),",
                "CITY_INDICATORS_CRITERIA (a site catalog of criteria on top of the built-in one),",
                "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for s3a:// lakes."},
        subcommands = {Main.Run.class, Main.Accept.class, Main.Export.class, Main.Generate.class, CommandLine.HelpCommand.class},
        footer = {"", "The benchmark, `bin/city-indicators bench`, is built only by the launcher (Maven profile 'bench')."})
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

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, inbox);
            PipelineConfig.PseudonymKey key = config.pseudonymKey();
            // read before anything starts: a bad line of a site catalog stops the night here
            CriteriaCatalog catalog = CriteriaCatalog.load(config.criteriaFile());
            String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                    + "-" + UUID.randomUUID().toString().substring(0, 6);
            ConsoleProgress progress = new ConsoleProgress(System.err);
            progress.stage("start run " + runId + " (lake " + config.lake() + ", inbox " + config.inbox() + ")");
            try (SparkSession spark = SparkSessions.create(config, "city-indicators run")) {
                NightlyJob.Outcome outcome = new NightlyJob(new Lake(spark, config.lake()), progress, config.parallelism(), catalog)
                        .run(config.inbox(), new Pseudonymizer(key.bytes()), runId, rebuild,
                                waitForLock ? java.time.Duration.ofHours(12) : java.time.Duration.ZERO);
                System.out.print(RunSummary.render(runId, config, key.development(), outcome, progress));
            }
            return 0;
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
                    "'.' decimals, ISO dates, rows in key order; and to OUT/parquet/<table>/ with its types (pandas, DuckDB, R)."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators export")) {
                Map<String, Long> written = CsvExport.exportAll(new Lake(spark, config.lake()), LakeTables.load().exported(), out);
                if (written.isEmpty()) {
                    System.err.println("error: no tables in lake " + config.lake() + " (run the night first)");
                    return 1;
                }
                written.forEach((t, n) -> System.out.printf("%-34s %,10d rows -> %s%n", t, n, out.resolve(t + ".csv")));
            }
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write a synthetic inbox: the small realistic samples (data-samples/), or one city-scale month",
                    "(about 4.4 million card rows, 114 communes) for benchmarks."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Inbox folder to write.")
        Path out;
        @Option(names = "--scale", defaultValue = "sample", description = "sample or city (default: ${DEFAULT-VALUE}).")
        String scale;
        @Option(names = "--month", defaultValue = "2026-03", description = "Month of the city-scale files (default: ${DEFAULT-VALUE}).")
        String month;
        @Option(names = "--seed", defaultValue = "20260101", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            SampleGenerator g = new SampleGenerator(seed);
            var files = scale.equals("city") ? g.writeCityMonth(out, java.time.YearMonth.parse(month), true)
                    : g.writeSamples(out);
            files.forEach((f, rows) -> System.out.printf("%-60s %,10d rows%n", f, rows));
            return 0;
        }
    }
}
