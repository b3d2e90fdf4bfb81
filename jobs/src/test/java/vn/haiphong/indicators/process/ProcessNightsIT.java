package vn.haiphong.indicators.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.cli.Main;
import vn.haiphong.indicators.export.CsvExport;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.ingest.ContractRules;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * Nights as whole processes, as an operator runs them: two at once on one lake, and nights killed with
 * {@code kill -9} at several points and rerun. Each lake's exports must equal those of one uninterrupted night.
 */
class ProcessNightsIT extends SparkTestBase {
    static final String KEY = "process-test-key-0123456789";
    static final Map<String, String> ENV = Map.of("CITY_INDICATORS_PSEUDONYM_KEY", KEY);
    /** What differs between two runs of the same night by design: the run and when it ran. */
    static final Set<String> RUN_COLUMNS = Set.of("run_id", "ingested_at", "quarantined_at");

    @TempDir static Path shared;
    static Path inbox;
    static Map<String, List<String>> reference;

    @BeforeAll
    static void oneUninterruptedNight() throws IOException {
        inbox = SmallInbox.write(shared.resolve("inbox"));
        Lake lake = new Lake(spark(), shared.resolve("reference-lake").toString());
        new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)), "reference", false);
        reference = exports(lake, shared.resolve("reference-export"));
    }

    /** Every exported table as lines, without the run's own columns. */
    static Map<String, List<String>> exports(Lake lake, Path out) throws IOException {
        lake.refresh();
        CsvExport.export(lake, LakeTables.load().exported(), out);
        Map<String, List<String>> tables = new TreeMap<>();
        try (var files = Files.list(out)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) { // the Parquet copies are a folder beside
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                List<String> header = ContractRules.fields(lines.get(0));
                List<String> kept = new ArrayList<>();
                for (String line : lines) {
                    List<String> cells = ContractRules.fields(line);
                    List<String> keep = new ArrayList<>();
                    for (int i = 0; i < header.size(); i++) if (!RUN_COLUMNS.contains(header.get(i))) keep.add(cells.get(i));
                    kept.add(String.join("|", keep));
                }
                tables.put(f.getFileName().toString(), kept);
            }
        }
        return tables;
    }

    static void assertSameExports(String context, Map<String, List<String>> actual) {
        assertEquals(reference.keySet(), actual.keySet(), context + ": tables");
        for (String table : reference.keySet()) {
            List<String> want = reference.get(table), got = actual.get(table);
            for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                String w = i < want.size() ? want.get(i) : "<none>", g = i < got.size() ? got.get(i) : "<none>";
                assertEquals(w, g, context + ": " + table + " line " + (i + 1));
            }
        }
    }

    static CommandProcess night(Path work, String name, Path lake, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--lake", lake.toString(), "--inbox", inbox.toString()));
        args.addAll(List.of(extra));
        return CommandProcess.start(work, name, ENV, args.toArray(String[]::new));
    }

    @Test
    void twoNightsStartedTogetherOrOneDuringTheOtherLeaveTheLakeOfOneNight(@TempDir Path work) throws Exception {
        Path lake = work.resolve("lake");
        try (CommandProcess a = night(work, "a", lake); CommandProcess b = night(work, "b", lake)) {
            // started together: one takes the lake, the other refuses at once naming it
            CommandProcess running;
            CommandProcess refused;
            while (true) {
                if (!a.isAlive()) { refused = a; running = b; break; }
                if (!b.isAlive()) { refused = b; running = a; break; }
                Thread.sleep(100);
            }
            assertEquals(Main.BUSY, refused.waitFor(Duration.ofMinutes(2)), "one refuses:\n" + a.output() + "\n" + b.output());
            assertTrue(refused.output().contains("error: lake " + lake + " is in use by night "), refused.output());
            assertTrue(running.isAlive(), "the other still runs:\n" + running.output());
            // later, once the first is into its tables: refused again; with --wait, it waits and then finds everything done
            assertTrue(running.awaitOutput("== tables", Duration.ofMinutes(3)), running.output());
            try (CommandProcess later = night(work, "later", lake); CommandProcess waiting = night(work, "waiting", lake, "--wait")) {
                assertEquals(Main.BUSY, later.waitFor(Duration.ofMinutes(2)), later.output());
                assertEquals(0, running.waitFor(Duration.ofMinutes(5)), running.output());
                // a sample night prints none of Spark's warnings a user can do nothing about
                for (String noise : List.of("resolves to a loopback address", "SPARK_LOCAL_IP", "task of very large size",
                        "Broadcasting large task binary", "Truncated the string representation", "already exists on this machine")) {
                    assertFalse(running.output().contains(noise), noise + ":\n" + running.output());
                }
                assertEquals(0, waiting.waitFor(Duration.ofMinutes(5)), waiting.output());
                assertTrue(waiting.output().contains("waiting for night "), waiting.output());
                assertTrue(waiting.output().contains("files: 0 new"), "the next night works and finds everything done:\n" + waiting.output());
            }
        }
        assertSameExports("two nights at once", exports(new Lake(spark(), lake.toString()), work.resolve("export")));
    }

    @Test
    void nightsKilledDuringIngestBronzeAndMartsCompleteOnRerun(@TempDir Path work) throws Exception {
        Path lake = work.resolve("lake");
        // Each kill lands later in the night; each rerun starts from what the killed one left.
        String[][] killPoints = {
                {"during ingest", "ingest: inbox "},
                {"during a bronze write", "written ("},
                {"during the marts", "tables: silver_"}};
        for (String[] point : killPoints) {
            try (CommandProcess p = night(work, "killed-" + point[0].replace(' ', '-'), lake)) {
                // a killed night recorded no file, so every rerun passes through each point again
                assertTrue(p.awaitOutput(point[1], Duration.ofMinutes(3)), "reached " + point[0] + ":\n" + p.output());
                p.kill();
            }
        }
        try (CommandProcess last = night(work, "rerun", lake)) {
            assertEquals(0, last.waitFor(Duration.ofMinutes(5)), last.output());
            assertTrue(last.output().contains("taking over the lake lock of night ") && last.output().contains("no longer exists"),
                    "the killed night's lease is taken over at once:\n" + last.output());
            // nothing set explicitly: the night chose interpreted expressions itself for its few new files
            assertTrue(last.output().contains("expressions interpreted (new files "), "the night's choice of expression mode:\n" + last.output());
        }
        assertTrue(!Files.exists(lake.resolve("_city_indicators/lock.json")), "released at the end");
        assertSameExports("after kill -9 and rerun", exports(new Lake(spark(), lake.toString()), work.resolve("export")));
    }

    /**
     * A real standalone cluster, as Spark's standalone mode documents it: a Master and a Worker as their own
     * processes on 127.0.0.1, started from the Maven classpath; the night's driver connects with the settings
     * spark-submit would pass ({@code --master spark://...}, the project jar shipped to the executors) and
     * writes a local lake that must equal a local night's.
     */
    @Test
    void theNightOnAStandaloneClusterEqualsTheLocalNight(@TempDir Path work) throws Exception {
        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        Path sparkHome = Files.createDirectories(work.resolve("spark-home"));
        // The Worker builds each executor's command from SPARK_HOME; without a distribution's jars folder it
        // needs the Scala version named and testing mode (the executor classpath comes from extraClassPath).
        Map<String, String> clusterEnv = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_TESTING", "1", "SPARK_LOCAL_IP", "127.0.0.1");
        Path jar = projectJar(work.resolve("city-indicators-jobs.jar"));
        String deps = Files.readString(Path.of("target/process-classpath.txt"), StandardCharsets.UTF_8).trim();
        try (CommandProcess m = CommandProcess.startClass(work, "master", clusterEnv, List.of("-Xmx512m"),
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
                "--webui-port", String.valueOf(freePort()));
             CommandProcess w = CommandProcess.startClass(work, "worker", clusterEnv, List.of("-Xmx512m"),
                "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                "--webui-port", String.valueOf(freePort()), "--work-dir", work.resolve("worker").toString(), master)) {
            assertTrue(m.awaitOutput("Registering worker", Duration.ofMinutes(2)), "worker registered:\n" + m.output() + "\n" + w.output());
            Path conf = work.resolve("cluster.properties");
            Files.writeString(conf, CommandProcess.SMALL_NIGHT_CONF + String.join("\n",
                    "spark.master=" + master,
                    "spark.jars=" + jar,
                    "spark.driver.host=127.0.0.1",
                    "spark.driver.bindAddress=127.0.0.1",
                    "spark.executor.memory=1g",
                    "spark.cores.max=2",
                    "spark.executor.extraClassPath=" + deps,
                    "spark.executor.extraJavaOptions=" + String.join(" ", vn.haiphong.indicators.cli.JitChoice.CLIENT_ONLY) + " "
                            + String.join(" ", CommandProcess.jvmOptions()), ""));
            Path lake = work.resolve("lake");
            Map<String, String> env = new java.util.HashMap<>(ENV);
            env.put("CITY_INDICATORS_CONF", conf.toString());
            try (CommandProcess driver = CommandProcess.start(work, "driver", env, "run", "--lake", lake.toString(), "--inbox", inbox.toString())) {
                assertEquals(0, driver.waitFor(Duration.ofMinutes(8)), driver.output() + "\nworker:\n" + w.output());
            }
            assertTrue(m.output().contains("Registering app city-indicators run"), "the night ran as an application of the cluster:\n" + m.output());
            try (var executors = Files.walk(work.resolve("worker"))) {
                assertTrue(executors.anyMatch(f -> f.getFileName().toString().equals("stderr")), "the Worker launched executors");
            }
            assertSameExports("standalone cluster", exports(new Lake(spark(), lake.toString()), work.resolve("export")));
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The project's jar, as {@code mvn package} makes it (tests run before the package phase). */
    static Path projectJar(Path jar) throws IOException {
        Path classes = Path.of("target/classes");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
