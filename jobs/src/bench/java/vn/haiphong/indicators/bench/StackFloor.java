package vn.haiphong.indicators.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * What the stack costs before the pipeline does anything of its own: the floor under the benchmark's two goals that
 * are about fixed cost and raw throughput. Not the pipeline: no contract rules, no quarantine, no history.
 * <ul>
 * <li>{@code cards FILE MONTH DIR}: the DuckDB cross-check's work with the least Spark can do: read the card CSV as
 * strings, pseudonymise the card number (the same HMAC UDF), write it columnar, read it back and count the persons
 * insured at the month's end per commune.
 * <li>{@code tables N DIR}: N tiny Delta tables (20 rows each) created and read back once each, as many at
 * once as the night builds, as a whole process (JVM and Spark start included): a night of N tables without any work in
 * them. Then the same again in the same JVM (code compiled by then): what each costs in a long-running JVM, as
 * in the tests.
 * </ul>
 */
public final class StackFloor {
    private StackFloor() {
    }

    public static void main(String[] args) throws Exception {
        PipelineConfig config = PipelineConfig.load(System.getenv(), Path.of(args[args.length - 1]).toAbsolutePath().toString(), null);
        long t0 = System.nanoTime();
        try (SparkSession spark = SparkSessions.create(config, "city-indicators stack floor")) {
            double start = (System.nanoTime() - t0) / 1e9;
            switch (args[0]) {
                case "cards" -> System.out.printf("%.2f%n", cards(spark, Path.of(args[1]), YearMonth.parse(args[2]), Path.of(args[3])));
                case "tables" -> {
                    int n = Integer.parseInt(args[1]);
                    double cold = tables(spark, n, config.parallelism(), Path.of(args[2], "cold"));
                    double warm = tables(spark, n, config.parallelism(), Path.of(args[2], "warm")); // new tables, code compiled by now
                    System.out.printf("%.2f %.2f %.2f %d%n", start, cold, warm, config.parallelism());
                }
                default -> throw new IllegalArgumentException("cards FILE MONTH DIR | tables N DIR");
            }
        }
    }

    /** Seconds for the card file: CSV to HMAC to Parquet, then insured persons per commune at the month's end. */
    static double cards(SparkSession spark, Path cards, YearMonth month, Path dir) throws Exception {
        FileUtils.deleteDirectory(dir.toFile());
        Pseudonymizer key = new Pseudonymizer(NightBenchmark.KEY.getBytes(StandardCharsets.UTF_8));
        UserDefinedFunction pseudonym = udf((String s) -> s == null ? null : key.pseudonym(s), DataTypes.StringType);
        long t0 = System.nanoTime();
        Dataset<Row> raw = spark.read().option("header", "true").csv(cards.toString())
                .toDF("card", "name", "birth", "gender", "commune", "valid_from", "valid_to");
        raw.select(pseudonym.apply(col("card")).as("person"), col("commune"),
                        expr("try_to_date(valid_from, 'dd/MM/yyyy')").as("valid_from"),
                        expr("try_to_date(valid_to, 'dd/MM/yyyy')").as("valid_to"))
                .write().parquet(dir.toString());
        String end = month.atEndOfMonth().toString();
        long communes = spark.read().parquet(dir.toString())
                .where(col("valid_from").leq(lit(end).cast("date")).and(col("valid_to").geq(lit(end).cast("date"))))
                .groupBy("commune").agg(count(lit(1))).collectAsList().size();
        if (communes == 0) throw new IllegalStateException("no commune counted from " + cards);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Seconds for n tiny tables, each created by a Delta write (as the pipeline's first write of a table) and read back
     * once, by as many threads as the night builds tables at once ({@code pipeline.parallelism}).
     */
    static double tables(SparkSession spark, int n, int threads, Path dir) throws Exception {
        FileUtils.deleteDirectory(dir.toFile());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<Long>> rows = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String table = dir.resolve("t" + i).toString();
                long factor = i;
                rows.add(pool.submit(() -> {
                    spark.range(20).withColumn("value", col("id").multiply(factor)).write().format("delta").mode("errorifexists")
                            .option("delta.dataSkippingNumIndexedCols", "0") // as the pipeline's tables written whole
                            .save(table);
                    return spark.read().format("delta").load(table).count();
                }));
            }
            long total = 0;
            for (var r : rows) total += r.get();
            if (total != 20L * n) throw new IllegalStateException("read back " + total + " rows of " + 20L * n);
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
