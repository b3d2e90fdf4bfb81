package vn.haiphong.indicators.criteria;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class ModelSummaryTest extends SparkTestBase {
    static final StructType CARD = new StructType().add("criterion_id", DataTypes.StringType).add("model_id", DataTypes.StringType)
            .add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType).add("year", DataTypes.IntegerType)
            .add("actual_value", DataTypes.DoubleType).add("status", DataTypes.StringType).add("progress_status", DataTypes.StringType)
            .add("stretch_status", DataTypes.StringType).add("row_kind", DataTypes.StringType);

    @Test
    void countsEachModelsTargetsByHowTheyStand() {
        Dataset<Row> card = df(CARD,
                row("cov", "model_health_care_city", "city", "31", 2026, 96.0, "met", "target_achieved", null, "target"),
                row("chk", "model_health_care_city", "city", "31", 2026, 60.0, "not_met", "on_track", null, "target"),
                row("scr", "model_health_care_city", "city", "31", 2026, 50.0, "not_met", "acceleration_needed", null, "target"),
                row("doc", "model_health_care_city", "city", "31", 2026, 10.0, "not_met", "deterioration", null, "target"),
                row("bed", "model_health_care_city", "city", "31", 2026, 5.0, "not_met", null, null, "target"),
                row("sta", "model_health_care_city", "city", "31", 2026, null, "no_data", null, null, "target"),
                row("uni", "model_health_care_city", "city", "31", 2026, 95.0, "no_numeric_target", null, null, "target"),
                row("cov", "model_health_care_city", "city", "31", 2025, 95.2, "no_target_for_year", null, null, "target"), // not due: not counted
                row("grdp", null, "city", "31", 2026, 8.1, "met", null, null, "target"),
                row("cov", "model_health_care_city", "commune", "11411", 2026, null, "no_data", null, null, "target"),
                row("pci", "model_health_care_city", "city", "31", 2027, 4.0, "met", null, "not_met", "target"), // firm line met, stretch not
                row("iip", "model_health_care_city", "city", "31", 2027, 17.0, "met", null, "met", "target"),
                row("old", "model_health_care_city", "city", "31", 2027, 7.0, "not_met", null, null, "historical"), // the 2021-2025 record
                row("rule", "model_health_care_city", "city", "31", 2027, 80.0, "pass_rule", null, null, "pass_rule")); // a rule
        assertRows("summary", List.of(
                row("all", "city", "31", 2026, 8L, 7L, 2L, 1L, 1L, 2L, 1L, 1L, 28.57),
                row("all", "commune", "11411", 2026, 1L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0.0),
                row("general", "city", "31", 2026, 1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 100.0),
                row("model_health_care_city", "city", "31", 2026, 7L, 6L, 1L, 1L, 1L, 2L, 1L, 1L, 16.67),
                row("model_health_care_city", "commune", "11411", 2026, 1L, 0L, 0L, 0L, 0L, 0L, 1L, 0L, 0.0)),
                rowsToJava(ModelSummary.summarise(card, ModelSummary.models(spark()))
                        .select("model_id", "area_level", "area_code", "year", "targets_due", "with_data", "met", "on_track",
                                "acceleration_needed", "off_track", "no_data", "no_numeric_target", "share_met_pct")
                        .where("year = 2026").orderBy("model_id", "area_level", "area_code", "year").collectAsList()));
        // 2027: two targets due, both met on the firm line, one of them on its stretch line too; the historical row
        // is judged apart, and the pass rule is not counted at all
        assertRows("stretch and historical", rows(row("model_health_care_city", 2L, 2L, 2L, 1L, 1L, 0L, 100.0)),
                rowsToJava(ModelSummary.summarise(card, ModelSummary.models(spark())).where("year = 2027 AND model_id = 'model_health_care_city'")
                        .select("model_id", "targets_due", "met", "stretch_judged", "stretch_met", "historical_judged", "historical_met",
                                "share_met_pct").collectAsList()));
    }

    @Test
    void theElevenModelsHaveTheirVietnameseAndEnglishNames() {
        List<Row> models = ModelSummary.models(spark()).where("model_number IS NOT NULL").orderBy("model_number").collectAsList();
        org.junit.jupiter.api.Assertions.assertEquals(11, models.size());
        org.junit.jupiter.api.Assertions.assertEquals("Chính quyền thân thiện", models.get(0).getAs("model_name_vi"));
        org.junit.jupiter.api.Assertions.assertEquals("Socialist youth-union branch and member", models.get(10).getAs("model_name_en"));
        List<String> ids = models.stream().map(r -> (String) r.getAs("model_id")).toList();
        for (CriteriaCatalog.Target t : CriteriaCatalog.load().targets()) {
            org.junit.jupiter.api.Assertions.assertTrue(t.modelId() == null || ids.contains(t.modelId()),
                    t.criterionId() + " names model " + t.modelId() + ", which conf/models.csv declares");
        }
    }
}
