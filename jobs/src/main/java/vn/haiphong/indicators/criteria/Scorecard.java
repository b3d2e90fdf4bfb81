package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Gold: {@code mart_criteria_scorecard}, one row per criterion, area and year, comparing the actual
 * value with the catalog's target.
 */
public final class Scorecard {
    private Scorecard() { }

    /** Verdicts on a final value (a complete year's, or a final figure). */
    public static final String MET = "met";
    public static final String NOT_MET = "not_met";
    /** Verdicts on a provisional value: a year-to-date figure of an unfinished year, or an estimate. */
    public static final String MET_PROVISIONAL = "met_provisional";
    public static final String NOT_MET_PROVISIONAL = "not_met_provisional";

    /**
     * The values of every metric the catalog names, long format: (metric, area_level, area_code,
     * area_name, period, year, value, year_complete, provisional). A metric is
     * {@code <mart>.<column>}, optionally filtered: {@code <mart>.<column>?<column>=<value>[&...]}
     * (e.g. one indicator of {@code mart_city_indicators}, or {@code school_level=all}).
     * Each source has area_level, area_code and year; {@code period} is its month, school year or
     * date when it has one. A year is complete when the source says so ({@code year_complete}) or,
     * for a monthly source, at its December; a value is provisional when the source says so or its
     * year is not complete.
     */
    public static Dataset<Row> metricValues(List<String> metrics, Map<String, Dataset<Row>> marts) {
        List<Dataset<Row>> parts = new ArrayList<>();
        // Metrics that differ only in the value of one filter column (the hundreds of indicator codes of
        // mart_city_indicators) are read in one pass: value IN (...), the metric named from the row's own value.
        Map<String, List<String>> oneKeyGroups = new java.util.LinkedHashMap<>();
        List<String> single = new ArrayList<>();
        for (String metric : metrics) {
            Metric m = Metric.parse(metric);
            if (m.filter().size() == 1 && metric.equals(m.mart() + "." + m.column() + "?" + m.filter().keySet().iterator().next()
                    + "=" + m.filter().values().iterator().next())) {
                oneKeyGroups.computeIfAbsent(m.mart() + "." + m.column() + "?" + m.filter().keySet().iterator().next() + "=",
                        k -> new ArrayList<>()).add(m.filter().values().iterator().next());
            } else {
                single.add(metric);
            }
        }
        for (Map.Entry<String, List<String>> g : oneKeyGroups.entrySet()) {
            Metric m = Metric.parse(g.getKey() + g.getValue().get(0));
            String key = m.filter().keySet().iterator().next();
            Dataset<Row> mart = checkedMart(g.getKey() + "...", m, marts);
            if (mart == null) continue;
            if (!List.of(mart.columns()).contains(key)) {
                throw new IllegalArgumentException("metric " + g.getKey() + "...: " + m.mart() + " has no column " + key);
            }
            parts.add(values(mart.where(col(key).cast("string").isin(g.getValue().toArray())),
                    concat(lit(g.getKey()), col(key).cast("string")), m.column()));
        }
        for (String metric : single) {
            Metric m = Metric.parse(metric);
            Dataset<Row> mart = checkedMart(metric, m, marts);
            if (mart == null) continue; // that mart is not built (yet): the criterion shows no_data
            Dataset<Row> rows = mart;
            for (Map.Entry<String, String> f : m.filter().entrySet()) {
                rows = rows.where(col(f.getKey()).cast("string").equalTo(f.getValue()));
            }
            parts.add(values(rows, lit(metric), m.column()));
        }
        return parts.stream().reduce(Dataset::unionByName).orElse(null);
    }

    private static Dataset<Row> checkedMart(String metric, Metric m, Map<String, Dataset<Row>> marts) {
        Dataset<Row> mart = marts.get(m.mart());
        if (mart != null && !List.of(mart.columns()).contains(m.column())) {
            throw new IllegalArgumentException("metric " + metric + ": " + m.mart() + " has no column " + m.column());
        }
        return mart;
    }

    /** The long-format values of one metric (or group of metrics) of a mart's rows. */
    private static Dataset<Row> values(Dataset<Row> rows, Column metric, String column) {
        List<String> columns = List.of(rows.columns());
        Column period = columns.contains("period") ? col("period").cast("string")
                : columns.contains("school_year") ? col("school_year") : col("year").cast("string");
        Column monthly = period.rlike("^[0-9]{4}-[0-9]{2}$");
        Column complete = columns.contains("year_complete") ? col("year_complete")
                : when(monthly, period.endsWith("-12")).otherwise(lit(true));
        Column provisional = columns.contains("provisional") ? col("provisional").or(not(complete)) : not(complete);
        // a mart of assessed units says how many met the standard and how many were assessed: a share of all units
        // (from_units share_of_units) is taken from those, over the universe, never over the units assessed
        boolean units = columns.contains("communes_meeting") && columns.contains("communes_assessed");
        return rows.select(metric.as("metric"), col("area_level"), col("area_code"),
                (columns.contains("area_name") ? col("area_name") : lit(null).cast("string")).as("area_name"),
                period.as("period"), col("year").cast("int").as("year"), col(column).cast("double").as("value"),
                complete.as("year_complete"), provisional.as("provisional"),
                (units ? col("communes_meeting") : lit(null)).cast("long").as("units_meeting"),
                (units ? col("communes_assessed") : lit(null)).cast("long").as("units_reporting")).where(col("value").isNotNull());
    }

    /** A parsed metric reference. */
    public record Metric(String mart, String column, Map<String, String> filter) {
        public static Metric parse(String metric) {
            String[] q = metric.split("\\?", 2);
            String[] tc = q[0].split("\\.");
            Map<String, String> filter = new java.util.LinkedHashMap<>();
            if (q.length > 1) {
                for (String kv : q[1].split("&")) {
                    String[] p = kv.split("=", 2);
                    filter.put(p[0], p[1]);
                }
            }
            return new Metric(tc[0], tc[1], filter);
        }
    }

    /** The scorecard's areas beyond the city and communes (schools, zones), as the metric values name them. */
    public static Dataset<Row> otherAreas(Dataset<Row> values) {
        return values.where(not(col("area_level").isin("city", "commune")))
                .groupBy("area_level", "area_code").agg(first("area_name", true).as("area_name"))
                .withColumn("area_name", org.apache.spark.sql.functions.coalesce(col("area_name"), col("area_code")));
    }

    /**
     * @param targets CriteriaCatalog rows (one per criterion and due year; due year null for an undated target)
     * @param values  {@link #metricValues} (may be empty)
     * @param areas   (area_level, area_code, area_name): the city and the 114 communes
     * @return one row per criterion, area, year and target period ({@code target_period}, the catalog's year form:
     *         two targets of a criterion may fall due the same year), plus one row per criterion and area for each
     *         year with data and no target ({@code no_target_for_year})
     */
    public static Dataset<Row> build(Dataset<Row> targets, Dataset<Row> values, Dataset<Row> areas) {
        values = withCityFromUnits(targets, values, areas);
        // A year's value of a monthly metric is its latest month with a value in that year.
        Dataset<Row> yearly = values
                .withColumn("rank", row_number().over(Window.partitionBy("metric", "area_level", "area_code", "year")
                        .orderBy(col("period").desc())))
                .where(col("rank").equalTo(1))
                .select(col("metric"), col("area_level"), col("area_code"), col("year"),
                        col("value").as("actual_value"), col("period").as("as_of_period"), col("year_complete"),
                        col("provisional"), col("units_meeting"), col("units_reporting"));

        Dataset<Row> criteria = targets.groupBy("criterion_id").agg(first("model_id").as("model_id"),
                org.apache.spark.sql.functions.max(col("target_value").isNotNull()).as("has_numeric_target"),
                first("name_en").as("name_en"), first("unit").as("unit"), first("levels").as("levels"),
                first("metric").as("metric"), first("owner", true).as("owner"), first("model_lead_unit", true).as("model_lead_unit"),
                // how its values are built, for the years with data and no target too
                first("judged_for").as("c_judged_for"), first("from_units").as("c_from_units"),
                first("universe_size", true).as("c_universe_size"), first("row_kind").as("c_row_kind"));
        Dataset<Row> criterionAreas = criteria
                .withColumn("level", explode(split(col("levels"), ";")))
                .join(areas, col("level").equalTo(col("area_level"))
                        .or(col("level").equalTo(concat(col("area_level"), lit(":"), col("area_code")))))
                .drop("level", "levels");

        String[] targetColumns = {"year", "target_period", "period_start", "operator", "target_value", "target_text",
                "source", "direction", "judged_for", "from_units", "universe_size", "tolerance_pct", "stretch_target", "row_kind"};
        Dataset<Row> due = criterionAreas.join(targets.select(columns("criterion_id", targetColumns)), "criterion_id");
        String[] areaYear = {"criterion_id", "area_level", "area_code", "year"};
        Dataset<Row> dataOnly = criterionAreas.join(yearly.select("metric", "area_level", "area_code", "year"),
                        new String[] {"metric", "area_level", "area_code"})
                .distinct()
                .join(due.select(areaYear[0], areaYear[1], areaYear[2], areaYear[3]).distinct(), areaYear, "left_anti");
        List<String> perCriterion = List.of("judged_for", "from_units", "universe_size", "row_kind");
        for (String c : targetColumns) {
            if (c.equals("year")) continue;
            dataOnly = dataOnly.withColumn(c, perCriterion.contains(c) ? col("c_" + c)
                    : lit(null).cast(targets.schema().apply(c).dataType()));
        }
        Dataset<Row> grid = due.unionByName(dataOnly).drop("c_judged_for", "c_from_units", "c_universe_size", "c_row_kind");

        // The value a target is judged on: its year's value; for an average annual growth, the geometric mean of the
        // yearly growth rates from the period's first year to the due year; for an undated target, the latest value.
        Column average = org.apache.spark.sql.functions.coalesce(col("target_period").startsWith("avg:"), lit(false));
        Column undated = col("year").isNull();
        Dataset<Row> ofYear = grid.where(not(average).and(not(undated)))
                .join(yearly, new String[] {"metric", "area_level", "area_code", "year"}, "left");
        Dataset<Row> v = yearly.select(col("metric").as("v_metric"), col("area_level").as("v_area_level"),
                col("area_code").as("v_area_code"), col("year").as("value_year"), col("actual_value"), col("as_of_period"),
                col("year_complete"), col("provisional"), col("units_meeting"), col("units_reporting"));
        Column sameSeries = col("metric").equalTo(col("v_metric")).and(col("area_level").equalTo(col("v_area_level")))
                .and(col("area_code").equalTo(col("v_area_code")));
        Column yearsInPeriod = col("year").minus(col("period_start")).plus(1);
        Dataset<Row> ofPeriod = grid.where(average)
                .join(v, sameSeries.and(col("value_year").between(col("period_start"), col("year"))), "left")
                .groupBy(columns(grid.columns())).agg(
                        org.apache.spark.sql.functions.expr("(exp(avg(ln(1 + actual_value / 100))) - 1) * 100").as("actual_value"),
                        org.apache.spark.sql.functions.max("as_of_period").as("as_of_period"),
                        org.apache.spark.sql.functions.count("actual_value").as("years_with_data"),
                        org.apache.spark.sql.functions.bool_and(col("year_complete")).as("all_complete"),
                        org.apache.spark.sql.functions.bool_or(col("provisional")).as("any_provisional"),
                        org.apache.spark.sql.functions.max("units_meeting").as("units_meeting"),
                        org.apache.spark.sql.functions.max("units_reporting").as("units_reporting"))
                .withColumn("year_complete", col("all_complete").and(col("years_with_data").equalTo(yearsInPeriod)))
                // an average over the part of the period so far is judged, but provisionally
                .withColumn("provisional", col("any_provisional").or(col("years_with_data").lt(yearsInPeriod)))
                .drop("years_with_data", "all_complete", "any_provisional");
        Dataset<Row> ofLatest = grid.where(undated)
                .join(v, sameSeries.and(col("period_start").isNull().or(col("value_year").geq(col("period_start")))), "left")
                .withColumn("latest", row_number().over(Window.partitionBy(columns("criterion_id", "area_level", "area_code",
                        "target_period")).orderBy(col("value_year").desc_nulls_last())))
                .where(col("latest").equalTo(1))
                .drop("latest", "value_year", "v_metric", "v_area_level", "v_area_code");
        Dataset<Row> rows = ofYear.unionByName(ofPeriod).unionByName(ofLatest);

        // A share of units is taken over all units of its universe: a unit that did not report does not meet it, and
        // the verdict stays provisional until every unit has reported.
        Column shareOfAll = coalesce(col("from_units"), lit("none")).equalTo("share_of_units").and(col("universe_size").isNotNull())
                .and(col("units_meeting").isNotNull());
        rows = rows.withColumn("actual_value", when(shareOfAll, round(col("units_meeting").multiply(100.0)
                        .divide(col("universe_size")), 4)).otherwise(col("actual_value")))
                .withColumn("units_in_universe", when(coalesce(col("from_units"), lit("none")).notEqual("none"), col("universe_size")))
                // (a share delivered as one figure, with no unit counts, is as final as its source says)
                .withColumn("provisional", col("provisional").or(coalesce(col("units_reporting").lt(col("units_in_universe")), lit(false))));

        Column a = col("actual_value");
        Column t = col("target_value");
        Column op = col("operator");
        Column comparable = a.isNotNull().and(t.isNotNull());
        Column higherIsBetter = not(col("direction").startsWith("lower"));
        // An approximate target ("khoảng 1.500") is met within its band: its number moved by the band toward the side
        // that fails, or anywhere within the band of it.
        Column band = col("tolerance_pct").divide(100.0);
        Column relaxed = when(higherIsBetter, t.multiply(lit(1.0).minus(band))).otherwise(t.multiply(lit(1.0).plus(band)));
        Column met = when(comparable, when(band.isNull(), Operator.met(op, a, t, higherIsBetter))
                .otherwise(Operator.met(op, a, relaxed, higherIsBetter).or(org.apache.spark.sql.functions.abs(a.minus(t))
                        .leq(org.apache.spark.sql.functions.abs(t).multiply(band)))));
        Column stretch = col("stretch_target");
        Column stretchStatus = when(a.isNotNull().and(stretch.isNotNull()),
                when(Operator.met(op, a, stretch, higherIsBetter), lit(MET)).otherwise(lit(NOT_MET)));
        // A criterion whose resolutions give no number in any year ("a reasonable share") says so every year.
        Column status = when(coalesce(col("row_kind"), lit("")).equalTo(CriteriaCatalog.PASS_RULE), lit(PASS_RULE))
                .when(op.isNull().and(not(col("has_numeric_target"))), lit("no_numeric_target"))
                .when(op.isNull(), lit("no_target_for_year"))
                .when(t.isNull(), lit("no_numeric_target"))
                .when(a.isNull(), lit("no_data"))
                // a year-to-date or estimated value is judged, but the verdict says it is provisional
                .when(col("met"), when(col("provisional"), lit(MET_PROVISIONAL)).otherwise(lit(MET)))
                .otherwise(when(col("provisional"), lit(NOT_MET_PROVISIONAL)).otherwise(lit(NOT_MET)));
        // a pass rule is applied to the units it is about (a model school passes 60% at its selection), never to the city
        Column judged = not(coalesce(col("row_kind"), lit("")).equalTo(CriteriaCatalog.PASS_RULE)).or(col("area_level").notEqual("city"));
        return rows.withColumn("met", when(judged, met))
                .withColumn("status", status)
                .withColumn("stretch_status", stretchStatus)
                .withColumn("provisional", when(a.isNotNull(), col("provisional")))
                .withColumn("units_meeting", when(col("units_in_universe").isNotNull(), col("units_meeting")))
                .withColumn("units_reporting", when(col("units_in_universe").isNotNull(), col("units_reporting")))
                .select("criterion_id", "model_id", "area_level", "area_code", "year", "target_period", "actual_value",
                        "target_value", "operator", "met", "status", "unit", "as_of_period", "provisional", "target_text",
                        "name_en", "area_name", "metric", "source", "year_complete", "judged_for", "from_units",
                        "units_meeting", "units_in_universe", "units_reporting", "tolerance_pct", "stretch_target",
                        "stretch_status", "row_kind", "owner", "model_lead_unit");
    }

    /**
     * A {@code no_data} verdict names the delivery that would bring its value: {@code awaited_delivery} (the file kinds,
     * the indicator's code, the period) and {@code awaited_from} (who sends it, from the delivery calendar).
     *
     * @param awaited (metric, awaited_kinds, awaited_from)
     */
    public static Dataset<Row> withAwaitedDelivery(Dataset<Row> card, Dataset<Row> awaited) {
        Column noData = col("status").equalTo("no_data");
        Column period = coalesce(col("year").cast("string"), col("target_period"));
        return card.join(org.apache.spark.sql.functions.broadcast(awaited), card.col("metric").equalTo(awaited.col("metric")), "left")
                .drop(awaited.col("metric"))
                .withColumn("awaited_delivery", when(noData.and(col("awaited_kinds").notEqual("")),
                        org.apache.spark.sql.functions.concat_ws(", ", col("awaited_kinds"), period)))
                .withColumn("awaited_from", when(noData.and(col("awaited_from").notEqual("")), col("awaited_from")))
                .drop("awaited_kinds");
    }

    /** A rule applied inside a unit's own assessment (a youth branch earns its title at 80%): listed, never judged. */
    public static final String PASS_RULE = "pass_rule";

    /**
     * City values of city-wide targets about units ({@code from_units} {@code sum} or {@code count_units}, judged for the
     * city) from the communes' values of the same metric, where no city figure is delivered for that period: the sum of
     * the communes' values, or the count of communes with a value above zero; with the communes reporting. A share
     * ({@code %} unit) is never summed: its numerators and denominators are pooled by its own mart.
     */
    static Dataset<Row> withCityFromUnits(Dataset<Row> targets, Dataset<Row> values, Dataset<Row> areas) {
        Dataset<Row> pooled = targets.where(col("levels").equalTo("city").and(col("from_units").isin("sum", "count_units"))
                        .and(not(col("unit").startsWith("%"))))
                .select(col("metric"), col("from_units")).distinct();
        Dataset<Row> city = areas.where(col("area_level").equalTo("city")).select("area_level", "area_code", "area_name");
        Dataset<Row> fromCommunes = values.where(col("area_level").equalTo("commune")).join(pooled, "metric")
                .groupBy("metric", "from_units", "period", "year")
                .agg(org.apache.spark.sql.functions.sum("value").as("sum"),
                        org.apache.spark.sql.functions.count(when(col("value").gt(0), lit(1))).as("meeting"),
                        org.apache.spark.sql.functions.count(lit(1)).as("reporting"),
                        org.apache.spark.sql.functions.bool_and(col("year_complete")).as("year_complete"),
                        org.apache.spark.sql.functions.bool_or(col("provisional")).as("provisional"))
                .crossJoin(city)
                .select(col("metric"), col("area_level"), col("area_code"), col("area_name"), col("period"), col("year"),
                        when(col("from_units").equalTo("sum"), col("sum")).otherwise(col("meeting").cast("double")).as("value"),
                        col("year_complete"), col("provisional"),
                        when(col("from_units").equalTo("count_units"), col("meeting")).as("units_meeting"),
                        col("reporting").as("units_reporting"));
        Dataset<Row> delivered = values.where(col("area_level").equalTo("city")).select("metric", "period").distinct();
        return values.unionByName(fromCommunes.join(delivered, new String[] {"metric", "period"}, "left_anti"));
    }

    private static Column[] columns(String... names) {
        return java.util.Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    private static Column[] columns(String first, String[] rest) {
        List<Column> out = new ArrayList<>();
        out.add(col(first));
        for (String c : rest) out.add(col(c));
        return out.toArray(Column[]::new);
    }
}
