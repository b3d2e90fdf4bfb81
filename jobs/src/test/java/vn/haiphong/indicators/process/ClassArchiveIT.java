package vn.haiphong.indicators.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing ({@code bin/class-archive.sh}, sourced by {@code bin/city-indicators}): which JVM
 * options each command gets, when a recording is kept, and that a JVM started with those options really records an
 * archive and then loads the project's classes from it.
 */
class ClassArchiveIT {
    static final Path SCRIPT = Path.of("../bin/class-archive.sh").toAbsolutePath();
    static final String QUIET = "-Xlog:cds*=off";

    /** Output lines of a bash that sourced the script and ran {@code body} with {@code args} as $1, $2, ... */
    static List<String> bash(Map<String, String> env, String body, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; . '" + SCRIPT + "'; " + body, "bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CITY_INDICATORS_CLASS_ARCHIVE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "bash: " + body + "\n" + out);
        return out.lines().toList();
    }

    /** The options and the recording path the launcher would use for {@code command}. */
    static List<String> flags(Map<String, String> env, Path archive, Path built, String command) throws Exception {
        return bash(env, "class_archive_flags \"$1\" \"$2\" \"$3\"; for f in \"${CLASS_ARCHIVE_FLAGS[@]}\"; do echo \"$f\"; done; "
                + "echo \"recording=$CLASS_ARCHIVE_RECORDING\"", archive.toString(), built.toString(), command);
    }

    static void keep(Path recording, Path archive, int status) throws Exception {
        bash(Map.of(), "class_archive_keep \"$1\" \"$2\" \"$3\"", recording.toString(), archive.toString(), String.valueOf(status));
    }

    static void touch(Path file, Instant at) throws IOException {
        if (!Files.exists(file)) Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(at));
    }

    @Test
    void aRunRecordsTheArchiveLaterCommandsMapItAndABuildMakesItStale(@TempDir Path dir) throws Exception {
        Path built = dir.resolve("city-indicators-jobs.jar"); // what a build rewrites
        Path archive = dir.resolve("city-indicators.jsa");
        Instant buildTime = Instant.now().minusSeconds(600);
        touch(built, buildTime);

        List<String> run = flags(Map.of(), archive, built, "run");
        assertEquals(3, run.size(), "no archive yet, a night records one: " + run);
        String recording = run.get(2).substring("recording=".length());
        assertTrue(recording.matches(java.util.regex.Pattern.quote(archive.toString()) + "\\.\\d+\\.recording"), recording);
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + recording, QUIET), run.subList(0, 2));
        assertEquals(List.of("recording="), flags(Map.of(), archive, built, "export"),
                "no archive yet, any other command runs without one and records none");

        touch(archive, buildTime.plusSeconds(60));
        List<String> mapped = List.of("-XX:SharedArchiveFile=" + archive, QUIET, "recording=");
        assertEquals(mapped, flags(Map.of(), archive, built, "export"), "an archive newer than the build is mapped");
        assertEquals(mapped, flags(Map.of(), archive, built, "run"), "by a night too, which then records nothing");

        touch(built, buildTime.plusSeconds(120)); // a build after the archive
        assertEquals(List.of("recording="), flags(Map.of(), archive, built, "export"), "a stale archive (older than the jar a build rewrote) is not mapped");
        assertTrue(flags(Map.of(), archive, built, "run").get(0).startsWith("-XX:ArchiveClassesAtExit="), "the next night records it again");

        assertEquals(List.of("recording="), flags(Map.of("CITY_INDICATORS_CLASS_ARCHIVE", "off"), archive, built, "run"), "turned off");
    }

    @Test
    void onlyARecordingOfANightThatEndedWellReplacesTheArchive(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("city-indicators.jsa");
        Files.writeString(archive, "old");
        Path failed = dir.resolve("city-indicators.jsa.1.recording");
        Files.writeString(failed, "new");
        keep(failed, archive, 3);
        assertFalse(Files.exists(failed), "a failed night's recording is removed");
        assertEquals("old", Files.readString(archive), "and the archive kept");

        Path empty = dir.resolve("city-indicators.jsa.2.recording");
        Files.createFile(empty);
        keep(empty, archive, 0);
        assertFalse(Files.exists(empty), "an empty recording is removed");
        assertEquals("old", Files.readString(archive));

        Path good = dir.resolve("city-indicators.jsa.3.recording");
        Files.writeString(good, "new");
        keep(good, archive, 0);
        assertFalse(Files.exists(good), "a good recording is moved");
        assertEquals("new", Files.readString(archive), "into the archive's place");
    }

    /** {@code cli.Main --help} in a JVM with these options, its class loading logged. */
    static String help(Path dir, List<String> options) throws IOException, InterruptedException {
        Path jar = dir.resolve("city-indicators-jobs.jar");
        if (!Files.exists(jar)) ProcessNightsIT.projectJar(jar); // CDS archives classes from jars, not from folders
        String deps = Files.readString(Path.of("target/process-classpath.txt"), StandardCharsets.UTF_8).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-Xlog:class+load=info", "-cp", jar + java.io.File.pathSeparator + deps, "vn.haiphong.indicators.cli.Main", "--help"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void theJvmLoadsTheProjectsClassesFromTheArchiveItRecorded(@TempDir Path dir) throws Exception {
        Path built = ProcessNightsIT.projectJar(dir.resolve("city-indicators-jobs.jar")); // as a build left it
        Files.setLastModifiedTime(built, FileTime.from(Instant.now().minusSeconds(600)));
        Path archive = dir.resolve("city-indicators.jsa");
        String fromArchive = "vn.haiphong.indicators.cli.Main source: shared objects file (top)";

        List<String> recordingFlags = flags(Map.of(), archive, built, "run");
        Path recording = Path.of(recordingFlags.get(2).substring("recording=".length()));
        String first = help(dir, recordingFlags.subList(0, 2));
        assertFalse(first.contains(fromArchive), "while recording, classes come from the jars:\n" + first);
        assertFalse(first.contains("[warning][cds"), "the JVM's archiving messages are silenced:\n" + first);
        assertTrue(Files.size(recording) > 0, "the JVM wrote its archive at exit");
        keep(recording, archive, 0);

        List<String> mapped = flags(Map.of(), archive, built, "export");
        assertEquals("-XX:SharedArchiveFile=" + archive, mapped.get(0));
        String second = help(dir, mapped.subList(0, 2));
        assertTrue(second.contains(fromArchive), "the next JVM maps the archive:\n" + second);
    }
}
