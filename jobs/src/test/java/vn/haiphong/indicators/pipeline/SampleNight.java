package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * The full night over data-samples/, run once per test JVM and shared by the classes that check it, one concern each
 * ({@code SampleNight*IT}), against independent counts of the same files. Its lake lives in a folder of its own,
 * removed when the JVM ends; the published database is started by the first test that asks for it and stopped then.
 */
abstract class SampleNight extends SparkTestBase {
    static final Path SAMPLES = Path.of("..", "data-samples", "inbox");
    static Path tmp;
    static Lake lake;
    static NightlyJob.Outcome first;

    @BeforeAll
    static synchronized void runTheSampleNight() throws IOException {
        if (lake != null) return; // once per JVM, whichever class comes first
        tmp = Files.createTempDirectory("sample-night-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> org.apache.commons.io.FileUtils.deleteQuietly(tmp.toFile())));
        lake = new Lake(spark(), tmp.resolve("lake").toString());
        first = night("run-1");
    }

    static PublishedDatabase database;

    /**
     * The sample night published to a PostgreSQL of its own (once, by whichever test asks first), with two editions of
     * the 2025 annual report made before it, for the editions' tables and the notebook that compares two.
     */
    static synchronized PublishedDatabase published() throws Exception {
        if (database == null) {
            vn.haiphong.indicators.report.HeadlessChromium.ensureInstalled();
            var context = new vn.haiphong.indicators.report.Editions.Context(vn.haiphong.indicators.criteria.CriteriaCatalog.load(), LakeTables.load().kindsOfCriteria(), "test",
                    tmp.resolve("editions-work"));
            var year = vn.haiphong.indicators.report.EditionPeriod.parse("year", "2025");
            vn.haiphong.indicators.report.Editions.make(lake, year, null, context);
            vn.haiphong.indicators.report.Editions.make(lake, year, null, context);
            database = new PublishedDatabase(lake);
            PublishedDatabase started = database;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is ending: its temporary folder goes too
                }
            }));
        }
        return database;
    }

    static NightlyJob.Outcome night(String runId) {
        return night(runId, SAMPLES);
    }

    static NightlyJob.Outcome night(String runId, Path inbox) {
        return new NightlyJob(lake, Progress.quiet()).run(inbox.toAbsolutePath().toString(),
                new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)), runId, false);
    }

    static List<Row> ops() {
        return lake.read("ops_file_ingestion").orderBy("file_name").collectAsList();
    }

    /** A night over {@code inbox}, with the Spark jobs it started counted (0 when it read no table). */
    static synchronized Map.Entry<NightlyJob.Outcome, Integer> countingJobs(String runId, Path inbox) {
        List<NightlyJob.Outcome> outcome = new ArrayList<>();
        int jobs = jobsStarted(() -> outcome.add(night(runId, inbox))).size();
        return Map.entry(outcome.get(0), jobs);
    }

    /** Rows of a lake table by one column's values, counted here. */
    static Map<String, Long> countBy(String table, String column) {
        Map<String, Long> counts = new TreeMap<>();
        lake.read(table).groupBy(column).count().collectAsList().forEach(r -> counts.put(r.getString(0), r.getLong(1)));
        assertFalse(counts.isEmpty(), table + " has rows");
        return counts;
    }

    /** Every personal value of the sample files: names, card numbers, birth dates, citizen IDs. */
    static Set<String> samplePersonalValues() throws IOException {
        Set<String> secrets = new HashSet<>();
        try (Stream<Path> files = Files.list(SAMPLES.resolve("bhyt"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("bhyt_the")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) { // data lines, not the header
                    for (String v : line.split(",")) {
                        String s = v.replace("\"", "").trim();
                        if (s.matches("[A-Za-z]{2}[0-9]{11,13}") || s.matches("\\p{L}+( \\p{L}+){2,}")) secrets.add(s);
                        if (s.matches("[0-9]{2}/[0-9]{2}/(19|20)[0-9]{2}") && !s.endsWith("2025") && !s.endsWith("2026")
                                && !s.endsWith("2027")) secrets.add(s); // birth dates
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(SAMPLES.resolve("nha_o_xa_hoi"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("noxh_ho_so")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    for (String v : line.split(",")) if (v.trim().matches("[0-9]{9,12}")) secrets.add(v.trim()); // citizen IDs
                }
            }
        }
        return secrets;
    }

    /**
     * Finds secrets inside texts: every substring of a secret's length is looked up in the set, the same answer as
     * {@code text.contains(secret)} for each secret, without a scan of the text per secret (thousands of secrets
     * against every value and the report's HTML took most of this test's time).
     */
    record Secrets(Set<String> values, int[] lengths) {
        Secrets(Set<String> values) {
            this(Set.copyOf(values), values.stream().mapToInt(String::length).distinct().sorted().toArray());
        }

        /** The secrets that occur in {@code text}. */
        Set<String> in(String text) {
            Set<String> found = new java.util.TreeSet<>();
            for (int length : lengths) {
                for (int i = 0; i + length <= text.length(); i++) {
                    String part = text.substring(i, i + length);
                    if (values.contains(part)) found.add(part);
                }
            }
            return found;
        }
    }

    /** A table's rows as text, sorted: two tables hold the same rows when these lists are equal. */
    static List<String> sortedRows(Dataset<Row> table) {
        return table.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    static long sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".csv")).count();
        }
    }

    /** Scorecard value of a criterion for the city in a year. */
    static Double cityValue(String criterion, int year) {
        List<Row> r = cityScorecard().getOrDefault(criterion + "|" + year, List.of());
        assertEquals(1, r.size(), criterion + " " + year + ": one city row");
        return r.get(0).isNullAt(r.get(0).fieldIndex("actual_value")) ? null : r.get(0).getAs("actual_value");
    }

    static Map<String, List<Row>> cityRows;
    static long cityRowsVersion = -2;

    /**
     * The scorecard's city rows by criterion and year, read once per version of the table: one query instead of one
     * per value looked up.
     */
    static synchronized Map<String, List<Row>> cityScorecard() {
        long version = lake.version("mart_criteria_scorecard");
        if (version != cityRowsVersion) {
            cityRows = new HashMap<>();
            for (Row r : lake.read("mart_criteria_scorecard").where(col("area_level").equalTo("city")).collectAsList()) {
                cityRows.computeIfAbsent(r.getAs("criterion_id") + "|" + r.getAs("year"), k -> new ArrayList<>()).add(r);
            }
            cityRowsVersion = version;
        }
        return cityRows;
    }

    static Map<String, Long> versions() throws IOException {
        Map<String, Long> v = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(tmp.resolve("lake"))) {
            for (Path t : dirs.toList()) v.put(t.getFileName().toString(), lake.version(t.getFileName().toString()));
        }
        assertNotNull(v.get("mart_criteria_scorecard"));
        return v;
    }

    static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    static double round4(double d) {
        return Math.round(d * 10000.0) / 10000.0;
    }

    /** Digits only: the page formats numbers for its language (1.234 in Vietnamese, 1,234 in English). */
    static String digits(Object text) {
        return String.valueOf(text).replaceAll("[^0-9]", "");
    }

    /** A point of a history for the independent alert oracle. */
    record Point(String subject, String t, double value, boolean correction) { }

    /** The alerts a check gives on a history, recomputed here in plain Java: "check|series|subject|t". */
    static Set<String> expectedAlerts(String check, String series, double threshold, int window, List<Point> points) {
        Set<String> out = new java.util.TreeSet<>();
        Map<String, List<Point>> bySubject = new TreeMap<>();
        for (Point p : points) bySubject.computeIfAbsent(p.subject(), k -> new ArrayList<>()).add(p);
        for (List<Point> h : bySubject.values()) {
            h.sort(java.util.Comparator.comparing(Point::t));
            for (int i = 0; i < h.size(); i++) {
                double v = h.get(i).value();
                boolean fires = switch (check) {
                    case "relative_change" -> {
                        if (i == 0) yield false;
                        double mean = h.subList(Math.max(0, i - window), i).stream().mapToDouble(Point::value).average().orElseThrow();
                        yield mean > 0 && Math.abs(v / mean - 1) > threshold;
                    }
                    case "above" -> v > threshold;
                    case "decrease" -> i > 0 && v < h.get(i - 1).value() - threshold && !h.get(i).correction();
                    case "ratio" -> i > 0 && h.get(i - 1).value() > 0 && v > 0 && (v / h.get(i - 1).value() > threshold
                            || v / h.get(i - 1).value() < 1 / threshold);
                    default -> throw new IllegalArgumentException(check);
                };
                if (fires) out.add(check + "|" + series + "|" + h.get(i).subject() + "|" + h.get(i).t());
            }
        }
        return out;
    }

}
