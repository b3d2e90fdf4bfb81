package vn.haiphong.indicators.bench;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.haiphong.indicators.cli.ConsoleProgress;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.samples.SampleGenerator;

/**
 * City-scale benchmark (not a test): generates one month for the whole city (about 4.4 million card
 * rows), runs the night on a fresh lake, then counts the month's insured persons per commune a second
 * way, with DuckDB straight from the same CSV, checks both agree exactly, and prints the figures.
 */
@Command(name = "city-indicators bench", mixinStandardHelpOptions = true,
        description = "City-scale benchmark: one generated month, the whole night, and a DuckDB cross-check.")
public final class NightBenchmark implements Callable<Integer> {
    /** The bench's pseudonym key: a fixed test value, not a secret (every bench night, the floor and DuckDB use it). */
    static final String KEY = "benchmark-key-0123456789";

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "bench-work", description = "Scratch folder (default: ${DEFAULT-VALUE}).")
    Path work;
    @Option(names = "--month", defaultValue = "2026-03", description = "Month to generate (default: ${DEFAULT-VALUE}).")
    String month;
    @Option(names = "--reuse-inbox", description = "Reuse the generated inbox of an earlier bench run if present.")
    boolean reuseInbox;
    @Option(names = "--forecast-series", defaultValue = "10000", description = "Synthetic series for the forecast benchmark (default: ${DEFAULT-VALUE}).")
    int forecastSeries;
    @Option(names = "--forecast-only", description = "Run only the forecast benchmark.")
    boolean forecastOnly;
    @Option(names = "--sample-only", description = "Run only the whole-process sample nights (fresh lake, then nothing new).")
    boolean sampleOnly;
    @Option(names = "--programme-size", defaultValue = "30", description = "Size of the other sources (schools in every "
            + "commune; projects, applications, businesses and sites this many times the samples'; 0: cards only; default: ${DEFAULT-VALUE}).")
    int programmeSize;

    @Option(names = "--floor-only", description = "Run only the stack's floor: the card file's least work in Spark, and a "
            + "night of tiny tables with no work in them, against the goals.")
    boolean floorOnly;

    @Option(names = "--history-only", description = "Run only the history figure: a first month, then 11 more, then a 13th.")
    boolean historyOnly;
    @Option(names = "--history-residents", defaultValue = "400000", description = "Residents of the history figure's "
            + "generated city (default: ${DEFAULT-VALUE}, a tenth of Hai Phong, so that 13 months take minutes; 0 skips the figure).")
    long historyResidents;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NightBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (forecastOnly) {
            PipelineConfig config = PipelineConfig.load(System.getenv(), work.resolve("lake").toAbsolutePath().toString(), null);
            try (SparkSession session = SparkSessions.create(config, "city-indicators forecast bench")) {
                forecastBenchmark(session, forecastSeries);
            }
            return 0;
        }
        if (sampleOnly) {
            sampleNights();
            return 0;
        }
        if (historyOnly) {
            historyNights();
            return 0;
        }
        if (floorOnly) {
            Path cards = work.resolve("inbox").resolve("bhyt").resolve("bhyt_the_" + month + ".csv").toAbsolutePath();
            stackFloor(Files.exists(cards) ? cards : null, YearMonth.parse(month), 0);
            return 0;
        }
        YearMonth ym = YearMonth.parse(month);
        Path inbox = work.resolve("inbox").toAbsolutePath();
        Path lakeDir = work.resolve("lake").toAbsolutePath();
        Path cards = inbox.resolve("bhyt").resolve("bhyt_the_" + ym + ".csv");
        long t0 = System.nanoTime();
        if (!(reuseInbox && Files.exists(cards))) {
            FileUtils.deleteDirectory(inbox.toFile());
            new SampleGenerator(20260101L).writeCityMonth(inbox, ym, true);
            if (programmeSize > 0) new SampleGenerator(20260101L).writeCityProgrammes(inbox, programmeSize);
        }
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        long cardRows = lines(cards) - 1;
        long allRows = cardRows + lines(inbox.resolve("bhyt").resolve("bhyt_tram_y_te_" + ym + ".csv")) - 1
                + lines(inbox.resolve("dan_so").resolve("dan_so_" + ym.getYear() + ".csv")) - 1;
        System.out.printf("generated %,d card rows (%,d rows in all, %.0f MB) in %.1f s%n", cardRows, allRows,
                Files.size(cards) / 1e6, generateSeconds);
        FileUtils.deleteDirectory(lakeDir.toFile());

        PipelineConfig config = PipelineConfig.load(System.getenv(), lakeDir.toString(), inbox.toString());
        Map<String, Long> spark = new TreeMap<>();
        double nightSeconds;
        double rerunSeconds;
        Map<String, Double> stages;
        vn.haiphong.indicators.pipeline.NightlyJob.Outcome outcome;
        try (SparkSession session = SparkSessions.create(config, "city-indicators bench")) {
            Lake lake = new Lake(session, lakeDir.toString());
            Pseudonymizer key = new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8));
            ConsoleProgress progress = new ConsoleProgress(System.err);
            long n0 = System.nanoTime();
            outcome = new NightlyJob(lake, progress).interpretBelow(config.interpretBelowBytes()).run(inbox.toString(), key, "bench", false);
            nightSeconds = (System.nanoTime() - n0) / 1e9;
            stages = new TreeMap<>(progress.stageSeconds());
            long r0 = System.nanoTime();
            new NightlyJob(lake, Progress.quiet()).interpretBelow(config.interpretBelowBytes()).run(inbox.toString(), key, "bench-rerun", false);
            rerunSeconds = (System.nanoTime() - r0) / 1e9;
            for (Row r : lake.read(TableNames.MART_HEALTH_INSURANCE_MONTHLY)
                    .where(col("period").equalTo(ym.toString()).and(col("area_level").equalTo("commune"))
                            .and(col("insured_persons").gt(0))).collectAsList()) {
                spark.put(r.getAs("area_code"), r.getAs("insured_persons"));
            }
        }

        long d0 = System.nanoTime();
        Map<String, Long> duck = duckdbInsuredByCommune(cards, ym);
        double duckSeconds = (System.nanoTime() - d0) / 1e9;

        long g0 = System.nanoTime();
        Map<String, Long> duckColumnar = duckdbInsuredByCommune(cards, ym, work.resolve("duckdb-cards.parquet"));
        double duckColumnarSeconds = (System.nanoTime() - g0) / 1e9;

        boolean agree = spark.equals(duck) && spark.equals(duckColumnar);
        double ingest = stages.getOrDefault("ingest", 0.0);
        double tables = stages.getOrDefault("tables", 0.0);
        System.out.println();
        System.out.println("== city-indicators benchmark: one city-scale month (" + ym + ")");
        System.out.printf("machine: %d cores, max heap %.1f GiB; city night's %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (double) (1L << 30), vn.haiphong.indicators.cli.JitChoice.running());
        stages.forEach((s, sec) -> System.out.printf("  stage %-10s %7.1f s%n", s, sec));
        System.out.printf("ingest:        %7.1f s%n", ingest);
        Map<String, long[]> byKind = new java.util.LinkedHashMap<>();
        for (var f : outcome.ingest().newFiles()) {
            if (f.kind() == null) continue;
            long[] c = byKind.computeIfAbsent(f.kind(), k -> new long[2]);
            c[0] += f.rowsRead();
            c[1]++;
        }
        long otherRows = 0;
        for (Map.Entry<String, Double> e : outcome.ingest().secondsByKind().entrySet()) {
            long[] c = byKind.getOrDefault(e.getKey(), new long[2]);
            if (!e.getKey().startsWith("bhyt") && !e.getKey().equals("dan_so")) otherRows += c[0];
            System.out.printf("  ingest %-16s %3d files %,11d rows %7.1f s %,10.0f rows/s%n", e.getKey(), c[1], c[0],
                    e.getValue(), c[0] / e.getValue());
        }
        System.out.printf("  programme sources (schools, housing, tourism, indicators): %,d rows%n", otherRows);
        allRows = byKind.values().stream().mapToLong(c -> c[0]).sum();
        System.out.printf("whole night:   %7.1f s  %,10.0f rows/s (all files)%n", nightSeconds, allRows / nightSeconds);
        System.out.printf("rerun, nothing new: %.1f s%n", rerunSeconds);
        System.out.printf("lake size:     %,.1f MB%n", treeSize(lakeDir) / 1e6);
        System.out.printf("peak memory:   heap %.2f GiB, process RSS %.2f GiB%n", peakHeap() / (double) (1L << 30),
                peakRssKb() / (double) (1L << 20));
        System.out.printf("DuckDB insured persons per commune from the CSV: %.1f s%n", duckSeconds);
        System.out.printf("Spark / DuckDB: night %.1fx (goal 3x), ingest %.1fx, tables %.1fx%n", nightSeconds / duckSeconds,
                ingest / duckSeconds, tables / duckSeconds);
        System.out.printf("DuckDB the goal's way (valid rows pseudonymised by SHA-256, written to Parquet, counted from it): %.1f s; "
                + "Spark / that: night %.1fx, ingest %.1fx%n", duckColumnarSeconds, nightSeconds / duckColumnarSeconds,
                ingest / duckColumnarSeconds);
        System.out.printf("agreement: %s (%d communes, %,d insured persons by Spark, %,d by DuckDB, either way)%n",
                agree ? "EXACT" : "MISMATCH", spark.size(), spark.values().stream().mapToLong(Long::longValue).sum(),
                duck.values().stream().mapToLong(Long::longValue).sum());
        try (SparkSession session = SparkSessions.create(config, "city-indicators forecast bench")) {
            forecastBenchmark(session, forecastSeries);
        }
        sampleNights();
        stackFloor(cards, ym, duckSeconds);
        historyNights();
        if (!agree) {
            for (String code : new java.util.TreeSet<>(spark.keySet()) {{ addAll(duck.keySet()); addAll(duckColumnar.keySet()); }}) {
                if (!java.util.Objects.equals(spark.get(code), duck.get(code)) || !java.util.Objects.equals(spark.get(code), duckColumnar.get(code))) {
                    System.out.printf("  %s spark=%s duckdb=%s duckdb-parquet=%s%n", code, spark.get(code), duck.get(code), duckColumnar.get(code));
                }
            }
            return 1;
        }
        return 0;
    }

    /**
     * The committed samples (45 small files) as an operator runs them: whole processes of the command
     * line's {@code run} (what {@code bin/city-indicators run} starts), JVM start included. As the launcher does
     * (bin/class-archive.sh), the first night records the JVM's class archive as it exits; the nights timed against
     * the goals then map it: on a fresh lake, then again with nothing new.
     */
    void sampleNights() throws IOException, InterruptedException {
        Path recordingLake = work.resolve("sample-lake-first").toAbsolutePath();
        Path lake = work.resolve("sample-lake").toAbsolutePath();
        Path archive = work.resolve("classes.jsa").toAbsolutePath();
        FileUtils.deleteDirectory(recordingLake.toFile());
        FileUtils.deleteDirectory(lake.toFile());
        Files.deleteIfExists(archive);
        String quiet = "-Xlog:cds*=off";
        // the JIT compilers the launcher chooses for these nights' inbox on a fresh lake
        PipelineConfig config = PipelineConfig.load(System.getenv(), null, null);
        List<String> jit = vn.haiphong.indicators.cli.JitChoice.forNight(config.inbox(), lake.toString(), config.interpretBelowBytes());
        double recording = wholeProcess(jvmOptions(jit, "-XX:ArchiveClassesAtExit=" + archive, quiet), "run", "--lake", recordingLake.toString());
        if (!Files.isRegularFile(archive)) throw new IllegalStateException("the first sample night wrote no class archive " + archive);
        List<String> mapped = jvmOptions(jit, "-XX:SharedArchiveFile=" + archive, quiet);
        System.out.println("sample nights' " + (jit.isEmpty() ? "JIT: both compilers" : "JIT: " + String.join(" ", jit)));
        double fresh = wholeProcess(mapped, "run", "--lake", lake.toString());
        double again = wholeProcess(mapped, "run", "--lake", lake.toString());
        System.out.printf("sample night, first after a build (records the class archive): %.1f s%n", recording);
        System.out.printf("sample night (45 files, whole process, fresh lake): %.1f s (goal <= 20 s)%n", fresh);
        System.out.printf("sample night again, nothing new (whole process):   %.1f s (goal <= 8 s)%n", again);
    }

    /**
     * Whether a night's cost follows new data rather than history: the night of a first card month on a fresh lake,
     * against the night of a 13th month on a lake holding the 12 before it (goal: at most 1.2 times). Both run in a JVM
     * already warmed by a night, on a generated city of {@code --history-residents} residents; the months end with the
     * current one (a later period would be refused as not yet begun).
     */
    void historyNights() throws IOException {
        if (historyResidents <= 0) return;
        Path inbox = work.resolve("history-inbox").toAbsolutePath();
        Path warmLake = work.resolve("history-warm-up-lake").toAbsolutePath();
        Path lakeDir = work.resolve("history-lake").toAbsolutePath();
        FileUtils.deleteDirectory(inbox.toFile());
        FileUtils.deleteDirectory(warmLake.toFile());
        FileUtils.deleteDirectory(lakeDir.toFile());
        YearMonth thirteenth = YearMonth.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
        YearMonth first = thirteenth.minusMonths(12);
        SampleGenerator generator = new SampleGenerator(20260101L);
        long rowsPerMonth = generator.writeCityMonth(inbox, first, true, historyResidents).values().iterator().next();
        PipelineConfig config = PipelineConfig.load(System.getenv(), lakeDir.toString(), inbox.toString());
        Pseudonymizer key = new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8));
        try (SparkSession session = SparkSessions.create(config, "city-indicators history bench")) {
            long interpretBelow = config.interpretBelowBytes();
            double cold = timedNight(new Lake(session, warmLake.toString()), inbox, key, "warm-up", interpretBelow);
            double firstNight = timedNight(new Lake(session, lakeDir.toString()), inbox, key, "first", interpretBelow);
            for (YearMonth m = first.plusMonths(1); m.isBefore(thirteenth); m = m.plusMonths(1)) {
                generator.writeCityMonth(inbox, m, true, historyResidents);
            }
            double history = timedNight(new Lake(session, lakeDir.toString()), inbox, key, "history", interpretBelow);
            generator.writeCityMonth(inbox, thirteenth, true, historyResidents);
            double thirteenthNight = timedNight(new Lake(session, lakeDir.toString()), inbox, key, "thirteenth", interpretBelow);
            System.out.printf("history (%,d residents, %,d card rows a month): first month %s %.1f s (%.1f s in a cold JVM); "
                            + "months 2-12 in one night %.1f s; 13th month %s %.1f s = %.2fx the first (goal <= 1.2x)%n",
                    historyResidents, rowsPerMonth, first, firstNight, cold, history, thirteenth, thirteenthNight,
                    thirteenthNight / firstNight);
        }
    }

    private static double timedNight(Lake lake, Path inbox, Pseudonymizer key, String runId, long interpretBelow) {
        long t0 = System.nanoTime();
        new NightlyJob(lake, Progress.quiet()).interpretBelow(interpretBelow).run(inbox.toString(), key, runId, false);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The floor under the goals (see {@link StackFloor}): the card file's least work in Spark against DuckDB's, and a
     * night of as many tiny tables as the sample night writes, with no work in them, as a whole process (the sample
     * nights' class archive mapped when there is one). When even these exceed a goal, no tuning of the pipeline's own
     * work meets it on this stack.
     */
    void stackFloor(Path cards, YearMonth ym, double duckSeconds) throws IOException, InterruptedException {
        Path archive = work.resolve("classes.jsa").toAbsolutePath();
        List<String> mapped = Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off") : List.of();
        int tables = vn.haiphong.indicators.pipeline.LakeTables.load().all().size();
        String[] out = processOutput(mapped, StackFloor.class.getName(), "tables", String.valueOf(tables),
                work.resolve("floor-tables").toAbsolutePath().toString()).trim().split(" ");
        System.out.printf("floor: %d tiny Delta tables written and read back once, %d at a time, in a new JVM%s: %s s after the Spark "
                        + "session's %s s (sample night goal <= 20 s, whole process); the same again in that JVM: %s s%n", tables,
                Integer.parseInt(out[3]), mapped.isEmpty() ? "" : " (class archive mapped)", out[1], out[0], out[2]);
        if (cards == null) {
            System.out.println("floor: no generated card file (run the whole bench once, or --reuse-inbox), card floor skipped");
            return;
        }
        String seconds = processOutput(List.of(), StackFloor.class.getName(), "cards", cards.toString(), ym.toString(),
                work.resolve("floor-cards").toAbsolutePath().toString()).trim();
        System.out.printf("floor: card file CSV -> HMAC -> Parquet -> insured per commune, no contract rules, Spark session already "
                + "started: %s s%s%n", seconds, duckSeconds > 0 ? String.format(" = %.1fx DuckDB (goal for the whole night: 3x)",
                Double.parseDouble(seconds) / duckSeconds) : "");
    }

    private static List<String> jvmOptions(List<String> first, String... then) {
        return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(then)).toList();
    }

    private static double wholeProcess(List<String> classArchive, String... args) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        processOutput(classArchive, "vn.haiphong.indicators.cli.Main", args);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs a main class as its own process, as the launcher runs the command line; its standard output. */
    private static String processOutput(List<String> classArchive, String main, String... args) throws IOException, InterruptedException {
        // as the launcher starts a command: the same java, heap, Java 17 opens, properties and classpath as this benchmark,
        // plus the sample nights' own archive; not this JVM's own tuning (-XX: the JIT options the launcher gave the
        // benchmark's city night), which would make the nights measured here nights no user runs
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (!option.startsWith("-XX:")) command.add(option);
        command.addAll(classArchive);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("city-indicators-bench", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(log.toFile());
        pb.environment().put("CITY_INDICATORS_PSEUDONYM_KEY", KEY);
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) throw new IllegalStateException(main + " " + String.join(" ", args) + " exited " + rc);
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Forecasts {@code series} synthetic yearly series (2016-2025, to 2030) in one grouped Spark job. */
    static void forecastBenchmark(SparkSession spark, int series) {
        java.util.List<Row> rows = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (int s = 0; s < series; s++) {
            boolean percent = s % 2 == 0;
            double level = percent ? 60 + r.nextDouble() * 35 : 1000 + r.nextDouble() * 9000;
            double slope = percent ? r.nextGaussian() : r.nextGaussian() * 200;
            for (int year = 2016; year <= 2025; year++) {
                double v = level + slope * (year - 2016) + r.nextGaussian() * (percent ? 0.8 : 150);
                if (percent) v = Math.max(0.5, Math.min(99.5, v));
                rows.add(org.apache.spark.sql.RowFactory.create("synthetic_" + (percent ? "pct" : "count"), "commune",
                        String.format("%06d", s), year, v, percent ? "PERCENT" : "LEVEL"));
            }
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("criterion_id", "string").add("area_level", "string").add("area_code", "string")
                .add("year", "int").add("value", "double").add("scale", "string");
        Dataset<Row> input = spark.createDataFrame(rows, schema).cache();
        input.count();
        java.util.Map<String, java.util.Map<Integer, vn.haiphong.indicators.forecast.ForecastJob.Target>> targets = java.util.Map.of(
                "synthetic_pct", java.util.Map.of(2030, new vn.haiphong.indicators.forecast.ForecastJob.Target(vn.haiphong.indicators.criteria.Operator.GE, true, 95.0)));
        long t0 = System.nanoTime();
        java.util.List<Row> methods = vn.haiphong.indicators.forecast.ForecastJob.forecast(input, targets, 2030)
                .groupBy("method").agg(org.apache.spark.sql.functions.countDistinct("area_code").as("series"))
                .orderBy("method").collectAsList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("forecast: %,d series x 10 years -> 2026-2030 in %.1f s (%,.0f series/s); series per method chosen: %s%n",
                series, seconds, series / seconds, methods);
    }

    /** The same rules as the pipeline, written in DuckDB SQL over the raw CSV. */
    static Map<String, Long> duckdbInsuredByCommune(Path cards, YearMonth month) throws Exception {
        return duckdbInsuredByCommune(cards, month, null);
    }

    /**
     * As {@link #duckdbInsuredByCommune(Path, YearMonth)}; with {@code columnar} set, DuckDB does the card part of the
     * night as the goal describes it: the valid rows, each person pseudonymised, written to a Parquet file, from which
     * the month's insured persons are then counted. DuckDB has no HMAC: the person is the SHA-256 of the key and the
     * social insurance number (one hash, where HMAC computes two).
     */
    static Map<String, Long> duckdbInsuredByCommune(Path cards, YearMonth month, Path columnar) throws Exception {
        Path ref = Path.of(System.getProperty("city.indicators.home", ".")).resolve("schemas/reference");
        String person = columnar == null ? "right(card, 10)" : "sha256('" + KEY + "' || right(card, 10))";
        String monthEnd = "t.vfrom <= DATE '%s' AND t.vto >= DATE '%<s'".formatted(month.atEndOfMonth());
        String valid = """
            WITH codes AS (
              SELECT commune_code AS code, commune_code AS new_code FROM read_csv('%1$s/hai_phong_communes_2025.csv', all_varchar = true)
              UNION
              SELECT old_commune_code, new_commune_code FROM read_csv('%1$s/hai_phong_commune_mapping_2025.csv', all_varchar = true)),
            raw AS (
              SELECT * FROM read_csv('%2$s', header = true, all_varchar = true, ignore_errors = true, null_padding = false,
                names = ['card', 'name', 'birth', 'gender', 'commune', 'vfrom', 'vto'])),
            typed AS (
              SELECT card, birth, gender, commune,
                     try_strptime(vfrom, '%%d/%%m/%%Y')::DATE AS vfrom, try_strptime(vto, '%%d/%%m/%%Y')::DATE AS vto
              FROM raw)
            SELECT %5$s AS person, c.new_code, t.vfrom, t.vto
              FROM typed t JOIN codes c ON c.code = t.commune
              WHERE regexp_full_match(card, '[A-Z]{2}[0-9]{13}') AND gender IN ('Nam', 'Nữ')
                AND t.vfrom IS NOT NULL AND t.vto IS NOT NULL AND t.vto >= t.vfrom
                AND (CASE WHEN length(birth) = 4 THEN try_cast(birth AS INTEGER) <= %3$d
                          ELSE try_strptime(birth, '%%d/%%m/%%Y')::DATE <= DATE '%4$s' END)
            """.formatted(ref.toAbsolutePath(), cards.toAbsolutePath(), LocalDate.now().getYear(), LocalDate.now(), person);
        String source = columnar == null ? "(" + valid + " AND " + monthEnd + ")"
                : "(SELECT * FROM read_parquet('" + columnar.toAbsolutePath() + "') t WHERE " + monthEnd + ")";
        String count = """
            WITH valid AS %s,
            persons AS (
              SELECT person, arg_max(new_code, strftime(vfrom, '%%Y%%m%%d') || strftime(vto, '%%Y%%m%%d') || new_code) AS commune
              FROM valid GROUP BY person)
            SELECT commune, count(*) FROM persons GROUP BY commune ORDER BY commune
            """.formatted(source);
        Map<String, Long> out = new TreeMap<>();
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads TO " + Runtime.getRuntime().availableProcessors());
            if (columnar != null) {
                Files.deleteIfExists(columnar);
                s.execute("COPY (" + valid + ") TO '" + columnar.toAbsolutePath() + "' (FORMAT parquet)");
            }
            try (ResultSet rs = s.executeQuery(count)) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    static long peakRssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return 0;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return 0;
    }

    static long lines(Path f) throws IOException {
        try (Stream<String> s = Files.lines(f, StandardCharsets.UTF_8)) {
            return s.count();
        }
    }

    static long treeSize(Path dir) throws IOException {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

}
