package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.graph.ActiveDelivery;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.graph.SinkDef;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/** Rejected files, duplicate deliveries, corrections and a run that died midway, on tiny inboxes. */
class IngestRecoveryIT extends SparkTestBase {
    static final String HEADER = "Mã thẻ BHYT,Họ và tên,Ngày sinh,Giới tính,Mã xã,Giá trị từ,Giá trị đến\n";
    static final Pseudonymizer KEY = new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    @TempDir Path tmp;

    static void write(Path inbox, String folder, String name, String text) throws IOException {
        Files.createDirectories(inbox.resolve(folder));
        Files.writeString(inbox.resolve(folder).resolve(name), text, StandardCharsets.UTF_8);
    }

    static String cards(int n, String commune) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("DN43131%08d,Tên %d,01/01/1980,Nam,%s,01/01/2026,31/12/2026%n", i, i, commune));
        }
        return sb.toString();
    }

    /**
     * A night as these tests need it: the whole ingest, and the tables they read (the monthly mart, data quality) with what
     * those read. The scorecard and its forecasts downstream are the sample nights' and the soak's to check (the soak
     * draws the same kinds of delivery and compares every mart with a rebuild after each night); here they would be most
     * of each night's time. The correction's test below runs every table.
     */
    static NightlyJob upToTheMart(Lake lake) {
        return new NightlyJob(lake, Progress.quiet()).building(TableNames.MART_HEALTH_INSURANCE_MONTHLY, TableNames.OPS_DATA_QUALITY);
    }

    NightlyJob.Outcome night(Lake lake, Path inbox) {
        return upToTheMart(lake).run(inbox.toString(), KEY, "run", false);
    }

    /** A night of every declared table. */
    static NightlyJob.Outcome wholeNight(Lake lake, Path inbox) {
        return new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), KEY, "run", false);
    }

    /** A night with these sinks, in this order, under run id {@code runId}. */
    static NightlyJob.Outcome nightWith(Lake lake, Path inbox, String runId, SinkDef... sinks) {
        return upToTheMart(lake).delivering(List.of(sinks)).run(inbox.toString(), KEY, runId, false);
    }

    Map<String, String> statuses(Lake lake) {
        Map<String, String> s = new TreeMap<>();
        for (Row r : lake.read("ops_file_ingestion").collectAsList()) {
            s.put((String) r.getAs("file_name"), r.getAs("status") + (r.getAs("message") == null ? "" : ": " + r.getAs("message")));
        }
        return s;
    }

    @Test
    void badFilesAreRejectedWholeAndDuplicatesSkipped() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(3, "11311").replace("Mã xã,", "Ma xa cu,"));
        write(inbox, "bhyt", "the_bhyt_thang_4.csv", cards(1, "11311"));
        // the ingest's Spark jobs carry the name of the bronze table they write (event logs, Spark's UI)
        List<String> jobs = jobsStarted(() -> night(lake, inbox));
        assertTrue(jobs.stream().anyMatch(what -> what.contains("bronze_bhyt_the")), "jobs named after their bronze table: " + jobs);
        Map<String, String> s = statuses(lake);
        assertEquals("ingested", s.get("bhyt_the_2026-03.csv"));
        assertTrue(s.get("bhyt_the_2026-04.csv").startsWith("rejected: missing required column 'Mã xã'"), s.get("bhyt_the_2026-04.csv"));
        assertTrue(s.get("the_bhyt_thang_4.csv").startsWith("rejected: file name follows no contract"), s.get("the_bhyt_thang_4.csv"));

        // The same bytes delivered again under another name change nothing but the record of it.
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", cards(3, "11311"));
        night(lake, inbox);
        assertTrue(statuses(lake).get("bhyt_the_2026-03_v2.csv").startsWith("skipped_duplicate: byte-identical to bhyt_the_2026-03.csv"));
        assertEquals(3, lake.read("bronze_bhyt_the").count());
        assertEquals(3L, (Long) lake.read("mart_health_insurance_monthly")
                .where("area_level = 'city' AND period = '2026-03'").first().getAs("insured_persons"));
    }

    /**
     * Most deliveries are clean. A clean file after one with bad rows writes nothing to the quarantine, and a correction
     * of a header alone writes nothing to bronze: the count-back checks what this night's commits added (none), not the
     * table's latest commit, an earlier night's. Every later night goes on.
     */
    @Test
    void cleanFilesAndEmptyCorrectionsAfterEarlierNightsAreCountedAsTheirOwn() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(4, "11311") + "DN4313100000099,X,01/01/1980,Nam,99999,01/01/2026,31/12/2026\n");
        night(lake, inbox);
        assertEquals("ingested", statuses(lake).get("bhyt_the_2026-03.csv"));
        assertEquals(1, lake.read("ops_quarantine").count());

        long quarantineVersion = lake.version("ops_quarantine");
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(3, "11411")); // clean: nothing for the quarantine
        night(lake, inbox);
        assertEquals("ingested", statuses(lake).get("bhyt_the_2026-04.csv"));
        assertEquals(quarantineVersion, lake.version("ops_quarantine"), "a clean file makes no quarantine commit");
        write(inbox, "bhyt", "bhyt_the_2026-04_v2.csv", HEADER); // a header alone: nothing for bronze
        night(lake, inbox);
        assertTrue(statuses(lake).get("bhyt_the_2026-04_v2.csv").startsWith("held: 0 rows accepted against 3"), statuses(lake).toString());
        write(inbox, "bhyt", "bhyt_the_2026-05.csv", cards(2, "11311"));
        night(lake, inbox);
        assertEquals("ingested", statuses(lake).get("bhyt_the_2026-05.csv"), "the nights go on");
        assertEquals(4 + 3 + 2, lake.read("bronze_bhyt_the").count());
        assertEquals(1, lake.read("ops_quarantine").count());
    }

    /**
     * The lines of a file's bad rows are noted while bronze is written; the quarantine then parses those lines alone, and
     * gets each one's number, rules and masked text, among good rows before and after them, whatever the kind's other files.
     */
    @Test
    void theQuarantineParsesTheBadLinesAloneAndNumbersThemAsInTheFile() throws IOException {
        Path inbox = tmp.resolve("inbox");
        StringBuilder text = new StringBuilder(cards(6, "11311"));
        for (int i = 0; i < 5; i++) text.append(String.format("DN43131%08d,X,01/01/1980,Nam,99999,01/01/2026,31/12/2026%n", 90 + i));
        text.append(cards(3, "11411").substring(HEADER.length()));
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", text.toString());
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(2, "11311")); // clean, read in the same scan
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        NightlyJob.Outcome o = night(lake, inbox);
        var card = o.ingest().newFiles().stream().filter(f -> f.fileName().equals("bhyt_the_2026-03.csv")).findFirst().orElseThrow();
        assertEquals(List.of(14L, 9L, 5L), List.of(card.rowsRead(), card.rowsAccepted(), card.rowsQuarantined()));
        List<Row> q = lake.read("ops_quarantine").orderBy("line_number").collectAsList();
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), q.stream().map(r -> (Long) r.getAs("line_number")).toList(), "lines as in the file");
        for (Row r : q) {
            assertEquals("bhyt_the_2026-03.csv", r.getAs("file_name"));
            assertTrue(((String) r.getAs("reason")).startsWith("line " + r.getAs("line_number") + ": "), r.toString());
            assertTrue(((String) r.getAs("raw_masked")).contains("99999") && !((String) r.getAs("raw_masked")).contains("DN4313100000"), r.toString());
        }
    }

    /**
     * The night's sinks run after its tables, in their declared order, under the night's own lock (a publish can no
     * longer slip between a night and its report), and only when a table they read moved: not on a night with nothing
     * new, again on the night a new month comes.
     */
    @Test
    void sinksDeliverUnderTheNightsLockInTheirOrderWhenTheirTablesMoved() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        List<String> seen = new java.util.ArrayList<>();
        java.util.function.Function<String, SinkDef> sink = name -> SinkDef.of(name, "test").from("mart_health_insurance_monthly")
                .delivers(n -> {
                    boolean locked;
                    try (var other = vn.haiphong.indicators.lake.LakeLock.acquire(lake.base(), spark().sparkContext().hadoopConfiguration(),
                            "other", "test", java.time.Duration.ofMinutes(1), java.time.Duration.ZERO, m -> { })) {
                        locked = false;
                    } catch (vn.haiphong.indicators.lake.LakeLock.Busy busy) {
                        locked = true;
                    }
                    seen.add(name + (locked ? " locked " : " UNLOCKED ") + n.runId() + " "
                            + lake.read("mart_health_insurance_monthly").where("period = '2026-04'").isEmpty());
                    return name + " delivered";
                });
        NightlyJob.Outcome first = nightWith(lake, inbox, "run-0", sink.apply("first"), sink.apply("second"));
        assertEquals(List.of("first delivered", "second delivered"), first.delivered());
        NightlyJob.Outcome quiet = nightWith(lake, inbox, "run-1", sink.apply("first"), sink.apply("second"));
        assertEquals(List.of("first: (unchanged: nothing it reads changed since night run-0)",
                "second: (unchanged: nothing it reads changed since night run-0)"), quiet.delivered());
        assertEquals("run-0", quiet.quietSince(), "nothing new: no table rebuilt, no sink called");
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(2, "11311"));
        assertEquals(List.of("first delivered", "second delivered"),
                nightWith(lake, inbox, "run-2", sink.apply("first"), sink.apply("second")).delivered());
        assertEquals(List.of("first locked run-0 true", "second locked run-0 true", "first locked run-2 false",
                "second locked run-2 false"), seen, "called after the tables, under the lock, in order, when the mart moved");
    }

    @Test
    void aSinkThatStoppedDeliversOnTheNextNightAndOnlyIt() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        List<String> seen = new java.util.ArrayList<>();
        boolean[] databaseUp = {false};
        SinkDef report = SinkDef.of("report", "test").from(TableNames.MART_HEALTH_INSURANCE_MONTHLY).delivers(n -> {
            seen.add("report by " + n.runId());
            return null;
        });
        SinkDef publish = SinkDef.of("publish", "test").from(TableNames.MART_HEALTH_INSURANCE_MONTHLY).delivers(n -> {
            if (!databaseUp[0]) throw new IllegalStateException("the database went away");
            seen.add("publish by " + n.runId());
            return null;
        });
        IllegalStateException stopped = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> nightWith(lake, inbox, "run-1", report, publish));
        assertTrue(stopped.getMessage().contains("the database went away"), stopped.getMessage());
        databaseUp[0] = true;
        NightlyJob.Outcome second = nightWith(lake, inbox, "run-2", report, publish);
        assertTrue(second.tablesRebuilt().isEmpty() && second.ingest().newFiles().isEmpty(), "nothing new: " + second.tablesRebuilt());
        assertNull(second.quietSince(), "a sink delivered: not a night with nothing to do");
        NightlyJob.Outcome third = nightWith(lake, inbox, "run-3", report, publish);
        assertEquals("run-1", third.quietSince());
        assertEquals(List.of("report by run-1", "publish by run-2"), seen,
                "the night after the stopped one delivers the sink that stopped, not the one that had delivered; the one after that has nothing to do");
    }

    @Test
    void theExportAndEditionsSinksDeliverOnlyWhatANightChanged() throws Exception {
        vn.haiphong.indicators.report.HeadlessChromium.ensureInstalled(); // the edition is printed: this test needs it, whatever ran before
        Path inbox = tmp.resolve("inbox"), out = tmp.resolve("export"), site = tmp.resolve("site.properties");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        Files.writeString(site, "export.dir=" + out + "\neditions.by_night=month\nreport.enabled=false\n");
        vn.haiphong.indicators.config.PipelineConfig config = vn.haiphong.indicators.config.PipelineConfig.load(
                Map.of(vn.haiphong.indicators.config.PipelineConfig.ENV_CONF, site.toString()), lake.base(), inbox.toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        java.util.function.Function<String, List<String>> night = runId -> {
            NightlyJob job = new NightlyJob(lake, Progress.quiet());
            job.delivering(NightSinks.declared(config, job.tables(), vn.haiphong.indicators.criteria.CriteriaCatalog.load(), job.communes(),
                    vn.haiphong.indicators.quality.DeliveryCalendar.load(null), job.specs(), false));
            return job.run(inbox.toString(), KEY, runId, false).delivered().stream()
                    .filter(l -> l.startsWith("export:") || l.startsWith("editions:")).toList();
        };
        // the month due today by the cycle (conf/editions.csv): November's from 15 December on, October's before
        List<vn.haiphong.indicators.report.EditionPeriod> due = vn.haiphong.indicators.report.EditionCycle.load()
                .due(java.time.LocalDate.now(vn.haiphong.indicators.quality.Completeness.CITY_ZONE), List.of("month"));
        assertEquals(1, due.size(), "a month is always due in the term");
        String id = "month-" + due.get(0).period() + "-v1";

        List<String> first = night.apply("run-1");
        long csvs;
        try (var files = Files.list(out)) { csvs = files.filter(f -> f.toString().endsWith(".csv")).count(); }
        assertEquals(List.of("export: " + csvs + " tables written, 0 unchanged (" + out + ")",
                "editions: made " + id + " (" + lake.base() + "/_editions)"), first, "in their declared order, the editions last");
        String monthly = Files.readString(out.resolve("mart_health_insurance_monthly.csv"));
        assertTrue(monthly.contains("2026-03") && !monthly.contains("2026-04"), monthly);
        List<vn.haiphong.indicators.report.Editions.Listed> made = vn.haiphong.indicators.report.Editions.list(lake);
        assertEquals(List.of(id), made.stream().map(vn.haiphong.indicators.report.Editions.Listed::id).toList());
        assertTrue(Files.exists(Path.of(made.get(0).folder(), "report.pdf")), "printed");

        assertEquals(List.of("export: (unchanged: nothing it reads changed since night run-1)",
                "editions: (unchanged: nothing it reads changed since night run-1)"), night.apply("run-2"),
                "nothing new: nothing rewritten, no second version");

        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(2, "11311"));
        List<String> thirdNight = night.apply("run-3");
        assertEquals("editions: none to make (month " + due.get(0).period() + " made before)", thirdNight.get(1),
                "an edition is made once per period, whatever changes later");
        String third = thirdNight.get(0);
        int rewritten = Integer.parseInt(third.split(" ")[1]);
        assertTrue(rewritten > 0 && rewritten < csvs, third);
        assertEquals(Files.readString(out.resolve("mart_health_insurance_monthly.csv")).lines().count(),
                lake.read("mart_health_insurance_monthly").count() + 1, "the changed mart rewritten: header and every row");
        assertTrue(Files.readString(out.resolve("mart_health_insurance_monthly.csv")).contains("2026-04"));
        assertEquals(1, vn.haiphong.indicators.report.Editions.list(lake).size());
    }

    @Test
    void aCorrectionReplacesThePeriodEverywhereDownstream() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(4, "11311"));
        wholeNight(lake, inbox);
        assertEquals(0, lake.read("ops_quarantine").count(), "a first, clean night leaves an empty quarantine for readers");
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", cards(6, "11411"));
        NightlyJob.Outcome o = wholeNight(lake, inbox);
        assertEquals(List.of("2026-03"), o.periodsConformed());
        assertEquals("superseded", statuses(lake).get("bhyt_the_2026-03.csv"));
        assertRows("only the correction counts", rows(row("11411", 6L)),
                rowsToJava(lake.read("mart_health_insurance_monthly")
                        .where("area_level = 'commune' AND period = '2026-03' AND insured_persons > 0")
                        .select("area_code", "insured_persons").collectAsList()));
        assertEquals(10, lake.read("bronze_bhyt_the").count(), "bronze keeps both deliveries for audit");
    }

    @Test
    void deliveryProfilesObservedAsWrittenEqualThoseOfBronzeAndALakeWithoutThemGetsThemFromBronze() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(4, "11311"));
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(5, "11411"));
        night(lake, inbox);
        // a lake from before profiles were stored: the next night profiles its deliveries from bronze
        org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(lake.path(TableNames.OPS_DELIVERY_PROFILES)));
        // a new month, and a correction that supersedes March: its profile must leave the metrics with it
        write(inbox, "bhyt", "bhyt_the_2026-05.csv", cards(6, "11311"));
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", cards(7, "11411"));
        NightlyJob.Outcome o = night(lake, inbox);
        List<vn.haiphong.indicators.graph.ActiveDelivery> active = o.ingest().active().stream()
                .filter(d -> d.kind().equals("bhyt_the")).toList();
        assertEquals(List.of("bhyt_the_2026-03_v2.csv", "bhyt_the_2026-04.csv", "bhyt_the_2026-05.csv"),
                active.stream().map(vn.haiphong.indicators.graph.ActiveDelivery::fileName).sorted().toList());
        assertEquals(4, lake.read(TableNames.OPS_DELIVERY_PROFILES).select("checksum").distinct().count(),
                "the profiles of every delivery in bronze, the superseded one's too");
        List<Row> fromBronze = new java.util.ArrayList<>(vn.haiphong.indicators.ingest.DeliveryProfile.ofBronze(
                vn.haiphong.indicators.ingest.ExtractSpec.loadAll().get("bhyt_the"), lake.read("bronze_bhyt_the"), active));
        List<Row> stored = lake.read("ops_data_quality").where(col("kind").equalTo("bhyt_the")
                        .and(col("metric").isin("null_share", "sum", "bronze_rows")))
                .select("kind", "period", "file_name", "checksum", "metric", "instance", "value").collectAsList();
        assertTrue(fromBronze.size() > 3 * 5, "a profile of several metrics per delivery: " + fromBronze.size());
        assertRows("profiles of the card deliveries in force: April's from bronze, the others observed as they were written",
                sorted(rowsToJava(fromBronze)), sorted(rowsToJava(stored)));
        // the distinct persons of every card delivery in force, from silver's one grouping of its cards by person
        assertRows("distinct persons of the deliveries in force, as bronze counts them",
                rowsToJava(ActiveDelivery.rowsOf(lake.read("bronze_bhyt_the"), active)
                        .groupBy("_source_file").agg(org.apache.spark.sql.functions.count_distinct(col("person_hash")).cast("double"))
                        .orderBy("_source_file").collectAsList()),
                rowsToJava(lake.read("ops_data_quality").where("metric = 'distinct_persons' AND instance = 'person_hash'")
                        .select("file_name", "value").orderBy("file_name").collectAsList()));
    }

    static List<Object[]> sorted(List<Object[]> rows) {
        List<Object[]> out = new java.util.ArrayList<>(rows);
        out.sort(java.util.Comparator.comparing(java.util.Arrays::toString));
        return out;
    }

    @Test
    void aDeliveryIsProfiledOnceNotReadFromBronzeAgainOnLaterNights() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(4, "11311"));
        night(lake, inbox);
        String march = "file_name = 'bhyt_the_2026-03.csv' AND metric IN ('null_share', 'sum', 'distinct_persons', 'bronze_rows')";
        List<Object[]> profiled = rowsToJava(lake.read("ops_data_quality").where(march)
                .select("kind", "period", "file_name", "checksum", "metric", "instance", "value").orderBy("metric", "instance").collectAsList());
        assertTrue(profiled.stream().anyMatch(r -> r[4].equals("bronze_rows") && ((Double) r[6]) == 4.0), "March profiled: 4 rows");
        // March's rows leave bronze behind the pipeline's back: a night that read them again would profile 0 rows
        DeltaTable.forPath(spark(), lake.path("bronze_bhyt_the")).delete("_source_file = 'bhyt_the_2026-03.csv'");
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(5, "11411"));
        night(lake, inbox);
        assertRows("March's profile, as it was observed when written", profiled,
                rowsToJava(lake.read("ops_data_quality").where(march)
                .select("kind", "period", "file_name", "checksum", "metric", "instance", "value").orderBy("metric", "instance").collectAsList()));
        assertEquals(5.0, (Double) lake.read("ops_data_quality").where("file_name = 'bhyt_the_2026-04.csv' AND metric = 'bronze_rows'")
                .first().getAs("value"), "April profiled as it was written");
    }

    @Test
    void aRunThatDiedBeforeRecordingItsFilesCompletesOnRerunWithoutDuplicates() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(5, "11311"));
        night(lake, inbox);
        long opsVersion = lake.version("ops_file_ingestion");
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(7, "11311") + "bad,row\n");
        night(lake, inbox);
        // Simulate a crash after bronze and quarantine were written but before ops_file_ingestion was:
        DeltaTable.forPath(spark(), lake.path("ops_file_ingestion")).restoreToVersion(opsVersion);
        assertEquals(1, lake.read("ops_file_ingestion").count());
        night(lake, inbox);
        assertEquals(12, lake.read("bronze_bhyt_the").count(), "the April rows are in bronze once");
        assertEquals(1, lake.read("ops_quarantine").where(col("file_name").equalTo("bhyt_the_2026-04.csv")).count());
        assertEquals(7L, (Long) lake.read("mart_health_insurance_monthly")
                .where("area_level = 'city' AND period = '2026-04'").first().getAs("insured_persons"));
    }

    String status(Lake lake, String folder, String file) {
        List<Row> r = lake.read("ops_file_ingestion").where(col("source").equalTo(folder).and(col("file_name").equalTo(file))).collectAsList();
        assertEquals(1, r.size(), "one ops row for " + folder + "/" + file);
        return r.get(0).getAs("status") + (r.get(0).getAs("message") == null ? "" : ": " + r.get(0).getAs("message"));
    }

    long insured(Lake lake, String period) {
        List<Row> r = lake.read("mart_health_insurance_monthly").where("area_level = 'city' AND period = '" + period + "'").collectAsList();
        return r.isEmpty() ? 0 : (Long) r.get(0).getAs("insured_persons");
    }

    @Test
    void impossibleFileNamesAreRejectedAloneAndTheNightGoesOn() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        write(inbox, "bhyt", "bhyt_the_2024-11_v99999999999.csv", cards(2, "11311"));
        write(inbox, "bhyt", "bhyt_the_1899-01.csv", cards(2, "11311"));
        write(inbox, "bhyt", "bhyt_the_2031-01.csv", cards(2, "11311"));
        NightlyJob.Outcome o = night(lake, inbox);
        assertEquals("ingested", status(lake, "bhyt", "bhyt_the_2026-03.csv"));
        assertTrue(status(lake, "bhyt", "bhyt_the_2024-11_v99999999999.csv").startsWith(
                "rejected: file name bhyt_the_2024-11_v99999999999.csv: version _v99999999999 is out of range"));
        assertTrue(status(lake, "bhyt", "bhyt_the_1899-01.csv").startsWith("rejected: file name bhyt_the_1899-01.csv: period 1899-01 is before 2000"));
        assertTrue(status(lake, "bhyt", "bhyt_the_2031-01.csv").startsWith("rejected: file name bhyt_the_2031-01.csv: period 2031-01 begins after next month"));
        assertEquals(List.of("2026-03"), o.ingest().active().stream().map(a -> a.period()).toList(), "only the real month is in force");
        assertEquals(3, insured(lake, "2026-03"));
    }

    @Test
    void aFileRejectedInTheWrongFolderIsIngestedWhenItComesBackInTheRightOne() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        String population = "Mã xã,Tên xã,Năm,Dân số trung bình,Dân số từ 60 tuổi\n11311,Phường Hồng Bàng,2024,200,40\n";
        write(inbox, "bhyt", "bhyt_the_2024-12.csv", cards(3, "11311"));
        write(inbox, "bhyt", "dan_so_2024.csv", population);
        night(lake, inbox);
        assertTrue(status(lake, "bhyt", "dan_so_2024.csv").startsWith("rejected: file name follows no contract of folder 'bhyt'"));
        Files.createDirectories(inbox.resolve("dan_so"));
        Files.move(inbox.resolve("bhyt/dan_so_2024.csv"), inbox.resolve("dan_so").resolve("dan_so_2024.csv"));
        night(lake, inbox);
        assertEquals("ingested", status(lake, "dan_so", "dan_so_2024.csv"), "same name and bytes, right folder: a new delivery");
        assertEquals(1, lake.read("bronze_dan_so").count());
        // Other bytes under a name rejected before are looked at again too.
        write(inbox, "bhyt", "bhyt_the_2025-13.csv", cards(1, "11311"));
        night(lake, inbox);
        write(inbox, "bhyt", "bhyt_the_2025-13.csv", cards(2, "11311"));
        night(lake, inbox);
        assertEquals(2, lake.read("ops_file_ingestion").where("file_name = 'bhyt_the_2025-13.csv' AND status = 'rejected'").count());
    }

    @Test
    void aSuspiciousCorrectionIsHeldUntilAcceptedAndTheEarlierDeliveryStaysInForce() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(10, "11311"));
        night(lake, inbox);
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", HEADER);          // header only
        write(inbox, "bhyt", "bhyt_the_2026-03_v3.csv", cards(4, "11311")); // fewer than half
        NightlyJob.Outcome o = night(lake, inbox);
        assertTrue(status(lake, "bhyt", "bhyt_the_2026-03_v2.csv").startsWith(
                "held: 0 rows accepted against 10 in bhyt_the_2026-03.csv, which it would replace (no data rows)"), status(lake, "bhyt", "bhyt_the_2026-03_v2.csv"));
        assertTrue(status(lake, "bhyt", "bhyt_the_2026-03_v3.csv").startsWith(
                "held: 4 rows accepted against 10 in bhyt_the_2026-03.csv, which it would replace (fewer than half)"));
        assertEquals(2, o.ingest().held().size());
        assertEquals("ingested", status(lake, "bhyt", "bhyt_the_2026-03.csv"));
        assertEquals(10, insured(lake, "2026-03"), "the earlier delivery stays in force");
        assertEquals(2, night(lake, inbox).ingest().held().size(), "still held on the next night, and said so");

        vn.haiphong.indicators.ingest.IngestJob.accept(lake, "bhyt/bhyt_the_2026-03_v3.csv", "tester", java.time.Instant.now());
        assertTrue(status(lake, "bhyt", "bhyt_the_2026-03_v3.csv").startsWith("ingested: accepted by tester"));
        assertTrue(status(lake, "bhyt", "bhyt_the_2026-03.csv").startsWith("superseded"));
        NightlyJob.Outcome after = night(lake, inbox);
        assertEquals(List.of("2026-03"), after.periodsConformed());
        assertEquals(4, insured(lake, "2026-03"), "the accepted correction is in force");
        assertEquals(1, after.ingest().held().size(), "v2 still waits");
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> vn.haiphong.indicators.ingest.IngestJob.accept(lake, "bhyt_the_2026-04.csv", "tester", java.time.Instant.now()));
        assertTrue(none.getMessage().contains("no held delivery named bhyt_the_2026-04.csv") && none.getMessage().contains("bhyt/bhyt_the_2026-03_v2.csv"),
                none.getMessage());
    }

    @Test
    void aFileWhoseLastLineHasNoLineEndingIsFlaggedNotRejected() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        String text = cards(3, "11311");
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", text.substring(0, text.length() - 1));
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", text);
        night(lake, inbox);
        assertEquals("ingested: possibly truncated: the last line has no line ending", status(lake, "bhyt", "bhyt_the_2026-03.csv"));
        assertEquals("ingested", status(lake, "bhyt", "bhyt_the_2026-04.csv"));
        assertEquals(3, insured(lake, "2026-03"));
    }

    @Test
    void duplicateOpsRowsLeftByAnOlderVersionAreRepairedNotFailed() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        night(lake, inbox);
        // what two overlapping nights of an older version left: two "ingested" rows for one file
        lake.read("ops_file_ingestion").withColumn("run_id", org.apache.spark.sql.functions.lit("other-night"))
                .write().format("delta").mode("append").save(lake.path("ops_file_ingestion"));
        lake.refresh();
        assertEquals(2, lake.read("ops_file_ingestion").count());
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(2, "11311"));
        night(lake, inbox);
        assertEquals(2, lake.read("ops_file_ingestion").count(), "one row per delivery");
        assertEquals(1, lake.read("ops_file_ingestion").where("file_name = 'bhyt_the_2026-03.csv'").count());
        assertEquals(3, insured(lake, "2026-03"));
        assertEquals(2, insured(lake, "2026-04"));
    }

    @Test
    void aNightWithAnotherPseudonymKeyIsRefusedBeforeReadingAnything() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        night(lake, inbox);
        String recorded = Files.readString(tmp.resolve("lake/_city_indicators/pseudonym_key.json"));
        assertTrue(!recorded.contains("test-key") && recorded.contains("PBKDF2"), recorded);

        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(2, "11311"));
        Pseudonymizer other = new Pseudonymizer("another-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), other, "run-2", false));
        assertTrue(refused.getMessage().startsWith("the pseudonym key (CITY_INDICATORS_PSEUDONYM_KEY) is not the key lake "), refused.getMessage());
        assertTrue(!refused.getMessage().contains("another-key") && !refused.getMessage().contains("test-key"), "names neither key");
        assertTrue(!refused.getMessage().contains("night in a row"), "a first failure is not called repeated");
        IllegalStateException again = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), other, "run-3", false));
        assertTrue(again.getMessage().startsWith(refused.getMessage() + "\nThis is the 2nd night in a row to stop with this same error"),
                again.getMessage());
        lake.refresh();
        assertEquals(1, lake.read("ops_file_ingestion").count(), "nothing was read");

        night(lake, inbox);
        assertEquals(2, insured(lake, "2026-04"), "the lake's own key still works");
        assertTrue(!Files.exists(tmp.resolve("lake/" + RepeatedFailure.FILE)), "a night that ends normally forgets the failure");
    }
}
