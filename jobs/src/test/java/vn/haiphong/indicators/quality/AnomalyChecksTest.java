package vn.haiphong.indicators.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** Each anomaly check on hand-made histories: it fires where it should, and nowhere else. */
class AnomalyChecksTest extends SparkTestBase {
    static Dataset<Row> series(Object[]... points) {
        List<Row> rows = new ArrayList<>();
        for (Object[] p : points) rows.add(RowFactory.create(p[0], p[1], p[2] == null ? null : ((Number) p[2]).doubleValue(),
                p.length > 3 ? p[3] : null, p.length > 4 ? p[4] : null, p.length > 5 ? p[5] : null));
        return spark().createDataFrame(rows, AnomalyChecks.SERIES);
    }

    static List<String> fired(AnomalyChecks.Check c, Dataset<Row> s) {
        List<String> out = new ArrayList<>();
        for (Row r : AnomalyChecks.apply(c, s).orderBy("subject", "t").collectAsList()) {
            out.add(r.getAs("subject") + "@" + r.getAs("t") + (r.getAs("file_name") == null ? "" : " " + r.getAs("file_name")));
        }
        return out;
    }

    static AnomalyChecks.Check check(String check, String threshold, int window) {
        return new AnomalyChecks.Check(check, "s", threshold, window, "warning", "test");
    }

    @Test
    void aCommuneHalvingFromItsRecentMonthsIsFlaggedOrdinaryNoiseIsNot() {
        Dataset<Row> s = series(
                new Object[] {"10001", "2026-01", 1000}, new Object[] {"10001", "2026-02", 1040}, new Object[] {"10001", "2026-03", 980},
                new Object[] {"10001", "2026-04", 500, "bhyt_the_2026-04.csv"}, new Object[] {"10001", "2026-05", 1010},
                new Object[] {"10002", "2026-01", 2000}, new Object[] {"10002", "2026-02", 2100}, new Object[] {"10002", "2026-03", 1900},
                new Object[] {"10002", "2026-04", 2300});
        assertEquals(List.of("10001@2026-04 bhyt_the_2026-04.csv"), fired(check("relative_change", "0.3", 3), s));
        // by how much: 500 against the mean of 1000, 1040, 980
        Row alert = AnomalyChecks.apply(check("relative_change", "0.3", 3), s).first();
        assertEquals(1006.6667, alert.<Double>getAs("expected"), 1e-3);
        assertEquals(500 / 1006.6667 - 1, alert.<Double>getAs("change"), 1e-6);
        // a tighter threshold also catches 10002's 2,300 (+14.8%) and 10001's recovery to 1,010 (against 840 on average)
        assertEquals(List.of("10001@2026-04 bhyt_the_2026-04.csv", "10001@2026-05", "10002@2026-04"), fired(check("relative_change", "0.1", 3), s));
    }

    @Test
    void aFileWithAThirdOfLastMonthsRowsIsFlagged() {
        Dataset<Row> s = series(new Object[] {"bhyt_the", "2026-01", 3000, "a.csv"}, new Object[] {"bhyt_the", "2026-02", 3100, "b.csv"},
                new Object[] {"bhyt_the", "2026-03", 1000, "c.csv"});
        assertEquals(List.of("bhyt_the@2026-03 c.csv"), fired(check("relative_change", "0.5", 3), s));
        assertEquals(List.of(), fired(check("relative_change", "0.7", 3), s), "a third is a 67% fall");
    }

    @Test
    void cumulativeCompletionsGoingDownAreFlaggedUnlessTheDeliveryIsACorrection() {
        Dataset<Row> s = series(new Object[] {"P1", "2026-01", 100, "d_01.csv", false}, new Object[] {"P1", "2026-02", 120, "d_02.csv", false},
                new Object[] {"P1", "2026-03", 90, "d_03.csv", false}, new Object[] {"P2", "2026-01", 50, "d_01.csv", false},
                new Object[] {"P2", "2026-02", 40, "d_02_v2.csv", true}, new Object[] {"P2", "2026-03", 40, "d_03.csv", false});
        assertEquals(List.of("P1@2026-03 d_03.csv"), fired(check("decrease", "0", 1), s));
        Dataset<Row> withLines = series(new Object[] {"P1", "2026-01", 100, "d_01.csv", false, "7"},
                new Object[] {"P1", "2026-02", 90, "d_02.csv", false, "12"});
        assertEquals("12", AnomalyChecks.apply(check("decrease", "0", 1), withLines).first().getAs("lines"), "which line of which file");
    }

    @Test
    void anEstimateTenTimesLastYearsIsFlaggedBothWays() {
        Dataset<Row> s = series(new Object[] {"grdp@city", "2024", 100}, new Object[] {"grdp@city", "2025", 108},
                new Object[] {"grdp@city", "2026", 1100}, new Object[] {"exports@city", "2025", 40}, new Object[] {"exports@city", "2026", 3.9},
                new Object[] {"jobs@city", "2025", 0}, new Object[] {"jobs@city", "2026", 50});
        assertEquals(List.of("exports@city@2026", "grdp@city@2026"), fired(check("ratio", "10", 1), s));
    }

    @Test
    void ratesAboveAThresholdAndValuesOutsideTheirRangeAreFlagged() {
        Dataset<Row> rates = series(new Object[] {"bhyt_the", "2026-01", 0.01}, new Object[] {"bhyt_the", "2026-02", 0.2, "x.csv"},
                new Object[] {"bhyt_the", "2026-03", 0.05});
        assertEquals(List.of("bhyt_the@2026-02 x.csv"), fired(check("above", "0.05", 1), rates));
        Dataset<Row> coverage = series(new Object[] {"10001", "2026-01", 95.0}, new Object[] {"10002", "2026-01", 104.2},
                new Object[] {"10003", "2026-01", -1}, new Object[] {"10004", "2026-01", null});
        assertEquals(List.of("10002@2026-01", "10003@2026-01"), fired(check("outside", "0;100", 1), coverage));
    }

    @Test
    void theDeclaredChecksLoadAndAnUnknownSeriesIsSkipped() {
        List<AnomalyChecks.Check> checks = AnomalyChecks.load();
        assertTrue(checks.size() >= 6);
        assertEquals(0, AnomalyChecks.run(checks, Map.of(), spark()).count());
        assertThrows(IllegalArgumentException.class, () -> AnomalyChecks.apply(check("sideways", "1", 1), series()));
    }
    /**
     * A city figure delivered beside its units' figures: 120 clubs against the communes' 114 (5%) is flagged, 114.3
     * against 114 (rounding) is not, and a count of units compares with the units that have one (3 of 4), not their sum.
     */
    @Test
    void aDeliveredCityFigureFarFromItsUnitsIsFlagged() {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("indicator_code", "string").add("commune_code", "string").add("year", "int").add("value", "double")
                .add("_source_file", "string").add("_line", "long");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 114; i++) {
            rows.add(RowFactory.create("clubs", String.valueOf(10000 + i), 2026, 1.0, "f.csv", (long) i + 2));
            rows.add(RowFactory.create("clubs", String.valueOf(10000 + i), 2027, 1.0, "f.csv", (long) i + 200));
        }
        rows.add(RowFactory.create("clubs", null, 2026, 120.0, "f.csv", 400L));
        rows.add(RowFactory.create("clubs", null, 2027, 114.3, "f.csv", 401L));
        for (int i = 0; i < 4; i++) rows.add(RowFactory.create("space", String.valueOf(10000 + i), 2026, i < 3 ? 1.0 : 0.0, "f.csv", 500L + i));
        rows.add(RowFactory.create("space", null, 2026, 3.0, "f.csv", 510L));
        Dataset<Row> series = QualitySeries.cityVsUnits(spark().createDataFrame(rows, schema), Map.of("clubs", "sum", "space", "count_units"));
        AnomalyChecks.Check declared = AnomalyChecks.load().stream().filter(c -> c.series().equals("city_vs_units")).findFirst().orElseThrow();
        assertEquals(List.of("clubs@city@2026 f.csv"), fired(declared, series));
        assertEquals(0.05, series.where("subject = 'clubs@city' AND t = '2026'").first().<Double>getAs("value"), 1e-12);
        assertEquals(0.0, series.where("subject = 'space@city'").first().<Double>getAs("value"), 1e-12);
    }
}
