package vn.haiphong.indicators.soak;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.graph.WriteMode;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.publish.EmbeddedPostgres;
import vn.haiphong.indicators.publish.PublishJob;

/**
 * Runs sequences of nights ({@link NightModel}) on one lake and checks, after every night, what must hold whatever was
 * delivered:
 * <ol>
 *   <li>the night ends normally: a held or rejected file is recorded, never fatal (a killed night's rerun included);</li>
 *   <li>every file of the inbox has its row in the delivery ledger, once, and for each file rows read = accepted +
 *       quarantined, as bronze and the quarantine hold them;</li>
 *   <li>no table holds a key twice (the ledger, bronze and the quarantine by file and line, merged silver tables by
 *       their keys, exported tables by their export key);</li>
 *   <li>the marts equal those of a fresh lake fed, in one night, the deliveries in force (night by night == rebuild),
 *       save the delivery calendar's, which records the day each delivery came.</li>
 * </ol>
 * A failing sequence is shrunk to a shorter one that still fails ({@link #shrink}), printed as nights and files.
 *
 * <p>Nights run in this JVM. A killed night first runs as a child process of the command line ({@code childCommand}),
 * killed with {@code kill -9} at its kill point; the night then runs again here, or, after a kill in the publish, as a
 * second child that must end normally and publish.
 */
public final class Soak {
    /** A violated invariant: the night it was seen after (1-based) and what was wrong. */
    public record Failure(int night, String what) { }

    /** What a run of a sequence did. */
    public record Result(int nights, int files, int kills, Failure failure, double seconds) { }

    private final SparkSession spark;
    private final Path work;
    private final Pseudonymizer key;
    private final String keyText;
    private final List<String> childCommand;
    private final PrintStream log;
    private final List<TableDef> tables = LakeTables.load().all();
    private int runs;
    /** Per table, the version last found without a duplicate key: a table not written since needs no new look. */
    private final Map<String, Long> keysChecked = new HashMap<>();
    /** The deliveries in force and mart versions last found equal to a rebuild: the same again needs no new rebuild. */
    private String martsChecked;

    /**
     * @param work a folder for the lakes and inboxes (emptied as sequences start)
     * @param keyText the pseudonym key, for child nights (their environment; never printed)
     * @param childCommand the command that runs {@code cli.Main} in a new JVM (java, its options, -cp, the class)
     * @param log where each night's line goes
     */
    public Soak(SparkSession spark, Path work, String keyText, List<String> childCommand, PrintStream log) {
        this.spark = spark;
        this.work = work.toAbsolutePath();
        this.keyText = keyText;
        this.key = new Pseudonymizer(keyText.getBytes(StandardCharsets.UTF_8));
        this.childCommand = List.copyOf(childCommand);
        this.log = log;
    }

    /** Runs {@code nights} on a fresh lake, checking the invariants after each; stops at the first failure. */
    public Result run(List<NightModel.Night> nights) {
        return run(nights, 1);
    }

    /**
     * Runs {@code nights} from night {@code from} (1-based) on the lake of the work folder's first sequence, which the same
     * sequence has already taken through the nights before it (a soak stopped by a restart of the machine goes on where it
     * was). The earlier nights' files are put back in the inbox, as delivered and removed, without running those nights;
     * their accepts are already in the lake. The night it stopped in runs again, as after a kill.
     */
    public Result run(List<NightModel.Night> nights, int from) {
        long t0 = System.nanoTime();
        Path dir = work.resolve("seq-" + (++runs));
        Path inbox = dir.resolve("inbox");
        Path lakeDir = dir.resolve("lake");
        int files = 0;
        int kills = 0;
        Map<String, byte[]> bytesByChecksum = new HashMap<>();
        keysChecked.clear();
        martsChecked = null;
        try {
            if (from <= 1) FileUtils.deleteDirectory(dir.toFile());
            else if (!Files.isDirectory(lakeDir)) throw new IllegalArgumentException("no lake to go on with in " + lakeDir);
            Files.createDirectories(inbox);
            Lake lake = new Lake(spark, lakeDir.toString());
            NightlyJob job = new NightlyJob(lake, Progress.quiet(), 2);
            for (int i = 0; i < from - 1 && i < nights.size(); i++) {
                for (NightModel.Step step : nights.get(i).steps()) {
                    files += step instanceof NightModel.Deliver ? 1 : 0;
                    if (!(step instanceof NightModel.Accept)) apply(step, inbox, lake, bytesByChecksum);
                }
                kills += nights.get(i).kill() != null ? 1 : 0;
            }
            for (int i = Math.max(0, from - 1); i < nights.size(); i++) {
                NightModel.Night night = nights.get(i);
                long n0 = System.nanoTime();
                List<String> notes = new ArrayList<>();
                for (NightModel.Step step : night.steps()) {
                    files += step instanceof NightModel.Deliver ? 1 : 0;
                    String note = apply(step, inbox, lake, bytesByChecksum);
                    if (note != null) notes.add(note);
                }
                try {
                    if (night.kill() != null) {
                        kills++;
                        notes.add(killed(night.kill(), inbox, lakeDir, dir.resolve("night-" + (i + 1))));
                    }
                    // the rerun after a kill in the publish is a child's, which must publish; any other night runs here
                    if (night.kill() != NightModel.KillPoint.PUBLISH) job.run(inbox.toString(), key, "soak-" + (i + 1), false);
                } catch (RuntimeException e) {
                    return done(i + 1, files, kills, t0, new Failure(i + 1, "the night stopped: " + e));
                }
                long c0 = System.nanoTime();
                String broken = check(lake, inbox, bytesByChecksum, dir.resolve("rebuild-" + (i + 1)));
                log.printf("  night %d: %s -> %s (night %.1f s, checks %.1f s)%s%n", i + 1, night.describe(),
                        broken == null ? "ok" : "FAILED", (c0 - n0) / 1e9, (System.nanoTime() - c0) / 1e9,
                        notes.isEmpty() ? "" : " [" + String.join("; ", notes) + "]");
                if (broken != null) return done(i + 1, files, kills, t0, new Failure(i + 1, broken));
            }
            return done(nights.size(), files, kills, t0, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // a killed night's server outlives it: stopped here, and its data removed with the scratch lake's
            Path home = PublishJob.embeddedHome(lakeDir.toString());
            EmbeddedPostgres.stopIfRunning(home);
            try {
                Path cluster = EmbeddedPostgres.cluster(home);
                if (!cluster.equals(home)) FileUtils.deleteDirectory(cluster.toFile());
            } catch (IOException e) {
                log.println("  (could not remove the soak's database cluster: " + e.getMessage() + ")");
            }
        }
    }

    private static Result done(int nights, int files, int kills, long t0, Failure failure) {
        return new Result(nights, files, kills, failure, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The shortest sequence found that still fails: whole nights dropped first, then single steps, each candidate run
     * from a fresh lake; at most {@code tries} candidates.
     */
    public List<NightModel.Night> shrink(List<NightModel.Night> failing, int tries) {
        List<NightModel.Night> best = new ArrayList<>(failing);
        Result r = run(best);
        if (r.failure() == null) return best; // does not fail again: nothing to shrink
        best = new ArrayList<>(best.subList(0, r.failure().night()));
        int left = tries;
        boolean smaller = true;
        while (smaller && left > 0) {
            smaller = false;
            for (int i = best.size() - 1; i >= 0 && left > 0; i--) {
                List<NightModel.Night> candidate = new ArrayList<>(best);
                candidate.remove(i);
                if (candidate.isEmpty()) continue;
                left--;
                Result c = run(candidate);
                if (c.failure() != null) {
                    best = new ArrayList<>(candidate.subList(0, c.failure().night()));
                    smaller = true;
                }
            }
            for (int i = best.size() - 1; i >= 0 && left > 0; i--) {
                NightModel.Night night = best.get(i);
                for (int s = night.steps().size() - 1; s >= 0 && left > 0; s--) {
                    List<NightModel.Step> steps = new ArrayList<>(night.steps());
                    steps.remove(s);
                    List<NightModel.Night> candidate = new ArrayList<>(best);
                    candidate.set(i, new NightModel.Night(steps, steps.isEmpty() ? null : night.kill()));
                    left--;
                    Result c = run(candidate);
                    if (c.failure() != null) {
                        best = new ArrayList<>(candidate.subList(0, c.failure().night()));
                        night = best.get(Math.min(i, best.size() - 1));
                        smaller = true;
                    }
                }
            }
        }
        return best;
    }

    /** The sequence as it reproduces: night by night, each file with its bytes' size and case. */
    public static String describe(List<NightModel.Night> nights) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nights.size(); i++) sb.append("  night ").append(i + 1).append(": ").append(nights.get(i).describe()).append('\n');
        return sb.toString();
    }

    private String apply(NightModel.Step step, Path inbox, Lake lake, Map<String, byte[]> bytesByChecksum) throws IOException {
        if (step instanceof NightModel.Deliver d) {
            Path file = inbox.resolve(d.folder()).resolve(d.name());
            Files.createDirectories(file.getParent());
            Files.write(file, d.bytes());
            bytesByChecksum.put(sha256(d.bytes()), d.bytes());
            return null;
        }
        if (step instanceof NightModel.Remove r) {
            Files.deleteIfExists(inbox.resolve(r.path()));
            return null;
        }
        NightModel.Accept a = (NightModel.Accept) step;
        try {
            IngestJob.accept(lake, a.path(), "soak", Instant.now());
            return "accepted " + a.path();
        } catch (IllegalArgumentException notHeld) { // as the command says it to the data team: nothing held by that name
            return a.path() + " was not held: nothing to accept";
        }
    }

    /**
     * A child night killed with {@code kill -9} at {@code point}. After a kill in the publish, a second child night runs
     * again and must end normally, publish included; after any other, the caller's night is the rerun.
     */
    private String killed(NightModel.KillPoint point, Path inbox, Path lake, Path logs) throws IOException {
        Files.createDirectories(logs);
        boolean publish = point == NightModel.KillPoint.PUBLISH;
        Path conf = logs.resolve("site.properties");
        Files.writeString(conf, (publish ? "" : "publish.url=off\n") + "report.enabled=false\n");
        Process killed = child(inbox, lake, conf, logs.resolve("killed.log"));
        boolean seen = await(killed, logs.resolve("killed.log"), point.marker, Duration.ofMinutes(5));
        String note;
        if (seen && killed.isAlive()) {
            kill9(killed);
            note = "killed at '" + point.marker + "'";
        } else {
            waitFor(killed, logs.resolve("killed.log"));
            note = "ended before '" + point.marker + "' (exit " + killed.exitValue() + ")";
            if (killed.exitValue() != 0) throw new IllegalStateException("the night to be killed stopped by itself (exit "
                    + killed.exitValue() + "): " + tail(logs.resolve("killed.log")));
        }
        if (!publish) return note + ", run again";
        Process rerun = child(inbox, lake, conf, logs.resolve("rerun.log"));
        int exit = waitFor(rerun, logs.resolve("rerun.log"));
        if (exit != 0) throw new IllegalStateException("the rerun after kill -9 exited " + exit + ": " + tail(logs.resolve("rerun.log")));
        if (!Files.readString(logs.resolve("rerun.log"), StandardCharsets.UTF_8).contains("publish: ")) {
            throw new IllegalStateException("the rerun after a kill in the publish did not publish: " + tail(logs.resolve("rerun.log")));
        }
        return note + ", run again as a child: exit 0, published";
    }

    private Process child(Path inbox, Path lake, Path conf, Path output) throws IOException {
        List<String> cmd = new ArrayList<>(childCommand);
        cmd.addAll(List.of("run", "--inbox", inbox.toString(), "--lake", lake.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("CITY_INDICATORS_PSEUDONYM_KEY", keyText);
        pb.environment().put("CITY_INDICATORS_CONF", conf.toString());
        pb.environment().remove("CITY_INDICATORS_PUBLISH_URL");
        return pb.start();
    }

    private static boolean await(Process p, Path output, String marker, Duration limit) throws IOException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains(marker)) return true;
            if (!p.isAlive()) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static void kill9(Process p) {
        try {
            new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
        }
    }

    private static int waitFor(Process p, Path output) throws IOException {
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("a child night ran past 15 minutes: " + tail(output));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path output) throws IOException {
        String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
    }

    /** The invariants after a night; null when they hold, else what is wrong. */
    String check(Lake lake, Path inbox, Map<String, byte[]> bytesByChecksum, Path rebuild) throws IOException {
        lake.refresh();
        if (!lake.exists(TableNames.OPS_FILE_INGESTION)) return Files.list(inbox).findAny().isPresent() ? "no delivery ledger after a night" : null;
        List<Row> ledger = lake.read(TableNames.OPS_FILE_INGESTION).collectAsList();
        // the ledger: one row per delivery, and every file of the inbox in it
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : ledger) {
            String k = r.getAs("source") + "/" + r.getAs("file_name") + "|" + r.getAs("checksum");
            if (byKey.put(k, r) != null) return TableNames.OPS_FILE_INGESTION + " holds delivery " + k + " twice";
        }
        try (var walk = Files.walk(inbox)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String k = inbox.relativize(f).toString() + "|" + sha256(Files.readAllBytes(f));
                if (!byKey.containsKey(k)) return "inbox file " + inbox.relativize(f) + " has no row in " + TableNames.OPS_FILE_INGESTION;
            }
        }
        // rows read = accepted + quarantined, per file, as bronze and the quarantine hold them
        Map<String, Long> bronze = new HashMap<>();
        for (TableDef t : tables) {
            if (!t.name().startsWith("bronze_") || !lake.exists(t.name())) continue;
            for (Row r : lake.read(t.name()).groupBy("_checksum").count().collectAsList()) bronze.merge(r.getString(0), r.getLong(1), Long::sum);
        }
        Map<String, Long> quarantined = new HashMap<>();
        if (lake.exists(TableNames.OPS_QUARANTINE)) {
            for (Row r : lake.read(TableNames.OPS_QUARANTINE).groupBy("checksum").count().collectAsList()) quarantined.put(r.getString(0), r.getLong(1));
        }
        // every delivery in bronze has its profile, taken as it was written
        Map<String, Double> profiled = new HashMap<>();
        if (lake.exists(TableNames.OPS_DELIVERY_PROFILES)) {
            for (Row r : lake.read(TableNames.OPS_DELIVERY_PROFILES).where("metric = 'bronze_rows'").collectAsList()) {
                profiled.put(r.getAs("checksum"), r.getAs("value"));
            }
        }
        for (Row r : ledger) {
            String file = r.getAs("source") + "/" + r.getAs("file_name") + " (" + r.getAs("status") + ")";
            long read = r.<Long>getAs("rows_read"), ok = r.<Long>getAs("rows_accepted"), bad = r.<Long>getAs("rows_quarantined");
            if (read != ok + bad) return file + ": " + read + " rows read but " + ok + " accepted + " + bad + " quarantined";
            if (List.of("ingested", "superseded", "held").contains(r.<String>getAs("status"))) {
                String c = r.getAs("checksum");
                if (bronze.getOrDefault(c, 0L) != ok) return file + ": " + ok + " rows accepted but bronze holds " + bronze.getOrDefault(c, 0L);
                if (quarantined.getOrDefault(c, 0L) != bad) return file + ": " + bad + " rows quarantined but the quarantine holds " + quarantined.getOrDefault(c, 0L);
                if (ok > 0 && !Double.valueOf(ok).equals(profiled.get(c))) {
                    return file + ": " + ok + " rows accepted but its profile in " + TableNames.OPS_DELIVERY_PROFILES + " says " + profiled.get(c);
                }
            }
        }
        String duplicate = duplicateKeys(lake);
        if (duplicate != null) return duplicate;
        return sameMartsAsRebuilt(lake, ledger, bytesByChecksum, rebuild);
    }

    /** The first table found holding a key twice, or null; tables not written since they were last checked are not read. */
    private String duplicateKeys(Lake lake) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(TableNames.OPS_QUARANTINE, List.of("checksum", "line_number"));
        keys.put(TableNames.OPS_DELIVERY_PROFILES, List.of("checksum", "metric", "instance"));
        for (TableDef t : tables) {
            if (t.name().startsWith("bronze_")) keys.put(t.name(), List.of("_checksum", "_line"));
            else if (t.write() instanceof WriteMode.MergeByKey m) keys.put(t.name(), m.keys());
            else if (t.exported() && !t.name().startsWith("bronze_")) keys.put(t.name(), t.exportKey());
        }
        for (Map.Entry<String, List<String>> e : keys.entrySet()) {
            long version = lake.version(e.getKey());
            if (version < 0 || keysChecked.getOrDefault(e.getKey(), -1L) == version) continue;
            List<Row> twice = lake.read(e.getKey()).groupBy(e.getValue().stream().map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new)).count().where("count > 1").limit(1).collectAsList();
            if (!twice.isEmpty()) return e.getKey() + " holds key " + e.getValue() + " = " + twice.get(0) + " more than once";
            keysChecked.put(e.getKey(), version);
        }
        return null;
    }

    /** Null when every mart equals that of a fresh lake fed the deliveries in force in one night; else the first difference. */
    private String sameMartsAsRebuilt(Lake lake, List<Row> ledger, Map<String, byte[]> bytesByChecksum, Path dir) throws IOException {
        TreeSet<String> marts = new TreeSet<>();
        // the delivery calendar's mart records the day each delivery came, which a rebuild in one night cannot know
        for (TableDef t : tables) if (t.name().startsWith("mart_") && !t.name().equals(TableNames.MART_DELIVERY_COMPLETENESS)) marts.add(t.name());
        TreeSet<String> state = new TreeSet<>();
        for (Row r : ledger) if ("ingested".equals(r.getAs("status"))) state.add(r.getAs("source") + "/" + r.getAs("file_name") + "|" + r.getAs("checksum"));
        for (String mart : marts) state.add(mart + "@" + lake.version(mart));
        if (state.toString().equals(martsChecked)) return null; // the same deliveries in force and marts as last found equal
        Path inbox = dir.resolve("inbox");
        for (Row r : ledger) {
            if (!"ingested".equals(r.getAs("status"))) continue;
            byte[] bytes = bytesByChecksum.get(r.<String>getAs("checksum"));
            if (bytes == null) return "a delivery in force, " + r.getAs("file_name") + ", has bytes this soak never delivered";
            Path f = inbox.resolve(r.<String>getAs("source")).resolve(r.<String>getAs("file_name"));
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
        }
        Files.createDirectories(inbox);
        Lake fresh = new Lake(spark, dir.resolve("lake").toString());
        new NightlyJob(fresh, Progress.quiet(), 2).run(inbox.toString(), key, "rebuild", false);
        try {
            for (String mart : marts) {
                boolean here = lake.exists(mart), there = fresh.exists(mart);
                if (here != there) return mart + (here ? " exists night by night but not rebuilt" : " exists rebuilt but not night by night");
                if (!here) continue;
                List<String> a = rendered(lake, mart), b = rendered(fresh, mart);
                if (!a.equals(b)) return mart + " differs from a rebuild from the deliveries in force: " + firstDifference(a, b);
            }
            martsChecked = state.toString();
            return null;
        } finally {
            FileUtils.deleteDirectory(dir.toFile());
        }
    }

    /** A table's rows as sorted text, doubles to 9 significant digits (sums in another order differ in the last bits). */
    private static List<String> rendered(Lake lake, String table) {
        List<String> out = new ArrayList<>();
        for (Row r : lake.read(table).collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                sb.append(r.schema().fields()[i].name()).append('=')
                        .append(v instanceof Double d ? String.format("%.9g", d) : String.valueOf(v)).append(' ');
            }
            out.add(sb.toString());
        }
        out.sort(null);
        return out;
    }

    private static String firstDifference(List<String> nightByNight, List<String> rebuilt) {
        List<String> onlyHere = new ArrayList<>(nightByNight);
        onlyHere.removeAll(rebuilt);
        List<String> onlyThere = new ArrayList<>(rebuilt);
        onlyThere.removeAll(nightByNight);
        return nightByNight.size() + " rows against " + rebuilt.size() + "; night by night only: "
                + (onlyHere.isEmpty() ? "-" : onlyHere.get(0)) + "; rebuilt only: " + (onlyThere.isEmpty() ? "-" : onlyThere.get(0));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
