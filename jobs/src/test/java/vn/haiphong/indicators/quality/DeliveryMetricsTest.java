package vn.haiphong.indicators.quality;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** The card metrics from silver's cells, and the profiles of the deliveries in force, on hand-checkable rows. */
class DeliveryMetricsTest extends SparkTestBase {
    static final StructType FILES = new StructType()
            .add("kind", DataTypes.StringType).add("period", DataTypes.StringType).add("file_name", DataTypes.StringType)
            .add("checksum", DataTypes.StringType).add("status", DataTypes.StringType).add("rows_read", DataTypes.LongType)
            .add("rows_accepted", DataTypes.LongType).add("rows_quarantined", DataTypes.LongType);
    static final StructType QUARANTINE = new StructType()
            .add("kind", DataTypes.StringType).add("period", DataTypes.StringType).add("file_name", DataTypes.StringType)
            .add("checksum", DataTypes.StringType).add("rules", DataTypes.StringType);
    static final StructType CELLS = new StructType()
            .add("period", DataTypes.StringType).add("commune_code", DataTypes.StringType).add("gender", DataTypes.StringType)
            .add("birth_year", DataTypes.IntegerType).add("insured_persons", DataTypes.LongType).add("card_persons", DataTypes.LongType)
            .add("_source_file", DataTypes.StringType).add("_checksum", DataTypes.StringType);
    static final StructType PROFILES = new StructType()
            .add("kind", DataTypes.StringType).add("period", DataTypes.StringType).add("file_name", DataTypes.StringType)
            .add("checksum", DataTypes.StringType).add("metric", DataTypes.StringType).add("instance", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);

    @Test
    void aCardDeliverysDistinctPersonsCountEveryHolderAndItsCommunesOnlyThoseWithInsuredPersons() {
        Dataset<Row> files = df(FILES, row("bhyt_the", "2026-03", "m.csv", "c3", "ingested", 9L, 9L, 0L));
        Dataset<Row> cells = df(CELLS,
                row("2026-03", "11311", "Nam", 1980, 3L, 4L, "m.csv", "c3"),   // one of four lapsed
                row("2026-03", "11311", "Nữ", 1990, 2L, 2L, "m.csv", "c3"),
                row("2026-03", "11411", "Nam", 1950, 0L, 3L, "m.csv", "c3"));  // every holder lapsed
        Dataset<Row> metrics = DeliveryMetrics.of(files, df(QUARANTINE), cells)
                .where("metric IN ('distinct_persons', 'insured_persons')");
        assertRows("distinct persons: every holder once; insured per commune and city: communes with insured persons",
                rows(row("distinct_persons", "person_hash", 9.0), row("insured_persons", "", 5.0), row("insured_persons", "11311", 5.0)),
                rowsToJava(metrics.select("metric", "instance", "value").orderBy("metric", "instance").collectAsList()));
    }

    @Test
    void theProfilesInForceAreThoseOfTheDeliveriesInForceAndTheMetricsAProfileHolds() {
        Dataset<Row> profiles = df(PROFILES,
                row("bhyt_the", "2026-03", "m.csv", "c1", "bronze_rows", "", 4.0),        // superseded by c2
                row("bhyt_the", "2026-03", "m_v2.csv", "c2", "bronze_rows", "", 5.0),
                row("bhyt_the", "2026-03", "m_v2.csv", "c2", "distinct_persons", "person_hash", 5.0)); // a first profile's
        Dataset<Row> inForce = df(FILES, row("bhyt_the", "2026-03", "m_v2.csv", "c2", "ingested", 5L, 5L, 0L))
                .select("kind", "period", "file_name", "checksum");
        assertRows("c2's rows only", rows(row("c2", "bronze_rows", 5.0)),
                rowsToJava(DeliveryMetrics.profilesInForce(profiles, inForce, vn.haiphong.indicators.ingest.DeliveryProfile.METRICS)
                        .select("checksum", "metric", "value").collectAsList()));
    }
}
