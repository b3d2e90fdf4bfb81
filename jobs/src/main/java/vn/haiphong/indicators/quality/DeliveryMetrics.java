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
 * accepted and quarantined, and quarantined rows and the quarantine rate per rule; from the conformed health cards: insured (distinct)
 * persons of the month, for the city and per commune. The anomaly checks read their histories
 * ({@link QualitySeries}).
 */
public final class DeliveryMetrics {
    private DeliveryMetrics() { }

    /**
     * @param files      ops_file_ingestion
     * @param quarantine ops_quarantine
     * @param insured    silver_insured_commune_month, or null when no card file was delivered
     */
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
            Dataset<Row> perCommune = insured.groupBy(col("period"), col("_source_file").as("file_name"), col("commune_code").as("instance"))
                    .agg(sum("insured_persons").cast("double").as("value"), first(col("_checksum"), true).as("checksum"))
                    .withColumn("metric", lit("insured_persons")).withColumn("kind", lit("bhyt_the"));
            Dataset<Row> city = perCommune.groupBy("kind", "period", "file_name", "checksum", "metric")
                    .agg(sum("value").as("value")).withColumn("instance", lit(""));
            out = out.unionByName(perCommune).unionByName(city);
        }
        return out;
    }

    private static final String NULL_SHARE = "null_share", SUM = "sum", DISTINCT_PERSONS = "distinct_persons", BRONZE_ROWS = "bronze_rows";
    /** The metrics {@link #ofBronze} computes: a delivery's profile, fixed once its bronze rows are written. */
    public static final java.util.List<String> PROFILE_METRICS = java.util.List.of(NULL_SHARE, SUM, DISTINCT_PERSONS, BRONZE_ROWS);

    /**
     * The profiles ({@link #PROFILE_METRICS}) an earlier build of the metrics holds for deliveries still active: a
     * delivery's bronze rows never change once written (its checksum names its bytes), so neither does its profile.
     *
     * @param previous   the metrics as the last build left them
     * @param deliveries the active deliveries (kind, period, file_name, checksum)
     */
    public static Dataset<Row> profilesStillActive(Dataset<Row> previous, Dataset<Row> deliveries) {
        return previous.where(col("metric").isin(PROFILE_METRICS.toArray()))
                .join(deliveries.select("kind", "checksum").distinct(), new String[] {"kind", "checksum"}, "left_semi")
                .select("kind", "period", "file_name", "checksum", "metric", "instance", "value");
    }

    /**
     * Metrics of a kind's deliveries from their bronze rows: the share of nulls in every stored column, the sum of every
     * count and amount column, and the distinct persons of a pseudonymised person column.
     *
     * <p>The distinct persons are an aggregation of their own, unioned to the others: beside other aggregates Spark
     * would rewrite a distinct count by doubling every row (an {@code Expand}) and shuffle both copies. Persons are
     * compared as the 16 bytes their pseudonyms spell in hex ({@code Pseudonymizer.asBytes}), half the bytes of the text.
     *
     * @param bronze the kind's active rows (lineage columns {@code _source_file}, {@code _checksum}, {@code period})
     */
    public static Dataset<Row> ofBronze(vn.haiphong.indicators.ingest.ExtractSpec spec, Dataset<Row> bronze) {
        java.util.List<org.apache.spark.sql.Column> aggs = new java.util.ArrayList<>();
        java.util.List<String[]> names = new java.util.ArrayList<>(); // {metric, instance}
        boolean persons = false;
        for (vn.haiphong.indicators.ingest.ColumnSpec c : spec.columns()) {
            String stored = c.storedAs();
            if (stored == null || !java.util.List.of(bronze.columns()).contains(stored)) continue;
            aggs.add(org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.when(col(stored).isNull(), 1.0).otherwise(0.0)));
            names.add(new String[] {NULL_SHARE, stored});
            if (java.util.List.of("count", "decimal", "amount").contains(c.type()) && !c.isPersonal()) {
                aggs.add(sum(col(stored)).cast("double"));
                names.add(new String[] {SUM, stored});
            }
            persons |= stored.equals("person_hash");
        }
        aggs.add(count(lit(1)).cast("double"));
        names.add(new String[] {BRONZE_ROWS, ""});
        Dataset<Row> out = longForm(spec, byDelivery(bronze).agg(aggs.get(0).as("m0"), named(aggs)), names);
        if (persons) {
            Dataset<Row> distinct = byDelivery(bronze).agg(org.apache.spark.sql.functions.count_distinct(
                    vn.haiphong.indicators.privacy.Pseudonymizer.asBytes(col("person_hash"))).cast("double").as("m0"));
            out = out.unionByName(longForm(spec, distinct, java.util.List.<String[]>of(new String[] {DISTINCT_PERSONS, "person_hash"})));
        }
        return out;
    }

    private static org.apache.spark.sql.RelationalGroupedDataset byDelivery(Dataset<Row> bronze) {
        return bronze.groupBy(col("period"), col("_source_file").as("file_name"), col("_checksum").as("checksum"));
    }

    /** The aggregates after the first, named m1, m2, ... as {@link #longForm} reads them. */
    private static org.apache.spark.sql.Column[] named(java.util.List<org.apache.spark.sql.Column> aggs) {
        org.apache.spark.sql.Column[] out = new org.apache.spark.sql.Column[aggs.size() - 1];
        for (int i = 1; i < aggs.size(); i++) out[i - 1] = aggs.get(i).as("m" + i);
        return out;
    }

    /** One row per delivery and metric from a row per delivery whose column m<i> holds metric {@code names[i]}. */
    private static Dataset<Row> longForm(vn.haiphong.indicators.ingest.ExtractSpec spec, Dataset<Row> wide, java.util.List<String[]> names) {
        org.apache.spark.sql.Column[] cells = new org.apache.spark.sql.Column[names.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = org.apache.spark.sql.functions.struct(lit(names.get(i)[0]).as("metric"), lit(names.get(i)[1]).as("instance"),
                    col("m" + i).as("value"));
        }
        return wide.select(col("period"), col("file_name"), col("checksum"), explode(org.apache.spark.sql.functions.array(cells)).as("m"))
                .select(lit(spec.kind()).as("kind"), col("period"), col("file_name"), col("checksum"), col("m.metric").as("metric"),
                        col("m.instance").as("instance"), col("m.value").as("value"));
    }
}
