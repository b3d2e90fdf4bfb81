package vn.haiphong.indicators.forecast;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

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
        // A year's own value only (not an average over a period, not an undated target's latest value); two
        // targets due the same year (a period target and a point target) share that value once.
        Dataset<Row> complete = scorecard.where(col("actual_value").isNotNull().and(col("year_complete"))
                        .and(col("year").isNotNull())
                        .and(not(coalesce(col("target_period").startsWith("avg:"), org.apache.spark.sql.functions.lit(false)))))
                .dropDuplicates("criterion_id", "area_level", "area_code", "year");
        return complete.join(broadcast(scales(catalog, spark)), "criterion_id")
                .select(col("criterion_id"), col("area_level"), col("area_code"), col("year"),
                        col("actual_value").as("value"), col("scale"));
    }

    /** criterion -> year -> numeric target, for p_meet. */
    public static Map<String, Map<Integer, ForecastJob.Target>> targets(CriteriaCatalog catalog) {
        Map<String, Map<Integer, ForecastJob.Target>> out = new HashMap<>();
        for (CriteriaCatalog.Target t : numericYearly(catalog)) {
            out.computeIfAbsent(t.criterionId(), k -> new HashMap<>())
                    .put(t.year(), new ForecastJob.Target(t.op(), t.higherIsBetter(), t.targetValue()));
        }
        return out;
    }

    static final StructType MEASURE = new StructType().add("status", DataTypes.StringType).add("score", DataTypes.DoubleType);

    /**
     * Adds to each scorecard row its series' outlook: {@code forecast_2030}, {@code p_meet_2030},
     * {@code next_target_year} (first numeric target after the last complete observation),
     * {@code forecast_next_target}, {@code p_meet_next_target}, and Open SDG's {@code progress_status} and
     * {@code progress_score} ({@link ProgressStatus}): from the base year (the catalog's baseline year, or the first
     * later year with data; the series' first year when the catalog gives none) to the latest complete year, towards
     * the next target (the latest one once all are due), or against the no-target thresholds.
     */
    public static Dataset<Row> enrich(Dataset<Row> scorecard, Dataset<Row> series, Dataset<Row> forecasts,
                                      CriteriaCatalog catalog, SparkSession spark) {
        if (!spark.catalog().functionExists("progress_measure")) spark.udf().register("progress_measure",
                (UDF8<Integer, Double, Integer, Double, Integer, Double, Boolean, Double, Row>)
                (by, b, cy, c, ty, t, higher, limit) -> {
                    if (by == null || b == null) return RowFactory.create(ProgressStatus.INSUFFICIENT_DATA, null);
                    ProgressStatus.Measure m = ProgressStatus.measure(by, b, cy, c, ty, t, higher, limit);
                    return RowFactory.create(m.status(), m.score());
                }, MEASURE);
        String[] key = {"criterion_id", "area_level", "area_code"};
        Dataset<Row> criteria = criteria(catalog, spark);
        Dataset<Row> current = series.groupBy(key[0], key[1], key[2]).agg(
                max("year").as("current_year"), max_by(col("value"), col("year")).as("current_value"));
        Dataset<Row> base = series.join(broadcast(criteria), "criterion_id")
                .where(col("base_from").isNull().or(col("year").geq(col("base_from"))))
                .groupBy(key[0], key[1], key[2])
                .agg(min("year").as("baseline_year"), min_by(col("value"), col("year")).as("baseline_value"));
        Dataset<Row> targets = catalogTargets(catalog, spark);
        Dataset<Row> next = current.join(targets, "criterion_id")
                .groupBy(key[0], key[1], key[2])
                .agg(min(when(col("target_year").gt(col("current_year")), col("target_year"))).as("next_target_year"),
                        max("target_year").as("last_target_year"));
        Dataset<Row> outlook = current.join(base, key, "left").join(broadcast(criteria), "criterion_id")
                .join(next, key, "left")
                .withColumn("measured_target_year", coalesce(col("next_target_year"), col("last_target_year")))
                .join(targets.select(col("criterion_id"), col("target_year").as("measured_target_year"), col("target")),
                        new String[] {"criterion_id", "measured_target_year"}, "left")
                .withColumn("measure", callUDF("progress_measure", col("baseline_year"), col("baseline_value"),
                        col("current_year"), col("current_value"), col("measured_target_year"), col("target"),
                        col("higher_is_better"), col("limit")))
                .withColumn("progress_status", col("measure.status"))
                .withColumn("progress_score", col("measure.score"))
                .join(forecasts.where(col("year").equalTo(HORIZON)).select(col(key[0]), col(key[1]), col(key[2]),
                        col("point").as("forecast_2030"), col("p_meet").as("p_meet_2030")), key, "left")
                .join(forecasts.select(col(key[0]), col(key[1]), col(key[2]), col("year").as("next_target_year"),
                        col("point").as("forecast_next_target"), col("p_meet").as("p_meet_next_target")),
                        new String[] {"criterion_id", "area_level", "area_code", "next_target_year"}, "left")
                .select(col(key[0]), col(key[1]), col(key[2]), col("progress_status"), col("progress_score"),
                        col("forecast_2030"), col("p_meet_2030"), col("next_target_year"), col("forecast_next_target"),
                        col("p_meet_next_target"));
        List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
        for (String c : scorecard.columns()) columns.add(col(c)); // the scorecard's own order first, then the outlook
        for (String c : outlook.columns()) if (!List.of(key).contains(c)) columns.add(col(c));
        return scorecard.join(outlook, key, "left").select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    /**
     * Per criterion: the first year its progress is measured from ({@code base_from}, the catalog's baseline year),
     * its direction, and its natural limit in that direction (100 for a share where higher is better).
     */
    private static Dataset<Row> criteria(CriteriaCatalog catalog, SparkSession spark) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            Row known = rows.get(t.criterionId());
            Integer baseFrom = known != null && known.get(1) != null ? (Integer) known.get(1) : t.baselineYear();
            rows.put(t.criterionId(), RowFactory.create(t.criterionId(), baseFrom, t.higherIsBetter(),
                    t.scale() == Scale.PERCENT && t.higherIsBetter() ? 100.0 : null));
        }
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType).add("base_from", DataTypes.IntegerType)
                .add("higher_is_better", DataTypes.BooleanType).add("limit", DataTypes.DoubleType);
        return spark.createDataFrame(List.copyOf(rows.values()), schema);
    }

    /**
     * The numeric targets due at a year and judged on its value, one per criterion and year: where two are due the
     * same year (a period's target and that year's own), the stricter one.
     */
    static List<CriteriaCatalog.Target> numericYearly(CriteriaCatalog catalog) {
        Map<String, CriteriaCatalog.Target> strictest = new LinkedHashMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            if (t.targetValue() == null || !t.isYearly()) continue; // an average growth is not a level the series reaches
            strictest.merge(t.criterionId() + "|" + t.year(), t, (a, b) ->
                    (a.higherIsBetter() ? b.targetValue() > a.targetValue() : b.targetValue() < a.targetValue()) ? b : a);
        }
        return List.copyOf(strictest.values());
    }

    private static Dataset<Row> scales(CriteriaCatalog catalog, SparkSession spark) {
        Map<String, String> scale = new LinkedHashMap<>();
        catalog.targets().forEach(t -> scale.put(t.criterionId(), t.scale().name()));
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType).add("scale", DataTypes.StringType);
        return spark.createDataFrame(scale.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(), schema);
    }

    /** Numeric targets: (criterion_id, target_year, target). */
    private static Dataset<Row> catalogTargets(CriteriaCatalog catalog, SparkSession spark) {
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType).add("target_year", DataTypes.IntegerType)
                .add("target", DataTypes.DoubleType);
        List<Row> rows = numericYearly(catalog).stream()
                .map(t -> RowFactory.create(t.criterionId(), t.year(), t.targetValue())).toList();
        return spark.createDataFrame(rows, schema);
    }

}
