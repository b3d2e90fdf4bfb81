package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.reference.Communes;

/** Gold: {@code mart_commune_assessments}, the communes' yearly assessments against the models' criteria. */
public final class AssessmentMarts {
    private AssessmentMarts() { }

    /**
     * One row per commune, model and year assessed: {@code criteria_assessed}, {@code criteria_met}, {@code score} and
     * {@code max_score} (sums over the criteria, the overall row aside), {@code score_pct}, and {@code standard_met}
     * (the overall row's Đạt / Không đạt; null when the file gives no overall row: the pass rule belongs to the city's
     * scoring decisions, which the pipeline does not invent). Plus one city row per model and year:
     * {@code communes_assessed}, {@code communes_meeting} (overall verdict Đạt) and {@code communes_meeting_pct} of the
     * communes assessed (a commune not assessed has no verdict, which is not a failure), and the communes' mean
     * {@code score_pct}.
     *
     * @param assessments silver_commune_assessments
     * @param communes    (area_code, area_name) of the 114 communes
     */
    public static Dataset<Row> communeAssessments(Dataset<Row> assessments, Dataset<Row> communes) {
        Column overall = col("criterion_code").equalTo(vn.haiphong.indicators.criteria.CompositeIndex.OVERALL);
        Column criterion = org.apache.spark.sql.functions.not(overall);
        Dataset<Row> perCommune = assessments
                .groupBy(col("commune_code").as("area_code"), col("model"), col("year"))
                .agg(count(when(criterion, lit(1))).as("criteria_assessed"),
                        count(when(criterion.and(col("passed")), lit(1))).as("criteria_met"),
                        sum(when(criterion, col("score"))).as("score"),
                        sum(when(criterion, col("max_score"))).as("max_score"),
                        max(when(overall, col("passed").cast("int"))).as("overall_passed"))
                .withColumn("score_pct", when(col("max_score").gt(0), round(col("score").multiply(100.0).divide(col("max_score")), 4)))
                .withColumn("standard_met", col("overall_passed").equalTo(1))
                .drop("overall_passed")
                .join(communes, "area_code")
                .withColumn("area_level", lit("commune"))
                .withColumn("communes_assessed", lit(null).cast("long"))
                .withColumn("communes_meeting", lit(null).cast("long"))
                .withColumn("communes_meeting_pct", lit(null).cast("double"));
        Dataset<Row> city = perCommune
                .groupBy(col("model"), col("year"))
                .agg(countDistinct(when(col("standard_met").isNotNull(), col("area_code"))).as("communes_assessed"),
                        count(when(col("standard_met"), lit(1))).as("communes_meeting"),
                        round(avg("score_pct"), 4).as("score_pct"))
                .withColumn("communes_meeting_pct", when(col("communes_assessed").gt(0),
                        round(col("communes_meeting").multiply(100.0).divide(col("communes_assessed")), 4)))
                .withColumn("area_level", lit("city"))
                .withColumn("area_code", lit(Communes.CITY_CODE))
                .withColumn("area_name", lit(Communes.CITY_NAME))
                .withColumn("criteria_assessed", lit(null).cast("long"))
                .withColumn("criteria_met", lit(null).cast("long"))
                .withColumn("score", lit(null).cast("double"))
                .withColumn("max_score", lit(null).cast("double"))
                .withColumn("standard_met", lit(null).cast("boolean"));
        // Scored once a year, in December: the year's value is final when delivered.
        return perCommune.unionByName(city)
                .withColumn("year_complete", lit(true))
                .withColumn("provisional", lit(false))
                .select("area_level", "area_code", "area_name", "model", "year", "criteria_assessed", "criteria_met", "score",
                        "max_score", "score_pct", "standard_met", "communes_assessed", "communes_meeting", "communes_meeting_pct",
                        "year_complete", "provisional");
    }
}
