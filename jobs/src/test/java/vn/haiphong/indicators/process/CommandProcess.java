package vn.haiphong.indicators.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line ({@code cli.Main}) as a separate JVM, the way {@code bin/city-indicators} runs it: for tests
 * of what only whole processes show (two nights at once, {@code kill -9}, a cluster). Output goes to a log file
 * the test can watch.
 */
public final class CommandProcess implements AutoCloseable {
    /** Small test nights: no publish or report (their own tests turn them on); expressions are interpreted by the night itself. */
    public static final String SMALL_NIGHT_CONF = "publish.url=off\nreport.enabled=false\n";

    private final Process process;
    private final Path log;

    private CommandProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The project's classes plus its runtime dependencies (written by the build before the tests). */
    public static String classpath() {
        try {
            String deps = Files.readString(Path.of("target/process-classpath.txt"), StandardCharsets.UTF_8).trim();
            return Path.of("target/classes").toAbsolutePath() + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException("target/process-classpath.txt is written by mvn generate-test-resources", e);
        }
    }

    /** The JVM options bin/city-indicators passes (module opens Spark needs on Java 17). */
    public static List<String> jvmOptions() {
        String opens = System.getProperty("spark.jvm.opens", "");
        List<String> out = new ArrayList<>();
        for (String o : opens.split("\\s+")) if (!o.isBlank()) out.add(o);
        return out;
    }

    public static CommandProcess start(Path work, String name, Map<String, String> env, String... args) {
        return start(work, name, env, List.of(), args);
    }

    public static CommandProcess start(Path work, String name, Map<String, String> env, List<String> extraJvm, String... args) {
        // the launcher's logging: Spark's INFO lines (thousands a night) stay out, as in bin/city-indicators
        List<String> jvm = new ArrayList<>(List.of("-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath().normalize()));
        jvm.addAll(extraJvm);
        return startClass(work, name, env, jvm, "vn.haiphong.indicators.cli.Main", args);
    }

    /** Any main class of the classpath (a Spark Master or Worker, say) as a separate JVM. */
    public static CommandProcess startClass(Path work, String name, Map<String, String> env, List<String> extraJvm,
                                            String mainClass, String... args) {
        try {
            Files.createDirectories(work);
            Path conf = work.resolve("small-night.properties");
            if (!Files.exists(conf)) Files.writeString(conf, SMALL_NIGHT_CONF);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
            // their inboxes are small: the JIT bin/city-indicators gives a small inbox's night (cli.JitChoice); a small
            // test night took 42.1 and 43.7 s (75 and 79 s of CPU) with both compilers, 30.1 and 31.9 s (45, 48 s) so
            cmd.addAll(vn.haiphong.indicators.cli.JitChoice.CLIENT_ONLY);
            cmd.addAll(jvmOptions());
            cmd.addAll(extraJvm);
            cmd.addAll(List.of("-cp", classpath(), mainClass));
            cmd.addAll(Arrays.asList(args));
            Path log = work.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CITY_INDICATORS_CONF", conf.toString());
            pb.environment().putAll(env);
            return new CommandProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    /** Waits for the process to end and returns its exit status. */
    public int waitFor(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process did not finish within " + limit + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the output contains {@code text}; false if the process ended or the time ran out first. */
    public boolean awaitOutput(String text, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (output().contains(text)) return true;
            if (!process.isAlive()) return output().contains(text);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** SIGTERM, as Ctrl-C or a service manager stops it: the JVM runs its shutdown hooks; waits up to a minute. */
    public void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: the JVM gets no chance to clean up. */
    public void kill() {
        try {
            new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).start().waitFor();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
