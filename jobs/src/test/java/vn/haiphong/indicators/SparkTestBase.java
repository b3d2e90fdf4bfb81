package vn.haiphong.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One local SparkSession per test JVM (local[2], few shuffle partitions, no UI, Delta enabled) and
 * helpers to compare DataFrames by value, in the spirit of Iceberg's SparkTestHelperBase.
 */
public abstract class SparkTestBase {
    private static SparkSession spark;

    protected static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("city-indicators-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.session.timeZone", "Asia/Ho_Chi_Minh")
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled", "false")
                    .config("spark.databricks.delta.allFilesInCrc.enabled", "false")
                    // Test inboxes hold a few rows: compiling each expression with Janino costs more than evaluating it
                    // (measured: IngestRecoveryIT 251 s -> 200 s). Results are the same; the benchmark keeps codegen.
                    .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                    // as a night with interpreted expressions sets it (ExpressionMode)
                    .config("spark.sql.subexpressionElimination.enabled", "false")
                    .getOrCreate();
        }
        return spark;
    }

    /**
     * The descriptions of the Spark jobs {@code run} starts (from this thread, or from threads it starts), one per job, in
     * the order they started. They are told apart by a job group of their own, not by the time they ran: whatever else
     * runs Spark jobs in this JVM meanwhile is not counted.
     */
    protected static List<String> jobsStarted(Runnable run) {
        org.apache.spark.SparkContext sc = spark().sparkContext();
        String group = "counted-" + java.util.UUID.randomUUID();
        List<String> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
        org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
            @Override public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                if (group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
                    jobs.add(start.properties().getProperty("spark.job.description", ""));
                }
            }
        };
        sc.setJobGroup(group, "", false);
        sc.addSparkListener(counter);
        try {
            run.run();
            sc.listenerBus().waitUntilEmpty(); // the listener bus is asynchronous
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Spark's listener bus did not catch up", e);
        } finally {
            sc.removeSparkListener(counter);
            sc.clearJobGroup();
        }
        return List.copyOf(jobs);
    }

    /** Runs SQL and returns its rows as Object arrays. */
    protected static List<Object[]> sql(String query, Object... args) {
        return rowsToJava(spark().sql(String.format(query, args)).collectAsList());
    }

    protected static List<Object[]> rowsToJava(List<Row> rows) {
        List<Object[]> out = new ArrayList<>();
        for (Row r : rows) {
            Object[] v = new Object[r.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.get(i);
            out.add(v);
        }
        return out;
    }

    protected static Object[] row(Object... values) {
        return values;
    }

    protected static List<Object[]> rows(Object[]... rows) {
        return Arrays.asList(rows);
    }

    /** A DataFrame from literal rows. */
    protected static Dataset<Row> df(StructType schema, Object[]... rows) {
        List<Row> list = Arrays.stream(rows).map(RowFactory::create).collect(Collectors.toList());
        return spark().createDataFrame(list, schema);
    }

    /** Compares rows by value, in order, with a message naming the first differing row and column. */
    protected static void assertRows(String context, List<Object[]> expected, List<Object[]> actual) {
        if (expected.size() != actual.size()) {
            fail(context + ": expected " + expected.size() + " rows but got " + actual.size() + "\n expected: "
                    + render(expected) + "\n actual:   " + render(actual));
        }
        for (int i = 0; i < expected.size(); i++) {
            Object[] e = expected.get(i);
            Object[] a = actual.get(i);
            assertEquals(e.length, a.length, context + ": row " + i + " width");
            for (int c = 0; c < e.length; c++) {
                Object ev = e[c];
                Object av = a[c];
                if (ev instanceof Double ed && av instanceof Double ad) {
                    assertEquals(ed, ad, 1e-9, context + ": row " + i + " " + Arrays.toString(a) + " column " + c);
                } else {
                    assertEquals(ev, av, context + ": row " + i + " " + Arrays.toString(a) + " column " + c);
                }
            }
        }
    }

    private static String render(List<Object[]> rows) {
        return rows.stream().map(Arrays::toString).collect(Collectors.joining(", "));
    }
}
