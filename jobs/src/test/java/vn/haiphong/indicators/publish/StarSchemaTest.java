package vn.haiphong.indicators.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class StarSchemaTest extends SparkTestBase {
    @Test
    void theDistinctRowsOfALocalFactAreFoundWithoutASparkJob() {
        StructType schema = new StructType().add("area_code", DataTypes.StringType).add("period", DataTypes.StringType)
                .add("year", DataTypes.IntegerType);
        Dataset<Row> fact = spark().createDataFrame(List.of(RowFactory.create("31", "2026-10", 2026), RowFactory.create("11311", "2026-10", 2026),
                RowFactory.create("31", "2026-09", 2026), RowFactory.create(null, null, null), RowFactory.create("31", "2026-10", 2025)), schema);
        List<List<Row>> found = new java.util.ArrayList<>();
        List<String> projectionJobs = jobsStarted(() -> {
            found.add(StarSchema.distinctRows(fact.select("period")));
            found.add(StarSchema.distinctRows(fact.select("area_code", "year")));
        });
        assertRows("periods, first seen first, null once", rows(row("2026-10"), row("2026-09"), row((Object) null)), rowsToJava(found.get(0)));
        assertRows("pairs", rows(row("31", 2026), row("11311", 2026), row(null, null), row("31", 2025)), rowsToJava(found.get(1)));
        // what "distinct()" costs on the driver's rows: a shuffle job
        assertTrue(!jobsStarted(() -> StarSchema.distinctRows(fact.select("period").distinct())).isEmpty(),
                "a distinct() on local rows runs a job, so the count can see one");
        assertEquals(List.of(), projectionJobs, "projections of local rows are folded by the optimizer: no job");
    }
}
