package vn.haiphong.indicators.forecast;

import vn.haiphong.indicators.criteria.Operator;
import vn.haiphong.indicators.criteria.Scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class ForecastJobTest extends SparkTestBase {
    static final StructType SERIES = new StructType().add("criterion_id", DataTypes.StringType)
            .add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
            .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("scale", DataTypes.StringType);

    static int jobsFor(int series) {
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            for (int year = 2020; year <= 2025; year++) rows.add(RowFactory.create("x", "commune", "c" + s, year, 50.0 + year % 7 + s % 5, "LEVEL"));
        }
        return jobsStarted(() -> ForecastJob.forecast(spark().createDataFrame(rows, SERIES), Map.of(), 2030).count()).size();
    }

    @Test
    void theNumberOfSparkJobsDoesNotGrowWithTheNumberOfSeries() {
        assertEquals(jobsFor(20), jobsFor(2000), "jobs for 20 series vs 2,000 series");
    }

    @Test
    void manySeriesAreFittedInOneJobAndMatchTheSingleSeriesForecaster() {
        List<Row> rows = new ArrayList<>();
        int series = 300;
        for (int s = 0; s < series; s++) {
            for (int year = 2020; year <= 2025; year++) {
                double v = 80 + s % 10 + (year - 2020) * (1 + (s % 3)) * 0.5 + Math.sin(s + year) * 0.3;
                rows.add(RowFactory.create("cov", "commune", String.format("%05d", s), year, v, "PERCENT"));
            }
        }
        rows.add(RowFactory.create("short", "city", "31", 2025, 1.0, "LEVEL")); // too short: no forecast
        Dataset<Row> input = spark().createDataFrame(rows, SERIES);
        Map<String, Map<Integer, ForecastJob.Target>> targets = Map.of("cov", Map.of(2030, new ForecastJob.Target(Operator.GE, true, 95.0)));
        List<Row> out = ForecastJob.forecast(input, targets, 2030).orderBy("area_code", "year").collectAsList();
        assertEquals(series * 5, out.size(), "2026-2030 for every long enough series");

        Row first = out.get(4); // area 00000, 2030
        double[] v = new double[6];
        for (int i = 0; i < 6; i++) v[i] = (double) rows.get(i).get(4);
        SeriesForecaster.Forecast expected = SeriesForecaster.forecast(new int[] {2020, 2021, 2022, 2023, 2024, 2025}, v,
                Scale.PERCENT, 2030);
        assertEquals(2030, first.getInt(3));
        assertEquals(expected.points().get(4).point(), first.getDouble(4), 1e-9);
        assertEquals(expected.method(), first.getString(9));
        assertEquals(expected.pMeet(2030, vn.haiphong.indicators.criteria.Operator.GE, true, 95.0), first.getDouble(13), 1e-12);
        assertEquals(95.0, first.getDouble(11));
        assertTrue(out.stream().allMatch(r -> r.getDouble(7) >= 0 && r.getDouble(8) <= 100), "percentages stay in 0-100");
    }
}
