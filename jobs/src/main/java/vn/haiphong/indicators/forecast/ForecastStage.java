package vn.haiphong.indicators.forecast;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.Scale;

/**
 * The forecast stage around {@link ForecastJob}: which observations make a series, and what the
 * scorecard gains from the forecasts (2030 and the next target year, p_meet, progress status).
 */
public final class ForecastStage {
    private ForecastStage() { }

    public static final int HORIZON = 2030;

    /**
     * Series to forecast from the scorecard's yearly values: complete years only (annual values, or a
     * monthly indicator's December), since a year-to-date figure of an unfinished year is not comparable.
     */
    public static Dataset<Row> series(Dataset<Row> scorecard, CriteriaCatalog catalog, SparkSession spark) {
        Dataset<Row> complete = scorecard.where(col("actual_value").isNotNull().and(col("year_complete")));
        return complete.join(broadcast(scales(catalog, spark)), "criterion_id")
                .select(col("criterion_id"), col("area_level"), col("area_code"), col("year"),
                        col("actual_value").as("value"), col("scale"));
    }

    /** criterion -> year -> numeric target, for p_meet. */
    public static Map<String, Map<Integer, ForecastJob.Target>> targets(CriteriaCatalog catalog) {
        Map<String, Map<Integer, ForecastJob.Target>> out = new HashMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            if (t.targetValue() == null) continue;
            out.computeIfAbsent(t.criterionId(), k -> new HashMap<>())
                    .put(t.year(), new ForecastJob.Target(t.op(), t.higherIsBetter(), t.targetValue()));
        }
        return out;
    }

    /**
     * Adds to each scorecard row its series' outlook: {@code forecast_2030}, {@code p_meet_2030},
     * {@code next_target_year} (first numeric target after the last complete observation),
     * {@code forecast_next_target}, {@code p_meet_next_target}, and {@code progress_status} towards that
     * target (first to last complete observation against the pace the target needs).
     */
    public static Dataset<Row> enrich(Dataset<Row> scorecard, Dataset<Row> series, Dataset<Row> forecasts,
                                      CriteriaCatalog catalog, SparkSession spark) {
        if (!spark.catalog().functionExists("progress_status")) spark.udf().register("progress_status", (UDF8<Integer, Double, Integer, Double, Integer, Double, Boolean, Boolean, String>)
                (by, b, cy, c, ty, t, higher, bounded) -> by == null || ty == null || t == null ? null
                        : ProgressStatus.of(by, b, cy, c, ty, t, higher, bounded), DataTypes.StringType);
        String[] key = {"criterion_id", "area_level", "area_code"};
        Dataset<Row> observed = series.groupBy(key[0], key[1], key[2]).agg(
                min("year").as("baseline_year"), min_by(col("value"), col("year")).as("baseline_value"),
                max("year").as("current_year"), max_by(col("value"), col("year")).as("current_value"));
        Dataset<Row> targets = catalogTargets(catalog, spark);
        Dataset<Row> next = observed.join(targets, "criterion_id")
                .where(col("target_year").gt(col("current_year")))
                .groupBy(key[0], key[1], key[2])
                .agg(min("target_year").as("next_target_year"));
        Dataset<Row> outlook = observed.join(next, key, "left")
                .join(targets.withColumnRenamed("target_year", "next_target_year"),
                        new String[] {"criterion_id", "next_target_year"}, "left")
                .withColumn("progress_status", callUDF("progress_status", col("baseline_year"), col("baseline_value"),
                        col("current_year"), col("current_value"), col("next_target_year"), col("target"),
                        col("higher_is_better"), col("bounded")))
                .join(forecasts.where(col("year").equalTo(HORIZON)).select(col(key[0]), col(key[1]), col(key[2]),
                        col("point").as("forecast_2030"), col("p_meet").as("p_meet_2030")), key, "left")
                .join(forecasts.select(col(key[0]), col(key[1]), col(key[2]), col("year").as("next_target_year"),
                        col("point").as("forecast_next_target"), col("p_meet").as("p_meet_next_target")),
                        new String[] {"criterion_id", "area_level", "area_code", "next_target_year"}, "left")
                .select(col(key[0]), col(key[1]), col(key[2]), col("progress_status"), col("forecast_2030"),
                        col("p_meet_2030"), col("next_target_year"), col("forecast_next_target"), col("p_meet_next_target"));
        List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
        for (String c : scorecard.columns()) columns.add(col(c)); // the scorecard's own order first, then the outlook
        for (String c : outlook.columns()) if (!List.of(key).contains(c)) columns.add(col(c));
        return scorecard.join(outlook, key, "left").select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    private static Dataset<Row> scales(CriteriaCatalog catalog, SparkSession spark) {
        Map<String, String> scale = new LinkedHashMap<>();
        catalog.targets().forEach(t -> scale.put(t.criterionId(), t.scale().name()));
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType).add("scale", DataTypes.StringType);
        return spark.createDataFrame(scale.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(), schema);
    }

    /** Numeric targets: (criterion_id, target_year, target, higher_is_better, bounded). */
    private static Dataset<Row> catalogTargets(CriteriaCatalog catalog, SparkSession spark) {
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType).add("target_year", DataTypes.IntegerType)
                .add("target", DataTypes.DoubleType).add("higher_is_better", DataTypes.BooleanType)
                .add("bounded", DataTypes.BooleanType);
        List<Row> rows = catalog.targets().stream().filter(t -> t.targetValue() != null)
                .map(t -> RowFactory.create(t.criterionId(), t.year(), t.targetValue(), t.higherIsBetter(),
                        t.scale() == Scale.PERCENT)).toList();
        return spark.createDataFrame(rows, schema);
    }

}
