package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.config.ClasspathCsv;

/**
 * Gold: {@code mart_model_summary}, the answer per model to "how many of its targets are met": per model, area
 * and year, the targets due that year and how they stand. The eleven models are data ({@code conf/models.csv},
 * names as Appendix 2 of Resolution 05-NQ/TU lists them); criteria of no model are {@code general}, and
 * {@code all} counts every target.
 */
public final class ModelSummary {
    private ModelSummary() { }

    public static final String RESOURCE = "/conf/models.csv";
    public static final String GENERAL = "general";
    public static final String ALL = "all";

    static final StructType MODELS = new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("model_number", DataTypes.IntegerType, true)
            .add("model_name_vi", DataTypes.StringType, false)
            .add("model_name_en", DataTypes.StringType, false);

    /** SHA-256 of {@code conf/models.csv}: a renamed model rebuilds the summary. */
    public static String fingerprint() {
        return vn.haiphong.indicators.config.ClasspathCsv.fingerprint(RESOURCE);
    }

    /** The eleven models, then {@code general} and {@code all}. */
    public static Dataset<Row> models(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            rows.add(RowFactory.create(r.get("model_id"), Integer.valueOf(r.get("number")), r.get("name_vi"), r.get("name_en")));
        }
        rows.add(RowFactory.create(GENERAL, null, "Chỉ tiêu chung (ngoài 11 mô hình)", "General indicators (outside the eleven models)"));
        rows.add(RowFactory.create(ALL, null, "Tất cả chỉ tiêu", "All targets"));
        return spark.createDataFrame(rows, MODELS);
    }

    /**
     * @param scorecard mart_criteria_scorecard: one row per criterion, area and year
     * @param models    {@link #models}
     * @return per model, area and year with at least one target due: {@code targets_due} (a target set for that
     *         year), {@code with_data}, {@code met} (final or provisional verdicts), {@code provisional} (verdicts on a
     *         year-to-date figure or an estimate, met or not); the targets not met split by their outlook towards the next
     *         target ({@code on_track}, {@code acceleration_needed}, {@code off_track}: limited progress,
     *         deterioration or no outlook); {@code no_data}; {@code no_numeric_target} (universal, unquantified);
     *         {@code share_met_pct} = met / targets with a number, in percent; {@code stretch_judged} and
     *         {@code stretch_met}, the targets due with a stretch line ("phấn đấu") judged against it, and met. The
     *         2021-2025 record ({@code row_kind = historical}) is not a target due: it is counted apart,
     *         {@code historical_judged} and {@code historical_met}; pass rules are rules, not counted.
     */
    public static Dataset<Row> summarise(Dataset<Row> scorecard, Dataset<Row> models) {
        Column status = col("status");
        Column met = status.isin(Scorecard.MET, Scorecard.MET_PROVISIONAL);
        Column notMet = status.isin(Scorecard.NOT_MET, Scorecard.NOT_MET_PROVISIONAL);
        Column outlook = coalesce(col("progress_status"), lit(""));
        Column historical = coalesce(col("row_kind"), lit("")).equalTo(CriteriaCatalog.HISTORICAL);
        Dataset<Row> due = scorecard.where(met.or(notMet).or(status.isin("no_data", "no_numeric_target")))
                .withColumn("model_id", coalesce(col("model_id"), lit(GENERAL)));
        Column target = not(historical);
        Dataset<Row> perModel = due.unionByName(due.withColumn("model_id", lit(ALL)));
        Dataset<Row> counts = perModel.groupBy("model_id", "area_level", "area_code", "year").agg(
                sum(when(target, 1L).otherwise(0L)).as("targets_due"),
                sum(when(target.and(col("actual_value").isNotNull()), 1L).otherwise(0L)).as("with_data"),
                sum(when(target.and(met), 1L).otherwise(0L)).as("met"),
                sum(when(target.and(status.isin(Scorecard.MET_PROVISIONAL, Scorecard.NOT_MET_PROVISIONAL)), 1L).otherwise(0L)).as("provisional"),
                sum(when(target.and(notMet).and(outlook.equalTo("on_track")), 1L).otherwise(0L)).as("on_track"),
                sum(when(target.and(notMet).and(outlook.equalTo("acceleration_needed")), 1L).otherwise(0L)).as("acceleration_needed"),
                sum(when(target.and(notMet).and(not(outlook.isin("on_track", "acceleration_needed"))), 1L).otherwise(0L)).as("off_track"),
                sum(when(target.and(status.equalTo("no_data")), 1L).otherwise(0L)).as("no_data"),
                sum(when(target.and(status.equalTo("no_numeric_target")), 1L).otherwise(0L)).as("no_numeric_target"),
                sum(when(target.and(col("stretch_status").isNotNull()), 1L).otherwise(0L)).as("stretch_judged"),
                sum(when(target.and(col("stretch_status").equalTo(Scorecard.MET)), 1L).otherwise(0L)).as("stretch_met"),
                sum(when(historical.and(met.or(notMet)), 1L).otherwise(0L)).as("historical_judged"),
                sum(when(historical.and(met), 1L).otherwise(0L)).as("historical_met"));
        Column numeric = col("targets_due").minus(col("no_numeric_target"));
        return counts.join(broadcast(models), "model_id")
                .withColumn("share_met_pct", when(numeric.gt(0), round(col("met").multiply(100.0).divide(numeric), 2)))
                .select("model_id", "model_number", "model_name_vi", "model_name_en", "area_level", "area_code", "year",
                        "targets_due", "with_data", "met", "provisional", "on_track", "acceleration_needed", "off_track", "no_data",
                        "no_numeric_target", "share_met_pct", "stretch_judged", "stretch_met", "historical_judged", "historical_met");
    }

    private static Column not(Column c) {
        return org.apache.spark.sql.functions.not(c);
    }
}
