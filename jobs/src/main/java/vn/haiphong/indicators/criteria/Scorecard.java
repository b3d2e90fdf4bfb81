package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

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

    /** Tolerance for '=' on computed percentages (e.g. exactly 100%). */
    static final double EPSILON = 1e-9;

    /**
     * The values of every metric the catalog names, long format:
     * (metric, area_level, area_code, period, year, value). Each mart has area_level, area_code, year
     * and, when monthly, period.
     */
    public static Dataset<Row> metricValues(List<String> metrics, Map<String, Dataset<Row>> marts) {
        List<Dataset<Row>> parts = new ArrayList<>();
        for (String metric : metrics) {
            String[] tc = metric.split("\\.");
            Dataset<Row> mart = marts.get(tc[0]);
            if (mart == null) continue; // that mart is not built (yet): the criterion shows no_data
            Column period = List.of(mart.columns()).contains("period") ? col("period") : col("year").cast("string");
            parts.add(mart.select(lit(metric).as("metric"), col("area_level"), col("area_code"), period.as("period"),
                    col("year"), col(tc[1]).cast("double").as("value")).where(col("value").isNotNull()));
        }
        return parts.stream().reduce(Dataset::unionByName).orElse(null);
    }

    /**
     * @param targets CriteriaCatalog rows (one per criterion and year)
     * @param values  {@link #metricValues} (may be empty)
     * @param areas   (area_level, area_code, area_name): the city and the 114 communes
     */
    public static Dataset<Row> build(Dataset<Row> targets, Dataset<Row> values, Dataset<Row> areas) {
        // A year's value of a monthly metric is its latest month with a value in that year.
        Dataset<Row> yearly = values
                .withColumn("rank", row_number().over(Window.partitionBy("metric", "area_level", "area_code", "year")
                        .orderBy(col("period").desc())))
                .where(col("rank").equalTo(1))
                .select(col("metric"), col("area_level"), col("area_code"), col("year"),
                        col("value").as("actual_value"), col("period").as("as_of_period"));

        Dataset<Row> criteria = targets.groupBy("criterion_id").agg(first("model_id").as("model_id"),
                first("name_en").as("name_en"), first("unit").as("unit"), first("levels").as("levels"),
                first("metric").as("metric"));
        Dataset<Row> criterionAreas = criteria
                .withColumn("level", explode(split(col("levels"), ";")))
                .join(areas, col("level").equalTo(col("area_level"))
                        .or(col("level").equalTo(concat(col("area_level"), lit(":"), col("area_code")))))
                .drop("level", "levels");

        Dataset<Row> targetYears = criterionAreas.join(targets.select("criterion_id", "year"), "criterion_id");
        Dataset<Row> dataYears = criterionAreas.join(yearly.select("metric", "area_level", "area_code", "year"),
                new String[] {"metric", "area_level", "area_code"});
        Dataset<Row> grid = targetYears.unionByName(dataYears).distinct();

        Dataset<Row> rows = grid
                .join(targets.select("criterion_id", "year", "operator", "target_value", "target_text", "source"),
                        new String[] {"criterion_id", "year"}, "left")
                .join(yearly, new String[] {"metric", "area_level", "area_code", "year"}, "left");

        Column a = col("actual_value");
        Column t = col("target_value");
        Column op = col("operator");
        Column comparable = a.isNotNull().and(t.isNotNull());
        Column met = when(comparable, when(op.equalTo(">="), a.geq(t.minus(EPSILON)))
                .when(op.equalTo(">"), a.gt(t))
                .when(op.equalTo("<="), a.leq(t.plus(EPSILON)))
                .when(op.equalTo("<"), a.lt(t))
                .when(op.equalTo("="), abs(a.minus(t)).leq(EPSILON)));
        Column status = when(op.isNull(), lit("no_target_for_year"))
                .when(t.isNull(), lit("no_numeric_target"))
                .when(a.isNull(), lit("no_data"))
                .when(col("met"), lit("met"))
                .otherwise(lit("not_met"));
        return rows.withColumn("met", met)
                .withColumn("status", status)
                .withColumn("provisional", when(a.isNotNull(),
                        col("as_of_period").contains("-").and(substring(col("as_of_period"), 6, 2).notEqual("12"))))
                .select("criterion_id", "model_id", "area_level", "area_code", "year", "actual_value", "target_value",
                        "operator", "met", "status", "unit", "as_of_period", "provisional", "target_text", "name_en",
                        "area_name", "metric", "source");
    }
}
