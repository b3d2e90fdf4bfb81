package vn.haiphong.indicators.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.ModelSummary;
import vn.haiphong.indicators.criteria.CompositeIndex;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;

/**
 * What the morning report shows, read from the lake's gold and ops tables into one plain structure (lists and maps,
 * serialised as the page's JSON): the city's and each model's targets (met, on track, needing acceleration, off
 * track, no data), the next deadline and the probability of meeting it; every criterion's history, targets and
 * forecast fan; the commune criteria of the year against their target; the commune ranking with its band; the data's
 * freshness, last night's files, quarantined rows by rule, and alerts.
 */
public final class MorningReport {
    private MorningReport() { }


    /**
     * @param year the report's year ("this year"): the latest year of the model summary not after it is shown
     */
    public static Map<String, Object> build(Lake lake, CriteriaCatalog catalog, int year, String generatedAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", generatedAt);
        Dataset<Row> summary = lake.read(TableNames.MART_MODEL_SUMMARY).where("area_level = 'city'");
        Integer shown = null;
        for (Row r : summary.where(col("year").leq(year)).selectExpr("max(year)").collectAsList()) shown = r.isNullAt(0) ? null : r.getInt(0);
        int y = shown == null ? year : shown;
        out.put("year", y);

        Dataset<Row> scorecard = lake.read(TableNames.MART_SCORECARD);
        List<Row> city = scorecard.where("area_level = 'city'").collectAsList();
        // per model: the next deadline (the nearest target year from this year on) and the mean probability of meeting
        // the targets due then
        Map<String, TreeMap<Integer, List<Double>>> next = new TreeMap<>();
        for (Row r : city) {
            Integer due = r.getAs("next_target_year");
            if (due == null || due < y) continue;
            String model = r.getAs("model_id") == null ? ModelSummary.GENERAL : r.getAs("model_id");
            for (String m : List.of(model, ModelSummary.ALL)) {
                List<Double> ps = next.computeIfAbsent(m, k -> new TreeMap<>()).computeIfAbsent(due, k -> new ArrayList<>());
                Double p = r.getAs("p_meet_next_target");
                if (p != null) ps.add(p);
            }
        }
        // every model is listed, with its figures of the year (none due: nulls), then general and all
        Map<String, Row> byModel = new LinkedHashMap<>();
        for (Row r : summary.where(col("year").equalTo(y)).collectAsList()) byModel.put(r.getAs("model_id"), r);
        List<Map<String, Object>> models = new ArrayList<>();
        for (Row model : ModelSummary.models(lake.spark()).collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            String id = model.getString(0);
            m.put("model_id", id);
            m.put("model_number", model.isNullAt(1) ? null : model.getInt(1));
            m.put("model_name_vi", model.getString(2));
            m.put("model_name_en", model.getString(3));
            Row r = byModel.get(id);
            for (String c : List.of("targets_due", "with_data", "met", "provisional", "on_track", "acceleration_needed", "off_track",
                    "no_data", "no_numeric_target", "stretch_judged", "stretch_met")) {
                m.put(c, r == null ? null : r.getAs(c));
            }
            TreeMap<Integer, List<Double>> deadlines = next.get(id);
            if (deadlines != null && !deadlines.isEmpty()) {
                Map.Entry<Integer, List<Double>> first = deadlines.firstEntry();
                m.put("next_deadline", first.getKey());
                m.put("next_deadline_targets", first.getValue().size());
                m.put("p_meet_next", first.getValue().isEmpty() ? null
                        : first.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow());
            }
            models.add(m);
        }
        out.put("models", models);
        out.put("criteria", criteria(city, lake.read(TableNames.MART_FORECAST).where("area_level = 'city'").collectAsList(), catalog, y));
        out.put("commune_criteria", communeCriteria(scorecard, y));
        out.put("ranking", ranking(lake, y));
        out.put("senders", senders(lake, y));
        out.put("editions", editions(lake));
        out.put("data", data(lake));
        return out;
    }

    /** Every criterion with a city value: its history, its targets and its forecast fan. */
    static List<Map<String, Object>> criteria(List<Row> city, List<Row> forecast, CriteriaCatalog catalog, int year) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (Row r : city) {
            String id = r.getAs("criterion_id");
            Map<String, Object> c = byId.computeIfAbsent(id, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("model_id", r.getAs("model_id") == null ? ModelSummary.GENERAL : r.getAs("model_id"));
                m.put("name_en", r.getAs("name_en"));
                m.put("unit", r.getAs("unit"));
                // who answers for it, so that a "not met" or "no data" names someone
                m.put("owner", r.getAs("owner"));
                m.put("history", new TreeMap<Integer, Double>());
                m.put("targets", new TreeMap<Integer, Double>());
                m.put("fan", new ArrayList<List<Object>>());
                return m;
            });
            Integer y = r.getAs("year");
            Double v = r.getAs("actual_value");
            if (y != null && v != null) history(c).put(y, v);
            Double target = r.getAs("target_value");
            if (y != null && target != null && !averageTarget(r)) targets(c).put(y, target);
            if (y != null && y == year) {
                c.put("status", r.getAs("status"));
                c.put("stretch_status", r.getAs("stretch_status"));
                c.put("progress_status", r.getAs("progress_status"));
            }
            if (r.getAs("next_target_year") != null) {
                c.put("next_target_year", r.getAs("next_target_year"));
                c.put("p_meet_next_target", r.getAs("p_meet_next_target"));
            }
        }
        for (CriteriaCatalog.Target t : catalog.targets()) {
            Map<String, Object> c = byId.get(t.criterionId());
            if (c != null) c.put("name_vi", t.nameVi() == null ? t.nameEn() : t.nameVi());
        }
        forecast.stream().sorted(Comparator.comparing(r -> r.<Integer>getAs("year"))).forEach(r -> {
            Map<String, Object> c = byId.get(r.<String>getAs("criterion_id"));
            if (c == null) return;
            @SuppressWarnings("unchecked") List<List<Object>> fan = (List<List<Object>>) c.get("fan");
            fan.add(java.util.Arrays.asList(r.getAs("year"), r.getAs("point"), r.getAs("lo80"), r.getAs("hi80"), r.getAs("lo95"), r.getAs("hi95")));
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : byId.values()) {
            if (history(c).isEmpty()) continue;
            c.put("history", pairs(history(c)));
            c.put("targets", pairs(targets(c)));
            out.add(c);
        }
        return out;
    }

    /** A target on the average growth over a period: a rate, not a level to mark on the series' chart. */
    private static boolean averageTarget(Row r) {
        String period = r.getAs("target_period");
        return period != null && period.startsWith("avg:");
    }

    @SuppressWarnings("unchecked")
    private static TreeMap<Integer, Double> history(Map<String, Object> c) { return (TreeMap<Integer, Double>) c.get("history"); }

    @SuppressWarnings("unchecked")
    private static TreeMap<Integer, Double> targets(Map<String, Object> c) { return (TreeMap<Integer, Double>) c.get("targets"); }

    private static List<List<Object>> pairs(Map<Integer, Double> m) {
        List<List<Object>> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(List.of(k, v)));
        return out;
    }

    /** The commune criteria with values this year, each commune's value and the year's target, best first. */
    static List<Map<String, Object>> communeCriteria(Dataset<Row> scorecard, int year) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (Row r : scorecard.where(col("area_level").equalTo("commune").and(col("year").equalTo(year))
                .and(col("actual_value").isNotNull())).collectAsList()) {
            String id = r.getAs("criterion_id");
            Map<String, Object> c = byId.computeIfAbsent(id, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("name_en", r.getAs("name_en"));
                m.put("unit", r.getAs("unit"));
                m.put("values", new ArrayList<Map<String, Object>>());
                return m;
            });
            if (r.getAs("target_value") != null && !averageTarget(r)) {
                c.put("target", r.getAs("target_value"));
                c.put("operator", r.getAs("operator"));
            }
            @SuppressWarnings("unchecked") List<Map<String, Object>> values = (List<Map<String, Object>>) c.get("values");
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("code", r.getAs("area_code"));
            v.put("name", r.getAs("area_name"));
            v.put("value", r.getAs("actual_value"));
            v.put("met", r.getAs("met"));
            if (values.stream().noneMatch(x -> x.get("code").equals(v.get("code")))) values.add(v);
        }
        for (Map<String, Object> c : byId.values()) {
            @SuppressWarnings("unchecked") List<Map<String, Object>> values = (List<Map<String, Object>>) c.get("values");
            values.sort(Comparator.comparing(v -> -((Double) v.get("value"))));
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * The happy-commune ranking of the latest year ranked (the resolution's 25 criteria in points), with the assessing
     * body's own overall score beside each commune's, and the special zones, ranked apart, with their status.
     */
    static Map<String, Object> ranking(Lake lake, int year) {
        if (!lake.exists(TableNames.MART_COMMUNE_INDEX)) return null;
        Dataset<Row> all = lake.read(TableNames.MART_COMMUNE_INDEX);
        Dataset<Row> index = all.where(col("index_id").equalTo(CompositeIndex.HAPPY_COMMUNE).and(col("rank").isNotNull()));
        List<Row> latest = index.where(col("year").leq(year)).selectExpr("max(year)").collectAsList();
        if (latest.isEmpty() || latest.get(0).isNullAt(0)) return null;
        int y = latest.get(0).getInt(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : index.where(col("year").equalTo(y)).orderBy("rank", "area_code").collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : List.of("area_code", "area_name", "index_value", "rank", "rank_change", "assessed_score_pct", "assessed_rank",
                    "agrees_with_assessment")) m.put(c, r.getAs(c));
            rows.add(m);
        }
        List<Map<String, Object>> zones = new ArrayList<>();
        for (Row r : all.where(col("index_id").equalTo(CompositeIndex.HAPPY_SPECIAL_ZONE).and(col("year").equalTo(y)))
                .orderBy("area_code").collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : List.of("area_code", "area_name", "index_status", "index_value", "rank", "assessed_score_pct")) m.put(c, r.getAs(c));
            zones.add(m);
        }
        Map<String, Object> ranking = new LinkedHashMap<>(); // Map.of would order its keys differently in each JVM
        ranking.put("year", y);
        ranking.put("rows", rows);
        ranking.put("special_zones", zones);
        ranking.put("disagreements", rows.stream().filter(m -> Boolean.FALSE.equals(m.get("agrees_with_assessment"))).count());
        return ranking;
    }

    /**
     * The reporting units of the year: per sender, the reporting rate, timeliness and quarantine rate, what is overdue,
     * and how many criteria without data await one of its deliveries (with a few of them).
     */
    static List<Map<String, Object>> senders(Lake lake, int year) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!lake.exists(TableNames.MART_DELIVERY_COMPLETENESS)) return out;
        Dataset<Row> rows = lake.read(TableNames.MART_DELIVERY_COMPLETENESS);
        Map<String, List<String>> owed = new LinkedHashMap<>();
        if (lake.exists(TableNames.MART_SCORECARD)) {
            for (Row r : lake.read(TableNames.MART_SCORECARD).where(col("status").equalTo("no_data").and(col("year").equalTo(year))
                    .and(col("awaited_from").isNotNull())).select("criterion_id", "awaited_from").distinct().orderBy("criterion_id").collectAsList()) {
                for (String sender : r.getString(1).split("; ")) owed.computeIfAbsent(sender, k -> new ArrayList<>()).add(r.getString(0));
            }
        }
        Map<String, Map<String, Object>> bySender = new LinkedHashMap<>();
        for (Row r : rows.orderBy("sender_id", "delivery_id", "reporting_period").collectAsList()) {
            Map<String, Object> m = bySender.computeIfAbsent(r.getAs("sender_id"), id -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("sender_id", id);
                n.put("sender", r.getAs("sender"));
                n.put("overdue", new ArrayList<Map<String, Object>>());
                List<String> criteria = owed.getOrDefault(r.<String>getAs("sender"), List.of());
                n.put("owed_without_data", criteria.size());
                n.put("owed_examples", criteria.subList(0, Math.min(5, criteria.size())));
                return n;
            });
            if (r.<Integer>getAs("year") == year) {
                m.put("reporting_rate_pct", r.getAs("sender_reporting_rate_pct"));
                m.put("timeliness_pct", r.getAs("sender_timeliness_pct"));
                m.put("quarantine_rate_pct", r.getAs("sender_quarantine_rate_pct"));
            }
            if ("overdue".equals(r.getAs("status"))) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("delivery_id", r.getAs("delivery_id"));
                o.put("period", r.getAs("reporting_period"));
                o.put("days_overdue", r.getAs("days_overdue"));
                @SuppressWarnings("unchecked") List<Map<String, Object>> list = (List<Map<String, Object>>) m.get("overdue");
                list.add(o);
            }
        }
        out.addAll(bySender.values());
        return out;
    }

    /**
     * The latest edition of each kind (its latest period, its latest version), linked from the report's folder
     * ({@code <lake>/_report/}) to the edition's page.
     */
    static List<Map<String, Object>> editions(Lake lake) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!lake.exists(Editions.CATALOG_TABLE)) return out;
        Map<String, Row> latest = new TreeMap<>();
        for (Row r : lake.read(Editions.CATALOG_TABLE).collectAsList()) {
            Row seen = latest.get(r.<String>getAs("kind"));
            int order = seen == null ? 1 : r.<String>getAs("period").compareTo(seen.getAs("period"));
            if (order > 0 || (order == 0 && r.<Integer>getAs("edition_version") > seen.<Integer>getAs("edition_version"))) latest.put(r.getAs("kind"), r);
        }
        for (Row r : latest.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.getAs("kind"));
            m.put("period", r.getAs("period"));
            m.put("edition_id", r.getAs("edition_id"));
            m.put("as_of", EditionPage.cityTime(r.<java.time.Instant>getAs("as_of").toString()));
            m.put("href", "../" + Editions.FOLDER + "/" + r.getAs("kind") + "/" + r.getAs("period") + "/" + r.getAs("edition_id") + "/index.html");
            out.add(m);
        }
        return out;
    }

    /** Freshness per source, last night's files, quarantined rows by rule, alerts. */
    static Map<String, Object> data(Lake lake) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!lake.exists(TableNames.OPS_FILE_INGESTION)) return out;
        Dataset<Row> files = lake.read(TableNames.OPS_FILE_INGESTION);
        List<Map<String, Object>> freshness = new ArrayList<>();
        for (Row r : files.where("status IN ('ingested', 'accepted')").groupBy("source", "kind")
                .agg(org.apache.spark.sql.functions.max("period").as("latest_period"),
                        org.apache.spark.sql.functions.max("ingested_at").as("as_of"),
                        org.apache.spark.sql.functions.count("*").as("files"))
                .orderBy("source", "kind").collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", r.getAs("source"));
            m.put("kind", r.getAs("kind"));
            m.put("latest_period", r.getAs("latest_period"));
            m.put("as_of", String.valueOf(r.<Object>getAs("as_of")));
            m.put("files", r.getAs("files"));
            freshness.add(m);
        }
        out.put("freshness", freshness);
        List<Row> lastRun = files.selectExpr("max(run_id)").collectAsList();
        String run = lastRun.isEmpty() || lastRun.get(0).isNullAt(0) ? null : lastRun.get(0).getString(0);
        out.put("last_run", run);
        List<Map<String, Object>> last = new ArrayList<>();
        if (run != null) {
            for (Row r : files.where(col("run_id").equalTo(run)).orderBy("source", "file_name").collectAsList()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String c : List.of("source", "file_name", "status", "rows_read", "rows_accepted", "rows_quarantined")) m.put(c, r.getAs(c));
                last.add(m);
            }
        }
        out.put("last_files", last);
        List<Map<String, Object>> rules = new ArrayList<>();
        if (lake.exists(TableNames.OPS_QUARANTINE)) {
            for (Row r : lake.read(TableNames.OPS_QUARANTINE).selectExpr("explode(split(rules, ';')) AS rule").groupBy("rule").count()
                    .orderBy(col("count").desc(), col("rule")).collectAsList()) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("rule", r.getString(0).trim());
                rule.put("rows", r.getLong(1));
                rules.add(rule);
            }
        }
        out.put("quarantine", rules);
        List<Map<String, Object>> alerts = new ArrayList<>();
        if (lake.exists(TableNames.OPS_ALERTS)) {
            Dataset<Row> a = lake.read(TableNames.OPS_ALERTS);
            for (Row r : a.collectAsList()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String c : a.columns()) m.put(c, r.getAs(c) == null ? null : String.valueOf(r.<Object>getAs(c)));
                alerts.add(m);
            }
        }
        out.put("alerts", alerts);
        return out;
    }
}
