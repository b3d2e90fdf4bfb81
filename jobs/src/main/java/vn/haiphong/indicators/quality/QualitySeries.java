package vn.haiphong.indicators.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The histories the anomaly checks look at, each as {@code subject, t, value, file_name, correction}
 * ({@link AnomalyChecks#SERIES}), named as {@code conf/quality_checks.csv} names them. Pure functions of the lake's
 * tables; a new series is one function here plus the line in the checks file that uses it.
 */
public final class QualitySeries {
    private QualitySeries() { }

    /** Deliveries in force, from {@code ops_file_ingestion}. */
    private static Dataset<Row> active(Dataset<Row> files) {
        return files.where(col("status").isin("ingested", "accepted"));
    }

    private static Column correction() {
        return col("version").gt(1);
    }

    /** {@code file_rows}: rows read per delivery of a kind, month after month (subject: the kind). */
    public static Dataset<Row> fileRows(Dataset<Row> files) {
        return active(files).select(col("kind").as("subject"), col("period").as("t"), col("rows_read").cast("double").as("value"),
                col("file_name"), correction().as("correction"), lit(null).cast("string").as("lines"));
    }

    /** {@code file_quarantine_rate}: the share of a delivery's rows quarantined. */
    public static Dataset<Row> fileQuarantineRate(Dataset<Row> files) {
        return active(files).where(col("rows_read").gt(0)).select(col("kind").as("subject"), col("period").as("t"),
                col("rows_quarantined").cast("double").divide(col("rows_read")).as("value"), col("file_name"), correction().as("correction"),
                lit(null).cast("string").as("lines"));
    }

    /**
     * {@code commune_insured}: insured persons per commune and month ({@code silver_insured_commune_month}); a commune
     * whose card holders all lapsed is not in the series, as a commune with no card is not.
     */
    public static Dataset<Row> communeInsured(Dataset<Row> insured) {
        return insured.where(col("insured_persons").gt(0)).groupBy(col("commune_code").as("subject"), col("period").as("t"))
                .agg(sum("insured_persons").cast("double").as("value"), first("_source_file", true).as("file_name"))
                .withColumn("correction", lit(null).cast("boolean")).withColumn("lines", lit(null).cast("string"));
    }

    /** {@code commune_coverage_pct}: the communes' coverage ({@code mart_health_insurance_monthly}). */
    public static Dataset<Row> communeCoverage(Dataset<Row> health) {
        return health.where("area_level = 'commune'").select(col("area_code").as("subject"), col("period").as("t"),
                col("coverage_pct").cast("double").as("value"), lit(null).cast("string").as("file_name"), lit(null).cast("boolean").as("correction"),
                lit(null).cast("string").as("lines"));
    }

    /** {@code project_units_completed}: each social housing project's cumulative completions per monthly snapshot. */
    public static Dataset<Row> projectUnitsCompleted(Dataset<Row> projects, Dataset<Row> files) {
        Dataset<Row> versions = files.groupBy(col("file_name").as("_file")).agg(org.apache.spark.sql.functions.max("version").as("version"));
        return projects.join(versions, projects.col("_source_file").equalTo(versions.col("_file")), "left")
                .select(col("project_code").as("subject"), col("period").as("t"), col("units_completed").cast("double").as("value"),
                        col("_source_file").as("file_name"), correction().as("correction"), col("_line").cast("string").as("lines"));
    }

    /** {@code indicator_value}: each indicator (city, or a commune's) year after year ({@code silver_city_indicators}). */
    public static Dataset<Row> indicatorValue(Dataset<Row> indicators) {
        return indicators.select(concat_ws("@", col("indicator_code"), org.apache.spark.sql.functions.coalesce(col("commune_code"), lit("city")))
                        .as("subject"), col("year").cast("string").as("t"), col("value").cast("double").as("value"),
                col("_source_file").as("file_name"), lit(null).cast("boolean").as("correction"), col("_line").cast("string").as("lines"));
    }

    /**
     * Where both are delivered, how far a city figure of a target about units (from_units {@code sum} or {@code count_units})
     * is from what its units' figures give (their sum, or the count of units with one), relative to the city figure:
     * the delivered figure is the one judged, and a gap beyond rounding is for someone to look at. Subject
     * {@code <indicator>@city}, t the year.
     *
     * @param rollUps indicator code -> {@code sum} or {@code count_units}
     */
    public static Dataset<Row> cityVsUnits(Dataset<Row> indicators, Map<String, String> rollUps) {
        if (rollUps.isEmpty()) return indicators.sparkSession().createDataFrame(java.util.List.of(), AnomalyChecks.SERIES);
        Dataset<Row> scoped = indicators.where(col("indicator_code").isin(rollUps.keySet().toArray()));
        Column countUnits = col("indicator_code").isin(rollUps.entrySet().stream().filter(e -> e.getValue().equals("count_units"))
                .map(Map.Entry::getKey).toArray());
        Dataset<Row> units = scoped.where(col("commune_code").isNotNull()).groupBy("indicator_code", "year")
                .agg(org.apache.spark.sql.functions.sum("value").as("units_sum"),
                        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.when(col("value").gt(0), lit(1))).as("units_with"));
        Dataset<Row> city = scoped.where(col("commune_code").isNull())
                .select(col("indicator_code"), col("year"), col("value").as("city"), col("_source_file"), col("_line"));
        return city.join(units, new String[] {"indicator_code", "year"})
                .withColumn("from_units", org.apache.spark.sql.functions.when(countUnits, col("units_with").cast("double")).otherwise(col("units_sum")))
                .where(col("city").notEqual(0))
                .select(concat_ws("@", col("indicator_code"), lit("city")).as("subject"), col("year").cast("string").as("t"),
                        org.apache.spark.sql.functions.abs(col("city").minus(col("from_units"))).divide(org.apache.spark.sql.functions.abs(col("city")))
                                .cast("double").as("value"),
                        col("_source_file").as("file_name"), lit(null).cast("boolean").as("correction"), col("_line").cast("string").as("lines"));
    }

    /**
     * How far an assessment's overall score ({@code TONG}) is from the sum of its criteria's scores, as a share of its
     * maximum, per commune, model and year ({@code silver_commune_assessments}): the index is computed from the criteria,
     * and the assessing body's own total beside it should agree. Subject {@code <commune>@<model>}, t the year.
     */
    public static Dataset<Row> assessmentTotal(Dataset<Row> assessments) {
        Column overall = col("criterion_code").equalTo(vn.haiphong.indicators.criteria.CompositeIndex.OVERALL);
        Dataset<Row> totals = assessments.groupBy("commune_code", "model", "year")
                .agg(sum(org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.not(overall), col("score"))).as("criteria_score"),
                        org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.when(overall, col("score"))).as("overall_score"),
                        org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.when(overall, col("max_score"))).as("overall_max"),
                        first(org.apache.spark.sql.functions.when(overall, col("_source_file")), true).as("file_name"),
                        first(org.apache.spark.sql.functions.when(overall, col("_line")), true).as("line"));
        return totals.where(col("overall_max").gt(0).and(col("criteria_score").isNotNull()))
                .select(concat_ws("@", col("commune_code"), col("model")).as("subject"), col("year").cast("string").as("t"),
                        org.apache.spark.sql.functions.abs(col("overall_score").minus(col("criteria_score"))).divide(col("overall_max")).cast("double").as("value"),
                        col("file_name"), lit(null).cast("boolean").as("correction"), col("line").cast("string").as("lines"));
    }
}
