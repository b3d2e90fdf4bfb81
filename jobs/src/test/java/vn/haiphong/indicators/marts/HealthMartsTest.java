package vn.haiphong.indicators.marts;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class HealthMartsTest extends SparkTestBase {
    static final StructType INSURED = new StructType().add("period", DataTypes.StringType)
            .add("commune_code", DataTypes.StringType).add("insured_persons", DataTypes.LongType);
    static final StructType STATIONS = new StructType().add("period", DataTypes.StringType)
            .add("commune_code", DataTypes.StringType).add("ehr_persons", DataTypes.LongType)
            .add("managed_persons", DataTypes.LongType).add("visits", DataTypes.LongType)
            .add("elderly_checkups", DataTypes.LongType).add("newborns", DataTypes.LongType)
            .add("newborns_screened", DataTypes.LongType);
    static final StructType POPULATION = new StructType().add("year", DataTypes.IntegerType)
            .add("commune_code", DataTypes.StringType).add("population", DataTypes.LongType)
            .add("population_60plus", DataTypes.LongType);
    static final StructType COMMUNES = new StructType().add("area_code", DataTypes.StringType).add("area_name", DataTypes.StringType);

    @Test
    void coverageUsesThatYearsPopulationOrCarriesTheLatestForward() {
        Dataset<Row> mart = HealthMarts.monthly(
                df(INSURED, row("2025-12", "11311", 900L), row("2025-12", "11411", 450L),
                        row("2026-03", "11311", 950L), row("2026-03", "11411", 480L)),
                df(STATIONS, row("2026-03", "11311", 800L, 700L, 100L, 150L, 20L, 15L)),
                df(POPULATION, row(2024, "11311", 990L, 180L), row(2025, "11311", 1000L, 200L), row(2025, "11411", 500L, 90L)),
                df(COMMUNES, row("11311", "Phường Hồng Bàng"), row("11411", "Phường Đông Hải"), row("10525", "Phường Hải Dương")));
        List<Object[]> rows = rowsToJava(mart.select("area_level", "area_code", "period", "population", "population_year",
                "population_carried_forward", "insured_persons", "coverage_pct", "managed_persons", "managed_pct",
                "elderly_checkup_pct", "newborn_screening_pct").orderBy("area_level", "area_code", "period").collectAsList());
        assertRows("mart", List.of(
                row("city", "31", "2025-12", 1500L, 2025, false, 1350L, 90.0, null, null, null, null),
                row("city", "31", "2026-03", 1500L, 2025, true, 1430L, 95.3333, 700L, 46.6667, 51.7241, 75.0),
                // a commune with no cards that month shows 0 insured; with no population, no coverage
                row("commune", "10525", "2025-12", null, null, null, 0L, null, null, null, null, null),
                row("commune", "10525", "2026-03", null, null, null, 0L, null, null, null, null, null),
                row("commune", "11311", "2025-12", 1000L, 2025, false, 900L, 90.0, null, null, null, null),
                row("commune", "11311", "2026-03", 1000L, 2025, true, 950L, 95.0, 700L, 70.0, 75.0, 75.0),
                row("commune", "11411", "2025-12", 500L, 2025, false, 450L, 90.0, null, null, null, null),
                // the station file of 2026-03 exists but lacks this commune: no managed figures, not zero
                row("commune", "11411", "2026-03", 500L, 2025, true, 480L, 96.0, null, null, null, null)),
                rows);
    }
}
