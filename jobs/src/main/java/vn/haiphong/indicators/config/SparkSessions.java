package vn.haiphong.indicators.config;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a command uses: Delta enabled, settings from {@link PipelineConfig}. */
public final class SparkSessions {
    private SparkSessions() { }

    public static SparkSession create(PipelineConfig config, String appName) {
        SparkConf conf = new SparkConf(true); // picks up spark-submit's settings first
        for (Map.Entry<String, String> e : config.sparkSettings().entrySet()) {
            if (!conf.contains(e.getKey())) conf.set(e.getKey(), e.getValue());
        }
        conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.set("spark.sql.datetime.java8API.enabled", "true");
        conf.setIfMissing("spark.master", "local[2]");
        // As Spark's documentation advises on HotSpot: whole-stage code whose method exceeds the JIT's limit (8000
        // bytes of bytecode) would run interpreted; above it Spark generates smaller methods instead. The ingest
        // rules of a contract make such a method; measured on 600,000 card lines: 7.3 s -> 3.2 s.
        conf.setIfMissing("spark.sql.codegen.hugeMethodLimit", "8000");
        conf.setAppName(appName);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** The thread-local property {@code SparkContext.setJobDescription} sets (its constant is private to Spark). */
    private static final String JOB_DESCRIPTION = "spark.job.description";

    /**
     * Runs {@code work} with the Spark jobs it starts on this thread described as {@code description} (the table or
     * file kind they build): the name an event log, the history server and Spark's UI show for them instead of the
     * line of code that started each one. The thread's previous description is restored after.
     */
    public static <T> T describing(SparkSession spark, String description, java.util.function.Supplier<T> work) {
        org.apache.spark.SparkContext sc = spark.sparkContext();
        String previous = sc.getLocalProperty(JOB_DESCRIPTION);
        sc.setJobDescription(description);
        try {
            return work.get();
        } finally {
            sc.setLocalProperty(JOB_DESCRIPTION, previous);
        }
    }

    /**
     * Runs {@code work} with expressions evaluated interpreted, whole-stage code generation off, then restores the
     * session's settings: for a query over a handful of rows (the quarantine's few bad lines), where compiling each
     * kind's rules would cost seconds and save nothing. Settings made explicitly are left alone. Only for work that no
     * other thread runs queries beside (the session's settings are shared).
     */
    public static <T> T interpreted(SparkSession spark, java.util.function.Supplier<T> work) {
        java.util.Map<String, String> mode = java.util.Map.of("spark.sql.codegen.factoryMode", "NO_CODEGEN",
                "spark.sql.codegen.wholeStage", "false");
        java.util.Map<String, String> before = new java.util.HashMap<>();
        mode.forEach((key, value) -> {
            if (spark.sparkContext().getConf().contains(key)) return;
            before.put(key, spark.conf().get(key, null));
            spark.conf().set(key, value);
        });
        try {
            return work.get();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) spark.conf().unset(key); else spark.conf().set(key, value);
            });
        }
    }
}
