package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
/** What the sample night takes in: every file balanced, bad rows quarantined under their rule, no personal value in clear, receipts, and nights after it that find nothing new. */
class SampleNightIngestIT extends SampleNight {
    @Test
    void everyFileBalancesAndMatchesWhatTheLakeHolds() throws IOException {
        List<Row> ops = ops();
        assertEquals(sampleFiles(), ops.size(), "one ops row per delivered file");
        // rows per delivery (checksum) of each table, one query per table
        Map<String, Map<String, Long>> rowsByChecksum = new HashMap<>();
        java.util.function.BiFunction<String, String, Long> rows = (table, checksum) -> rowsByChecksum.computeIfAbsent(table, t -> {
            Map<String, Long> counts = new HashMap<>();
            String column = t.equals("ops_quarantine") ? "checksum" : "_checksum";
            for (Row c : lake.read(t).groupBy(column).count().collectAsList()) counts.put(c.getString(0), c.getLong(1));
            return counts;
        }).getOrDefault(checksum, 0L);
        for (Row r : ops) {
            String file = r.getAs("file_name");
            String checksum = r.getAs("checksum");
            long read = r.getAs("rows_read"), accepted = r.getAs("rows_accepted"), quarantined = r.getAs("rows_quarantined");
            assertEquals(read, accepted + quarantined, file + ": read = accepted + quarantined");
            assertEquals(SampleOracle.dataLines(SAMPLES.resolve((String) r.getAs("source")).resolve(file)), read,
                    file + ": rows_read equals the file's data lines");
            String bronze = "bronze_" + r.getAs("kind");
            assertEquals(accepted, rows.apply(bronze, checksum), file + ": bronze rows");
            assertEquals(quarantined, rows.apply("ops_quarantine", checksum), file + ": quarantined rows");
        }
        Map<String, String> status = new TreeMap<>();
        ops.forEach(r -> status.put(r.getAs("file_name"), r.getAs("status")));
        assertEquals("superseded", status.get("bhyt_the_2026-10.csv"));
        assertEquals("ingested", status.get("bhyt_the_2026-10_v2.csv"));
        for (String replaced : List.of("noxh_du_an_2026-10.csv", "chi_tieu_kt_xh_2024.csv")) {
            assertEquals("superseded", status.get(replaced), replaced);
        }
        assertEquals(sampleFiles() - 3, status.values().stream().filter("ingested"::equals).count());
    }

    @Test
    void quarantineNamesTheRuleOfEveryInjectedBadRow() {
        List<String> rules = lake.read("ops_quarantine").where(col("file_name").equalTo("bhyt_the_2026-09.csv"))
                .orderBy("line_number").select("rules").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("card_number.format", "card_number.format", "commune_code.format", "valid_to.not_before_valid_from",
                "birth_date.not_future", "gender.allowed_values", "valid_from.required", "valid_from.format",
                "row.field_count", "row.malformed"), rules);
        Row q = lake.read("ops_quarantine").where(col("file_name").equalTo("bhyt_the_2026-09.csv")).orderBy("line_number").first();
        assertTrue(((String) q.getAs("reason")).startsWith("line " + q.getAs("line_number") + ": column 'Mã thẻ BHYT'"),
                (String) q.getAs("reason"));
    }

    @Test
    void everyInjectedBadRowOfTheProgrammeFilesIsQuarantinedUnderItsRule() {
        Map<String, List<String>> expected = new TreeMap<>(Map.of(
                "truong_hoc_2025-2026.csv", List.of("classrooms_solid.not_above_classrooms", "school_level.allowed_values",
                        "national_standard_level.allowed_values", "commune_code.format"),
                "truong_hoc_2026-2027.csv", List.of("pupils.format"),
                "danh_gia_xhcn_2026-05-20.csv", List.of("school_code.known", "dimension.allowed_values", "met.allowed_values",
                        "assessment_date.matches_period"),
                "noxh_du_an_2026-06.csv", List.of("completion_date.not_before_construction_start",
                        "social_infrastructure.allowed_values", "construction_start.not_after_period"),
                "noxh_du_an_2026-10.csv", List.of("units_completed.not_above_units_planned"),
                "noxh_ho_so_2026-09.csv", List.of("citizen_id.format", "priority_group.allowed_values",
                        "decided_on.not_before_submitted_on", "decided_on.empty_iff_status", "decided_on.empty_iff_status"),
                "co_so_du_lich_2026-06.csv", List.of("zone.allowed_values", "coastal.allowed_values", "inspected_on.in_period"),
                "rac_nhua_2026-10.csv", List.of("plastic_kg.not_above_total_kg", "weighed_on.in_period", "visitors.format"),
                "chi_tieu_kt_xh_2026.csv", List.of("value.format", "value_type.allowed_values", "year.not_after_period"),
                "danh_gia_mo_hinh_xa_2025.csv", List.of("score.not_above_max_score", "model.allowed_values", "year.matches_period",
                        "commune_code.format")));
        Map<String, List<String>> actual = new TreeMap<>();
        for (Row r : lake.read("ops_quarantine").where("kind NOT IN ('bhyt_the', 'bhyt_tram_y_te', 'dan_so')")
                .orderBy("file_name", "line_number").collectAsList()) {
            actual.computeIfAbsent(r.getAs("file_name"), k -> new ArrayList<>()).add(r.getAs("rules"));
        }
        actual.remove("danh_gia_xhcn_2026-11-10.csv"); // the same four rows as in May
        assertEquals(expected, actual);
        String raw = lake.read("ops_quarantine").where("rules = 'citizen_id.format'").first().getAs("raw_masked");
        assertTrue(raw.startsWith("HS-X-1,***,"), "the citizen ID is masked: " + raw);
    }

    @Test
    void insuredPersonsMatchAnIndependentCountOfTheActiveDeliveries() throws IOException {
        Map<String, String> active = Map.of("2023-12", "bhyt_the_2023-12.csv", "2024-12", "bhyt_the_2024-12.csv",
                "2025-06", "bhyt_the_2025-06.csv", "2025-12", "bhyt_the_2025-12.csv",
                "2026-09", "bhyt_the_2026-09.csv", "2026-10", "bhyt_the_2026-10_v2.csv");
        for (Map.Entry<String, String> e : active.entrySet()) {
            Map<String, Long> expected = SampleOracle.insuredByCommune(SAMPLES.resolve("bhyt").resolve(e.getValue()),
                    YearMonth.parse(e.getKey()));
            Map<String, Long> actual = new TreeMap<>();
            for (Row r : lake.read("mart_health_insurance_monthly")
                    .where(col("period").equalTo(e.getKey()).and(col("area_level").equalTo("commune"))
                            .and(col("insured_persons").gt(0))).collectAsList()) {
                actual.put(r.getAs("area_code"), r.getAs("insured_persons"));
            }
            assertEquals(expected, actual, "insured persons per commune in " + e.getKey() + " (" + e.getValue() + ")");
            long city = lake.read("mart_health_insurance_monthly").where(col("period").equalTo(e.getKey())
                    .and(col("area_level").equalTo("city"))).first().getAs("insured_persons");
            assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), city, "city total " + e.getKey());
        }
        assertTrue(SampleOracle.insuredByCommune(SAMPLES.resolve("bhyt").resolve("bhyt_the_2026-10.csv"), YearMonth.of(2026, 10))
                .get("11914") == null, "the superseded v1 lacked Cát Hải; v2's figures are the ones in the mart");
    }

    @Test
    void noNameOrCardNumberReachesTheLake() throws IOException {
        Set<String> secrets = samplePersonalValues();
        assertTrue(secrets.size() > 1000, "collected " + secrets.size() + " personal values from the samples");
        assertTrue(secrets.contains("0312345678"), "the malformed citizen ID of a quarantined row is checked too");
        Secrets index = new Secrets(secrets);
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(tmp.resolve("lake"))) {
            for (Path table : dirs.toList()) {
                if (table.getFileName().toString().startsWith("_")) { // the lake's own files (lock, key fingerprint)
                    try (Stream<Path> own = Files.walk(table)) {
                        for (Path f : own.filter(Files::isRegularFile).toList()) {
                            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8); // lenient: .crc files are binary
                            for (String secret : index.in(text)) leaks.add(f + ": " + secret);
                        }
                    }
                    continue;
                }
                Dataset<Row> df = lake.read(table.getFileName().toString());
                // every text value of the table with its column's name, in one query: (column, value) pairs
                List<String> texts = new ArrayList<>();
                for (StructField f : df.schema().fields()) {
                    String type = f.dataType().typeName();
                    if (type.equals("string")) texts.add("array(named_struct('c', '" + f.name() + "', 'v', `" + f.name() + "`))");
                    if (type.equals("map")) texts.add("transform(coalesce(map_values(`" + f.name() + "`), cast(array() AS array<string>)), "
                            + "x -> named_struct('c', '" + f.name() + "', 'v', x))"); // a null map must not drop its row's other values
                }
                if (texts.isEmpty()) continue;
                for (Row v : df.selectExpr("inline(concat(" + String.join(", ", texts) + "))").distinct().collectAsList()) {
                    String s = v.isNullAt(1) ? "" : v.getString(1);
                    if (!index.in(s).isEmpty()) leaks.add(table.getFileName() + "." + v.getString(0) + ": " + s);
                }
            }
        }
        assertEquals(List.of(), leaks.subList(0, Math.min(5, leaks.size())), "personal data found in the lake");
    }

    @Test
    void everyDeliveryGetsAReceiptListingItsQuarantinedRowsWithNoPersonalValueInClear() throws IOException {
        var calendar = vn.haiphong.indicators.quality.DeliveryCalendar.load(null);
        var specs = vn.haiphong.indicators.ingest.ExtractSpec.loadAll();
        Path receipts = tmp.resolve("lake").resolve(vn.haiphong.indicators.report.Receipts.FOLDER);
        vn.haiphong.indicators.report.Receipts.write(lake, specs, calendar);
        List<Row> files = lake.read("ops_file_ingestion").collectAsList();
        Map<String, Long> rulesBroken = new java.util.HashMap<>(); // checksum -> rules broken over its quarantined rows
        Map<String, Set<Long>> linesOf = new java.util.HashMap<>();
        for (Row q : lake.read("ops_quarantine").collectAsList()) {
            rulesBroken.merge(q.getAs("checksum"), (long) q.<String>getAs("rules").split(";").length, Long::sum);
            linesOf.computeIfAbsent(q.getAs("checksum"), k -> new java.util.TreeSet<>()).add(q.getAs("line_number"));
        }
        int withBadRows = 0;
        for (Row f : files) {
            String sender = vn.haiphong.indicators.report.Receipts.senderOf(f.getAs("source"), f.getAs("kind"), specs, calendar);
            String name = f.<String>getAs("file_name") + "--" + f.<String>getAs("checksum").substring(0, 12);
            Path csv = receipts.resolve(sender).resolve(name + ".csv");
            assertTrue(Files.exists(receipts.resolve(sender).resolve(name + ".html")), "a receipt for " + name);
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            long expected = rulesBroken.getOrDefault(f.<String>getAs("checksum"), 0L);
            assertEquals(expected, lines.size() - 1, "one receipt line per rule broken: " + name);
            if (expected == 0) continue;
            withBadRows++;
            Set<Long> seen = new java.util.TreeSet<>();
            try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new java.io.StringReader(String.join("\n", lines).substring(1)))) {
                for (CSVRecord r : parser) {
                    seen.add(Long.parseLong(r.get(0)));
                    assertTrue(!r.get(1).isEmpty() && !r.get(2).isEmpty() && !r.get(4).isEmpty(), "column, rule and what is expected: " + r);
                }
            }
            assertEquals(linesOf.get(f.<String>getAs("checksum")), seen, "the quarantined lines of " + name);
        }
        assertTrue(withBadRows >= 5, "the samples' files with bad rows have receipts listing them: " + withBadRows);
        // written once: the next night's writer leaves them as they are
        assertEquals(0, vn.haiphong.indicators.report.Receipts.write(lake, specs, calendar));
        Secrets index = new Secrets(samplePersonalValues());
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> all = Files.walk(receipts)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                for (String secret : index.in(Files.readString(f, StandardCharsets.UTF_8))) leaks.add(f.getFileName() + ": " + secret);
            }
        }
        assertEquals(List.of(), leaks, "personal data in a receipt");
    }

    @Test
    void secretsAreFoundInsideATextAsByContains() {
        Secrets secrets = new Secrets(Set.of("HT1313100000000", "Bùi Thị Phương", "0312345678"));
        assertEquals(Set.of("Bùi Thị Phương", "0312345678"), secrets.in("x,Bùi Thị Phương,abc0312345678"));
        assertEquals(Set.of("HT1313100000000"), secrets.in("HT1313100000000"), "the whole text");
        assertEquals(Set.of(), secrets.in("HT131310000000"), "one character short");
        assertEquals(Set.of(), secrets.in(""));
    }

    @Test
    void rerunningTheNightChangesNothing() throws IOException {
        Map<String, Long> before = versions();
        NightlyJob.Outcome again = night("run-2");
        assertEquals(0, again.ingest().newFiles().size());
        assertEquals(sampleFiles(), again.ingest().alreadyIngested());
        assertTrue(again.tablesRebuilt().isEmpty(), "rebuilt: " + again.tablesRebuilt());
        assertEquals(before, versions(), "no table got a new version");
    }

    @Test
    void aNightWithNothingNewReadsNoTableAndRepeatsWhatTheLastCompleteNightSaid() throws IOException {
        NightlyJob.Outcome settled = night("run-settle"); // whatever other tests did, a complete night has now run
        Map<String, Long> before = versions();
        Map.Entry<NightlyJob.Outcome, Integer> quiet = countingJobs("run-quiet", SAMPLES);
        NightlyJob.Outcome o = quiet.getKey();
        assertTrue(o.quiet(), "nothing changed since the settling night, so the night is quiet");
        assertEquals(0, quiet.getValue(), "Spark jobs started by a quiet night");
        assertEquals(0, o.ingest().newFiles().size());
        assertEquals(sampleFiles(), o.ingest().alreadyIngested());
        assertEquals(countBy("mart_criteria_scorecard", "status"), o.scorecardStatus(), "the scorecard's counts, as the lake holds them");
        assertEquals(countBy("ops_alerts", "severity"), o.alerts(), "the alerts' counts, as the lake holds them");
        assertTrue(o.tablesRebuilt().isEmpty());
        List<String> settledTables = new ArrayList<>(settled.tablesRebuilt());
        settledTables.addAll(settled.tablesUnchanged());
        assertEquals(new TreeSet<>(settledTables), new TreeSet<>(o.tablesUnchanged()), "tables reported unchanged");
        assertEquals(before, versions(), "no table got a new version");
    }

    @Test
    void aFileTouchedInTheInboxMakesTheNightLookAgainAndTheNextOneIsQuiet() throws IOException {
        // the samples copied with their times: the same listing as the samples' own
        Path inbox = tmp.resolve("touched-inbox");
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = inbox.resolve(SAMPLES.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        countingJobs("run-settle-touched", inbox);
        Map<String, Long> before = versions();
        Path touched = inbox.resolve("bhyt").resolve("bhyt_the_2026-09.csv");
        Files.setLastModifiedTime(touched, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(touched).toMillis() + 60_000));
        Map.Entry<NightlyJob.Outcome, Integer> look = countingJobs("run-touched", inbox);
        assertFalse(look.getKey().quiet(), "a file with another modification time is looked at again");
        assertTrue(look.getValue() > 0, "the night read the lake: " + look.getValue() + " Spark jobs");
        assertEquals(0, look.getKey().ingest().newFiles().size(), "same bytes: the same delivery, not a new one");
        assertTrue(look.getKey().tablesRebuilt().isEmpty(), "rebuilt: " + look.getKey().tablesRebuilt());
        Map.Entry<NightlyJob.Outcome, Integer> again = countingJobs("run-after-touch", inbox);
        assertEquals("run-touched", again.getKey().quietSince(), "the night that looked again left the mark");
        assertEquals(0, again.getValue());
        assertEquals(before, versions(), "no table got a new version");
    }

    /**
     * The night's lake serves the tables it wrote whole from the rows it kept (the summary, the report and the publish
     * read them so): each must read exactly as its Delta commit does through a lake that kept nothing.
     */
    @Test
    void theTablesTheNightWroteWholeReadFromItsKeptRowsAsFromTheirDeltaCommits() {
        Lake fromDelta = new Lake(spark(), lake.base());
        List<String> served = new ArrayList<>();
        for (vn.haiphong.indicators.graph.TableDef t : LakeTables.load().all()) {
            if (t.layer() == vn.haiphong.indicators.graph.Layer.MEMORY || !lake.exists(t.name())) continue;
            Dataset<Row> read = lake.read(t.name()), stored = fromDelta.read(t.name());
            if (read.inputFiles().length == 0) served.add(t.name());
            assertEquals(stored.schema(), read.schema(), t.name() + ": schema");
            List<String> want = sortedRows(stored), got = sortedRows(read);
            for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                assertEquals(i < want.size() ? want.get(i) : "<none>", i < got.size() ? got.get(i) : "<none>",
                        t.name() + ": row " + (i + 1) + " in sorted order");
            }
        }
        assertTrue(served.containsAll(List.of(TableNames.MART_SCORECARD, TableNames.OPS_ALERTS, "mart_model_summary",
                "mart_forecast", "mart_commune_index")), "served from the night's rows: " + served);
    }
}
