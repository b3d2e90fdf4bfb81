package vn.haiphong.indicators.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics of every delivery kept over time, in the manner of Deequ's metrics repository: one row per delivery
 * (kind, period, file, checksum), metric and instance ({@code ops_data_quality}). From the ingestion record: rows read,
 * accepted and quarantined, and quarantined rows and the quarantine rate per rule; from the conformed health cards: a card
 * delivery's distinct persons, and its insured persons of the month, for the city and per commune; and the profile of every
 * delivery in force, as the ingest stored it.
 * The anomaly checks read their histories
 * ({@link QualitySeries}).
 */
public final class DeliveryMetrics {
    private DeliveryMetrics() { }

    /**
     * @param files      ops_file_ingestion
     * @param quarantine ops_quarantine
     * @param insured    silver_insured_commune_month, or null when no card file was delivered: every card holder of a
     *                   delivery counts once there, in one cell, insured or not
     */
    /** A card delivery's distinct persons (of its valid cards or not). */
    public static final String DISTINCT_PERSONS = "distinct_persons";

    public static Dataset<Row> of(Dataset<Row> files, Dataset<Row> quarantine, Dataset<Row> insured) {
        Dataset<Row> delivered = files.where(col("status").isin("ingested", "accepted", "superseded"));
        Dataset<Row> out = null;
        for (String metric : new String[] {"rows_read", "rows_accepted", "rows_quarantined"}) {
            Dataset<Row> m = delivered.select(col("kind"), col("period"), col("file_name"), col("checksum"), lit(metric).as("metric"),
                    lit("").as("instance"), col(metric).cast("double").as("value"));
            out = out == null ? m : out.unionByName(m);
        }
        Dataset<Row> byRule = quarantine.withColumn("rule", explode(split(col("rules"), ";")))
                .groupBy(col("kind"), col("period"), col("file_name"), col("checksum"), trim(col("rule")).as("instance"))
                .agg(count(lit(1)).cast("double").as("value")).withColumn("metric", lit("quarantined_rows"));
        Dataset<Row> read = delivered.where(col("rows_read").gt(0)).select(col("file_name").as("_f"), col("checksum").as("_c"), col("rows_read"));
        Dataset<Row> rateByRule = byRule.join(read, byRule.col("file_name").equalTo(read.col("_f")).and(byRule.col("checksum").equalTo(read.col("_c"))))
                .select(col("kind"), col("period"), col("file_name"), col("checksum"), lit("quarantine_rate").as("metric"), col("instance"),
                        col("value").divide(col("rows_read")).as("value"));
        out = out.unionByName(byRule).unionByName(rateByRule);
        if (insured != null) {
            Dataset<Row> persons = insured.groupBy(col("period"), col("_source_file").as("file_name"), col("_checksum").as("checksum"))
                    .agg(sum("card_persons").cast("double").as("value"))
                    .withColumn("metric", lit(DISTINCT_PERSONS)).withColumn("instance", lit("person_hash")).withColumn("kind", lit("bhyt_the"));
            // a commune whose card holders all lapsed has no insured person, as it has none in the marts
            Dataset<Row> perCommune = insured.where(col("insured_persons").gt(0))
                    .groupBy(col("period"), col("_source_file").as("file_name"), col("commune_code").as("instance"))
                    .agg(sum("insured_persons").cast("double").as("value"), first(col("_checksum"), true).as("checksum"))
                    .withColumn("metric", lit("insured_persons")).withColumn("kind", lit("bhyt_the"));
            Dataset<Row> city = perCommune.groupBy("kind", "period", "file_name", "checksum", "metric")
                    .agg(sum("value").as("value")).withColumn("instance", lit(""));
            out = out.unionByName(persons).unionByName(perCommune).unionByName(city);
        }
        return out;
    }

    /**
     * The profiles of the deliveries in force ({@code ingest.DeliveryProfile}: observed as each was written to bronze).
     *
     * @param profiles   ops_delivery_profiles
     * @param deliveries the deliveries in force (kind, period, file_name, checksum)
     * @param metrics    the metrics a profile holds (not the distinct persons the first profiles held)
     */
    public static Dataset<Row> profilesInForce(Dataset<Row> profiles, Dataset<Row> deliveries, java.util.List<String> metrics) {
        return profiles.where(col("metric").isin(metrics.toArray())).join(deliveries.select("kind", "checksum").distinct(), new String[] {"kind", "checksum"}, "left_semi")
                .select("kind", "period", "file_name", "checksum", "metric", "instance", "value");
    }
}
