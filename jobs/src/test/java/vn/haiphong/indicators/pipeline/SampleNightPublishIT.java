package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.export.CsvExport;
/** What the sample night serves: the export, the star schema in PostgreSQL with small counts hidden, and the notebooks on it. */
class SampleNightPublishIT extends SampleNight {
    @Test
    void theHealthMartAsPublishedHidesSmallCountsSoThatNoneCanBeRecovered() {
        Dataset<Row> gold = lake.read("mart_health_insurance_monthly");
        List<vn.haiphong.indicators.publish.Disclosure.Rule> rules = vn.haiphong.indicators.publish.Disclosure.of(
                vn.haiphong.indicators.publish.Disclosure.load(), "mart_health_insurance_monthly");
        Dataset<Row> published = vn.haiphong.indicators.publish.Disclosure.apply(gold, rules, 10, 10, spark());
        Map<String, Row> exact = new TreeMap<>();
        for (Row r : gold.collectAsList()) exact.put(r.getAs("area_code") + "|" + r.getAs("period"), r);
        Map<String, List<Row>> byPeriod = new TreeMap<>();
        int suppressed = 0;
        for (Row r : published.collectAsList()) {
            Row g = exact.get(r.getAs("area_code") + "|" + r.getAs("period"));
            for (vn.haiphong.indicators.publish.Disclosure.Rule rule : rules) {
                String why = r.getAs(rule.column() + "_suppressed");
                Object value = r.getAs(rule.column());
                if (why == null) {
                    assertEquals(g.<Object>getAs(rule.column()), value, "published cells are gold's: " + rule.column() + " " + r);
                    if (rule.kind().equals("count") && value != null) {
                        long v = ((Number) value).longValue();
                        assertTrue(v == 0 || v >= 10, "no small count published: " + rule.column() + " " + r);
                    }
                } else {
                    assertTrue(r.isNullAt(r.fieldIndex(rule.column())), "suppressed means null: " + r);
                    suppressed++;
                }
            }
            byPeriod.computeIfAbsent(r.getAs("period"), k -> new ArrayList<>()).add(r);
        }
        assertTrue(suppressed >= 10, "some of the samples' communes are small: " + suppressed + " suppressed cells");
        // the attack: for each period and count, bound every suppressed commune cell by the city total, the published
        // cells and the reasons (1-9 for a small count, at least 10 for a secondary one): none may be pinned down
        for (Map.Entry<String, List<Row>> p : byPeriod.entrySet()) {
            for (vn.haiphong.indicators.publish.Disclosure.Rule rule : rules) {
                if (!rule.kind().equals("count")) continue;
                Row city = p.getValue().stream().filter(r -> "city".equals(r.getAs("area_level"))).findFirst().orElseThrow();
                if (city.isNullAt(city.fieldIndex(rule.column()))) continue; // no total published: nothing to subtract from
                long rest = ((Number) city.getAs(rule.column())).longValue();
                List<long[]> hidden = new ArrayList<>(); // {lower, upper}
                for (Row r : p.getValue()) {
                    if (!"commune".equals(r.getAs("area_level"))) continue;
                    String why = r.getAs(rule.column() + "_suppressed");
                    Row g = exact.get(r.getAs("area_code") + "|" + r.getAs("period"));
                    if (why == null) {
                        if (!r.isNullAt(r.fieldIndex(rule.column()))) rest -= ((Number) r.getAs(rule.column())).longValue();
                    } else if (!g.isNullAt(g.fieldIndex(rule.column()))) {
                        hidden.add(why.equals("small_count") ? new long[] {1, 9} : new long[] {10, Long.MAX_VALUE / 1000});
                    }
                }
                long sumLower = hidden.stream().mapToLong(h -> h[0]).sum();
                long sumUpper = hidden.stream().mapToLong(h -> h[1]).sum();
                for (long[] h : hidden) {
                    long lo = Math.max(h[0], rest - (sumUpper - h[1]));
                    long hi = Math.min(h[1], rest - (sumLower - h[0]));
                    assertTrue(lo < hi, p.getKey() + " " + rule.column() + ": a suppressed cell is pinned to " + lo);
                }
            }
        }
    }

    @Test
    void applicationsAndSchoolsAsPublishedHideSmallCountsAlongEveryMargin() {
        for (String table : List.of("mart_social_housing_applications", "mart_schools_yearly")) {
            List<vn.haiphong.indicators.publish.Disclosure.Rule> rules = vn.haiphong.indicators.publish.Disclosure.of(
                    vn.haiphong.indicators.publish.Disclosure.load(), table);
            List<vn.haiphong.indicators.publish.Disclosure.Margin> margins = vn.haiphong.indicators.publish.Disclosure.margins().stream()
                    .filter(m -> m.table().equals(table)).toList();
            assertTrue(rules.size() >= 3 && margins.size() == 2, table + ": rules and both margins declared");
            Dataset<Row> gold = lake.read(table);
            List<Row> published = vn.haiphong.indicators.publish.Disclosure.apply(gold, rules, 10, 10, spark()).collectAsList();
            List<Row> exact = gold.collectAsList();
            assertEquals(exact.size(), published.size());
            int suppressed = 0;
            for (vn.haiphong.indicators.publish.Disclosure.Rule rule : rules) {
                if (!rule.kind().equals("count")) continue;
                for (int i = 0; i < published.size(); i++) {
                    Row p = published.get(i);
                    Object v = p.getAs(rule.column());
                    if (p.getAs(rule.column() + "_suppressed") != null) {
                        suppressed++;
                        assertEquals(null, v);
                    } else {
                        assertEquals(exact.get(i).<Object>getAs(rule.column()), v, table + " " + rule.column() + " row " + i);
                        assertTrue(v == null || ((Number) v).longValue() == 0 || ((Number) v).longValue() >= 10,
                                table + ": a small count published: " + p);
                    }
                }
                // the reader's attack along each margin: a total less its published members; one suppressed cell in a
                // relation (total or member) would be given away by subtraction
                for (vn.haiphong.indicators.publish.Disclosure.Margin m : margins) {
                    Map<List<Object>, List<Row>> groups = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
                    for (Row p : published) {
                        boolean total = String.valueOf((Object) p.getAs(m.total().column())).equals(m.total().value()) == m.total().equal();
                        boolean member = String.valueOf((Object) p.getAs(m.members().column())).equals(m.members().value()) == m.members().equal();
                        if (!total && !member) continue;
                        List<Object> key = new ArrayList<>();
                        for (String c : m.same()) key.add(p.getAs(c));
                        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                    }
                    for (Map.Entry<List<Object>, List<Row>> g : groups.entrySet()) {
                        long hidden = g.getValue().stream().filter(p -> p.getAs(rule.column() + "_suppressed") != null
                                && !exact.get(published.indexOf(p)).isNullAt(exact.get(published.indexOf(p)).fieldIndex(rule.column()))).count();
                        assertTrue(hidden != 1, table + " " + rule.column() + " " + m.same() + "=" + g.getKey()
                                + ": a lone suppressed cell is the total less the others");
                    }
                }
            }
            if (table.equals("mart_social_housing_applications")) {
                assertTrue(suppressed > 20, "the samples' applications are small counts: " + suppressed);
            }
        }
    }

    @Test
    void thePublishedStarSchemaJoinsBackToGoldAndDocumentsEveryColumn() throws Exception {
        PublishedDatabase db = published();
        db.isIdempotent();
        db.joinsBackToGold(lake);
        try (java.sql.Connection c = db.target.connect()) {
            assertEquals(1, PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators_meta.publish_log"));
            // every column of every published table has its meaning, in COMMENT ON and in data_dictionary
            List<Map<String, Object>> undocumented = PublishedDatabase.query(c, "SELECT k.relname, a.attname FROM pg_attribute a "
                    + "JOIN pg_class k ON k.oid = a.attrelid JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = "
                    + "'city_indicators' AND k.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND col_description(k.oid, a.attnum) IS NULL");
            assertEquals(List.of(), undocumented, "columns without COMMENT ON");
            // the editions: one row each, and their city and ranking figures, each joined to its edition
            assertEquals(2, PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.dim_edition WHERE kind = 'year' AND period = '2025'"));
            assertEquals(lake.read("ops_edition_figures").where("area_code IS NULL OR area_code = '31' OR section = 'ranking'").count(),
                    PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.fact_edition_figure JOIN city_indicators.dim_edition USING (edition_id)"));
            assertEquals(0, PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.fact_edition_figure WHERE section = 'commune_criteria'"),
                    "a commune's values are not published through the editions");
            assertEquals(PublishedDatabase.count(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'city_indicators'"),
                    PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.data_dictionary WHERE meaning <> '(not documented)'"),
                    "data_dictionary: one documented row per published column");
            assertEquals(0, PublishedDatabase.count(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace "
                    + "WHERE n.nspname = 'city_indicators' AND k.relkind = 'r' AND obj_description(k.oid) IS NULL"), "tables without COMMENT ON");
            // the star: facts refer to the dimensions by foreign keys, and every fact row finds its area and criterion
            assertTrue(PublishedDatabase.count(c, "SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = "
                    + "'city_indicators' AND constraint_type = 'FOREIGN KEY'") >= 15, "foreign keys to the dimensions");
            assertEquals(lake.read("mart_criteria_scorecard").count(), PublishedDatabase.count(c, "SELECT count(*) FROM "
                    + "city_indicators.fact_criteria_scorecard f JOIN city_indicators.dim_criterion USING (criterion_id) "
                    + "JOIN city_indicators.dim_area a USING (area_code)"));
            assertEquals(lake.read("mart_criteria_scorecard").where("year IS NOT NULL").count(), PublishedDatabase.count(c,
                    "SELECT count(*) FROM city_indicators.fact_criteria_scorecard f JOIN city_indicators.dim_period p ON p.period = f.year::text"),
                    "every dated row finds its year in dim_period (undated targets have none)");
            assertEquals("31", PublishedDatabase.query(c, "SELECT parent_code FROM city_indicators.dim_area WHERE area_level = 'commune' "
                    + "LIMIT 1").get(0).get("parent_code"));
            assertEquals(114, PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.dim_area WHERE area_level = 'commune'"));
            assertEquals((long) vn.haiphong.indicators.criteria.CriteriaCatalog.load().targets().size(), PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.dim_target"));
            // suppression reaches what is computed from a suppressed cell: no small commune's figure through the scorecard
            Map<String, Map<String, Object>> health = new java.util.HashMap<>();
            for (Map<String, Object> h : PublishedDatabase.query(c, "SELECT * FROM city_indicators.fact_health_insurance_monthly")) {
                health.put(h.get("area_code") + "|" + h.get("period"), h);
            }
            List<Map<String, Object>> derived = PublishedDatabase.query(c, "SELECT criterion_id, area_code, as_of_period, metric, "
                    + "actual_value, suppressed_cells FROM city_indicators.fact_criteria_scorecard "
                    + "WHERE metric LIKE 'mart_health_insurance_monthly.%' AND as_of_period IS NOT NULL");
            assertTrue(derived.size() > 0);
            int carried = 0;
            for (Map<String, Object> r : derived) {
                String column = String.valueOf(r.get("metric")).split("\\.", 2)[1].split("\\?")[0];
                Map<String, Object> cell = health.get(r.get("area_code") + "|" + r.get("as_of_period"));
                if (cell == null || !cell.containsKey(column + "_suppressed")) continue; // a column not controlled
                boolean source = cell.get(column + "_suppressed") != null;
                assertEquals(source, String.valueOf(r.get("suppressed_cells")).contains("actual_value"),
                        "the scorecard's value is suppressed exactly where its cell is: " + r);
                if (source) {
                    assertEquals(null, r.get("actual_value"), r.toString());
                    carried++;
                }
            }
            assertTrue(carried > 0, "the samples' small communes hide their scorecard figures too");
            assertEquals(0, PublishedDatabase.count(c, "SELECT count(*) FROM city_indicators.fact_forecast f WHERE point IS NOT NULL AND "
                    + "EXISTS (SELECT 1 FROM city_indicators.fact_criteria_scorecard s WHERE s.criterion_id = f.criterion_id "
                    + "AND s.area_code = f.area_code AND s.suppressed_cells LIKE '%actual_value%')"), "no forecast of a hidden series");
        }
        String dictionary = Files.readString(Path.of(db.first.dictionary()));
        assertTrue(dictionary.contains("## `fact_health_insurance_monthly`") && dictionary.contains("`bhyt_coverage_pct`")
                && dictionary.contains("000_8b319e7ed3a50763.txt:L3176-3178"), "the Markdown dictionary: tables, criteria, source lines");
    }

    @Test
    void theNotebooksRunOnThePublishedSampleNight() throws Exception {
        String output = published().runNotebooks();
        for (String notebook : List.of("01_health_coverage_by_commune", "02_criterion_history_and_forecast", "03_model_schools_progress",
                "04_social_housing_completions", "05_plastic_reduction_pilot_zones", "06_model_summary", "07_compare_editions")) {
            assertTrue(output.contains("ok      " + notebook + ".ipynb"), output);
            String executed = Files.readString(Path.of("target", "notebooks-executed", notebook + ".ipynb"));
            assertTrue(executed.contains("image/png"), notebook + " draws its figure");
        }
    }

    @Test
    void exportWritesEveryTableSortedWithIsoFormats() throws IOException {
        Path out = tmp.resolve("export");
        Map<String, Long> written = CsvExport.export(lake, LakeTables.load().exported(), out).written();
        assertEquals(List.of("ops_file_ingestion", "ops_quarantine", "mart_health_insurance_monthly", "mart_schools_yearly",
                        "mart_model_schools", "mart_social_housing", "mart_social_housing_applications", "mart_tourism_plastics",
                        "mart_commune_assessments", "mart_city_indicators", "mart_criteria_scorecard", "mart_forecast", "mart_model_summary", "mart_commune_index", "mart_index_method",
                        "ops_data_quality", "mart_delivery_completeness", "ops_alerts"),
                List.copyOf(written.keySet()));
        for (vn.haiphong.indicators.graph.TableDef def : LakeTables.load().exported()) {
            String t = def.name();
            List<String> lines = Files.readAllLines(out.resolve(t + ".csv"), StandardCharsets.UTF_8);
            Dataset<Row> gold = lake.read(t);
            List<String> goldRows = sortedRows(gold);
            assertEquals(goldRows.size() + 1, lines.size(), t + ": header plus every row");
            assertEquals(String.join(",", gold.columns()), lines.get(0), t + " header");
            // the Parquet copy: the same rows, the same types
            Dataset<Row> parquet = spark().read().parquet(out.resolve("parquet").resolve(t).toString());
            assertEquals(gold.schema().simpleString(), parquet.schema().simpleString(), t + " types");
            List<String> copied = sortedRows(parquet);
            for (int i = 0; i < Math.max(goldRows.size(), copied.size()); i++) {
                assertEquals(i < goldRows.size() ? goldRows.get(i) : "<none>", i < copied.size() ? copied.get(i) : "<none>",
                        t + ": row " + (i + 1) + " in sorted order");
            }
        }
        List<CSVRecord> mart = SampleOracle.records(out.resolve("mart_health_insurance_monthly.csv"));
        List<String> keys = new ArrayList<>();
        for (CSVRecord r : mart.subList(1, mart.size())) keys.add(r.get(0) + "|" + r.get(1) + "|" + r.get(3));
        assertEquals(keys.stream().sorted().toList(), keys, "rows in key order");
        CSVRecord city = mart.stream().filter(r -> r.get(0).equals("city") && r.get(3).equals("2026-10")).findFirst().orElseThrow();
        assertTrue(city.get(9).matches("\\d+\\.\\d+"), "coverage with a '.' decimal mark: " + city.get(9));
        List<CSVRecord> ops = SampleOracle.records(out.resolve("ops_file_ingestion.csv"));
        assertTrue(ops.get(1).get(15).matches("\\d{4}-\\d{2}-\\d{2}T.*"), "ISO timestamp: " + ops.get(1).get(15));
    }
}
