package vn.haiphong.indicators.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class StarSchemaTest extends SparkTestBase {
    @Test
    void theDistinctRowsOfALocalFactAreFoundWithoutASparkJob() throws Exception {
        StructType schema = new StructType().add("area_code", DataTypes.StringType).add("period", DataTypes.StringType)
                .add("year", DataTypes.IntegerType);
        Dataset<Row> fact = spark().createDataFrame(List.of(RowFactory.create("31", "2026-10", 2026), RowFactory.create("11311", "2026-10", 2026),
                RowFactory.create("31", "2026-09", 2026), RowFactory.create(null, null, null), RowFactory.create("31", "2026-10", 2025)), schema);
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override public void onJobStart(SparkListenerJobStart start) { jobs.incrementAndGet(); }
        };
        spark().sparkContext().addSparkListener(counter);
        try {
            List<Row> periods = StarSchema.distinctRows(fact.select("period"));
            List<Row> areas = StarSchema.distinctRows(fact.select("area_code", "year"));
            assertRows("periods, first seen first, null once", rows(row("2026-10"), row("2026-09"), row((Object) null)), rowsToJava(periods));
            assertRows("pairs", rows(row("31", 2026), row("11311", 2026), row(null, null), row("31", 2025)), rowsToJava(areas));
            // what "distinct()" costs on the driver's rows: a shuffle job for each (the listener bus is asynchronous)
            StarSchema.distinctRows(fact.select("period").distinct());
            spark().sparkContext().listenerBus().waitUntilEmpty();
            assertTrue(jobs.get() > 0, "a distinct() on local rows runs a job, so the count can see one");
            jobs.set(0);
            StarSchema.distinctRows(fact.select("period"));
            StarSchema.distinctRows(fact.select("area_code", "year"));
            spark().sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(0, jobs.get(), "projections of local rows are folded by the optimizer: no job");
        } finally {
            spark().sparkContext().removeSparkListener(counter);
        }
    }
}
