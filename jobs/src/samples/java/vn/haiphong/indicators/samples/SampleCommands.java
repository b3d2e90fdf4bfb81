package vn.haiphong.indicators.samples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.haiphong.indicators.cli.Main;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.soak.NightModel;
import vn.haiphong.indicators.soak.Soak;

/**
 * The test fixtures' tools, {@code bin/city-indicators generate} and {@code bin/city-indicators soak}. They live with
 * the generator, outside the production jar: the launcher runs them from the test build's classes.
 */
@Command(name = "city-indicators", mixinStandardHelpOptions = true,
        description = "Test fixtures' tools: synthetic inboxes and long random sequences of nights.",
        subcommands = {SampleCommands.Generate.class, SampleCommands.SoakCommand.class, CommandLine.HelpCommand.class})
public final class SampleCommands implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SampleCommands()).setExecutionExceptionHandler((ex, cl, parse) -> {
            cl.getErr().println("error: " + ex.getMessage());
            return 2;
        });
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
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

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"Run a long random sequence of nights on one lake and check, after every night, what must always hold:",
                    "the night ends normally (held and rejected files are recorded, never fatal); rows read = accepted +",
                    "quarantined for every file; no delivery or key recorded twice; the marts equal those of a fresh lake fed",
                    "the deliveries in force. Some nights are killed (kill -9) at a random point and run again. A failure is",
                    "shrunk to a short sequence that reproduces it, printed night by night. The same seed draws the same nights."})
    static final class SoakCommand implements Callable<Integer> {
        @Option(names = "--nights", defaultValue = "50", description = "Nights in the sequence (default: ${DEFAULT-VALUE}).")
        int nights;
        @Option(names = "--seed", defaultValue = "1", description = "Seed of the sequence (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--kill-share", defaultValue = "0.08", description = "Share of nights killed and rerun (default: ${DEFAULT-VALUE}).")
        double killShare;
        @Option(names = "--work", paramLabel = "DIR", description = "Scratch folder for the lakes (default: a new temporary folder, removed after).")
        Path work;
        @Option(names = "--shrink-tries", defaultValue = "40", description = "Sequences tried while shrinking a failure (default: ${DEFAULT-VALUE}).")
        int shrinkTries;
        @Option(names = "--resume-at", paramLabel = "NIGHT", defaultValue = "1", description = {
                "Go on from this night on the lake in --work, which this seed's sequence took through the nights before it",
                "(a soak stopped by a restart; the night it stopped in runs again). Default: a fresh lake."})
        int resumeAt;

        @Override
        public Integer call() throws Exception {
            Path dir = work != null ? work : java.nio.file.Files.createTempDirectory("city-indicators-soak-");
            // the soak's own key: its lakes are scratch, and the key is handed to its child nights only
            String key = "soak-key-" + seed + "-not-a-secret";
            PipelineConfig config = PipelineConfig.load(Map.of("CITY_INDICATORS_PSEUDONYM_KEY", key), dir.resolve("lake").toString(), null);
            List<NightModel.Night> sequence =
                    new NightModel(seed, killShare, true).nights(nights);
            System.out.printf("soak: %d nights, seed %d, kill share %.2f, work %s%n", nights, seed, killShare, dir);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators soak")) {
                var soak = new Soak(spark, dir, key, childCommand(), System.out);
                if (resumeAt > 1 && work == null) throw new IllegalArgumentException("--resume-at needs the --work folder of the stopped soak");
                var r = soak.run(sequence, resumeAt);
                System.out.printf("soak: %d nights, %d files delivered, %d nights killed and rerun, %d failures, %.1f s (seed %d)%n",
                        r.nights(), r.files(), r.kills(), r.failure() == null ? 0 : 1, r.seconds(), seed);
                if (r.failure() == null) return 0;
                System.out.println("FAILED after night " + r.failure().night() + ": " + r.failure().what());
                System.out.println("shrinking (at most " + shrinkTries + " sequences)...");
                var shortest = soak.shrink(sequence.subList(0, r.failure().night()), shrinkTries);
                System.out.println("shortest failing sequence found (" + shortest.size() + " nights):");
                System.out.print(Soak.describe(shortest));
                return 1;
            } finally {
                if (work == null) org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
            }
        }

        /** This JVM's command line for a child night: the same java, options and classpath, the command line's class. */
        static List<String> childCommand() {
            List<String> cmd = new java.util.ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-XX:SharedArchiveFile") && !a.startsWith("-XX:ArchiveClassesAtExit")) cmd.add(a);
            }
            cmd.add("-Xmx2g"); // a soak night's inbox is tiny
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            return cmd;
        }
    }
}
