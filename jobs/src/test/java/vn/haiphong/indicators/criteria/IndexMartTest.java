package vn.haiphong.indicators.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.quality.QualitySeries;

/**
 * The communes' ranking on hand-made assessments: scored in points, special zones apart, the assessing body's overall
 * (TONG) score beside the computed one and a disagreement flagged.
 */
class IndexMartTest extends SparkTestBase {
    static final StructType ASSESSMENTS = new StructType().add("commune_code", DataTypes.StringType).add("model", DataTypes.StringType)
            .add("year", DataTypes.IntegerType).add("criterion_code", DataTypes.StringType).add("score", DataTypes.DoubleType)
            .add("max_score", DataTypes.DoubleType).add("passed", DataTypes.BooleanType).add("_source_file", DataTypes.StringType)
            .add("_line", DataTypes.LongType);
    static final StructType SCORECARD = new StructType().add("criterion_id", DataTypes.StringType).add("area_level", DataTypes.StringType)
            .add("area_code", DataTypes.StringType).add("year", DataTypes.IntegerType).add("actual_value", DataTypes.DoubleType)
            .add("target_period", DataTypes.StringType);
    static final StructType COMMUNES = new StructType().add("area_code", DataTypes.StringType).add("area_name", DataTypes.StringType);

    static final List<CompositeIndex.Index> INDICES = List.of(
            new CompositeIndex.Index("happy", "primary", Set.of("phuong", "xa"), CompositeIndex.Scoring.POINTS, "m", "", "", ""),
            new CompositeIndex.Index("zones", "primary", Set.of("dac_khu"), CompositeIndex.Scoring.POINTS, "m", "", "", ""));
    static final List<CompositeIndex.Component> METHOD = List.of(
            new CompositeIndex.Component("happy", "d", "c01", "", "", "assessment:m/C-01", 0, 100, 1, 1),
            new CompositeIndex.Component("happy", "d", "c02", "", "", "assessment:m/C-02", 0, 100, 1, 1));

    static Dataset<Row> assessments() {
        return df(ASSESSMENTS,
                row("P1", "m", 2025, "C-01", 3.0, 4.0, true, "f.csv", 2L), row("P1", "m", 2025, "C-02", 10.0, 20.0, true, "f.csv", 3L),
                row("P1", "m", 2025, "TONG", 13.0, 24.0, true, "f.csv", 4L),
                row("X1", "m", 2025, "C-01", 4.0, 4.0, true, "f.csv", 5L), row("X1", "m", 2025, "C-02", 8.0, 20.0, false, "f.csv", 6L),
                row("X1", "m", 2025, "TONG", 13.0, 24.0, true, "f.csv", 7L), // the criteria give 12
                row("Z1", "m", 2025, "C-01", 4.0, 4.0, true, "f.csv", 8L), row("Z1", "m", 2025, "C-02", 20.0, 20.0, true, "f.csv", 9L),
                row("Z1", "m", 2025, "TONG", 24.0, 24.0, true, "f.csv", 10L));
    }

    @Test
    void theRankingScoresPointsRanksSpecialZonesApartAndShowsTheAssessingBodysTotalBeside() {
        Dataset<Row> mart = IndexMart.communeIndex(df(SCORECARD), assessments(),
                df(COMMUNES, row("P1", "Phường 1"), row("X1", "Xã 1"), row("Z1", "Đặc khu 1"), row("Z2", "Đặc khu 2")),
                Map.of("P1", "phuong", "X1", "xa", "Z1", "dac_khu", "Z2", "dac_khu"), INDICES, METHOD, spark());
        assertRows("the resolution's ranking, special zones apart",
                rows(row("happy", "P1", "ranked", 54.1667, 1, 13.0, 24.0, 54.1667, 1, true),
                        row("happy", "X1", "ranked", 50.0, 2, 12.0, 24.0, 54.1667, 1, false),
                        row("zones", "Z1", "criteria_not_chosen", null, null, null, null, 100.0, 1, null),
                        row("zones", "Z2", "criteria_not_chosen", null, null, null, null, null, null, null)),
                rowsToJava(mart.orderBy("index_id", "area_code").select("index_id", "area_code", "index_status", "index_value", "rank",
                        "points", "points_possible", "assessed_score_pct", "assessed_rank", "agrees_with_assessment").collectAsList()));
        assertEquals(0, mart.where("index_id = 'happy' AND area_code LIKE 'Z%'").count(), "no special zone in the communes' ranking");
    }

    @Test
    void anOverallScoreOffTheSumOfItsCriteriaIsAQualitySeriesPoint() {
        assertRows("|TONG - sum of criteria| / maximum",
                rows(row("P1@m", "2025", 0.0, "f.csv", "4"), row("X1@m", "2025", 1.0 / 24, "f.csv", "7"), row("Z1@m", "2025", 0.0, "f.csv", "10")),
                rowsToJava(QualitySeries.assessmentTotal(assessments()).orderBy("subject")
                        .select("subject", "t", "value", "file_name", "lines").collectAsList()));
    }
}
