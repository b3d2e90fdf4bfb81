package vn.haiphong.indicators.forecast;

import vn.haiphong.indicators.criteria.Operator;
import vn.haiphong.indicators.criteria.Scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Synthetic series with a known generating process. */
class SeriesForecasterTest {

    static int[] years(int from, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = from + i;
        return y;
    }

    @Test
    void aStraightTrendIsRecovered() {
        double[] v = {10, 12, 14, 16, 18, 20};
        SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2020, 6), v, Scale.LEVEL, 2030);
        assertEquals(5, f.points().size());
        for (SeriesForecaster.Point p : f.points()) {
            assertEquals(10 + 2 * (p.year() - 2020), p.point(), 1e-9, "year " + p.year());
            assertTrue(p.lo95() <= p.point() && p.point() <= p.hi95());
        }
        assertEquals(0.0, f.backtestMape(), 1e-9);
    }

    @Test
    void intervalsCoverCloseToNominalOverManyBacktests() {
        Random r = new Random(42);
        int series = 1500, inside80 = 0, inside95 = 0, total = 0;
        for (int s = 0; s < series; s++) {
            double a = 50 + r.nextGaussian() * 10, b = r.nextGaussian() * 2, sigma = 0.5 + r.nextDouble() * 2;
            int n = 10, h = 3;
            double[] all = new double[n + h];
            for (int t = 0; t < n + h; t++) all[t] = a + b * t + sigma * r.nextGaussian();
            SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2016, n), java.util.Arrays.copyOf(all, n), Scale.LEVEL, 2016 + n + h - 1);
            for (int k = 0; k < h; k++) {
                SeriesForecaster.Point p = f.points().get(k);
                double actual = all[n + k];
                if (actual >= p.lo80() && actual <= p.hi80()) inside80++;
                if (actual >= p.lo95() && actual <= p.hi95()) inside95++;
                total++;
            }
        }
        double c80 = (double) inside80 / total, c95 = (double) inside95 / total;
        System.out.printf("empirical coverage over %d forecasts (linear trend + noise, method chosen by backtest): 80%% -> %.3f, 95%% -> %.3f%n",
                total, c80, c95);
        assertTrue(c80 > 0.72 && c80 < 0.88, "80% interval coverage " + c80);
        assertTrue(c95 > 0.89 && c95 < 0.985, "95% interval coverage " + c95);
    }

    @Test
    void percentagesStayWithinZeroAndHundred() {
        for (double[] v : new double[][] {{90, 93, 96, 98, 99.5}, {9, 6, 3, 1.5, 0.4}, {95.2, 95.4, 100, 100, 100}}) {
            SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2021, v.length), v, Scale.PERCENT, 2035);
            for (SeriesForecaster.Point p : f.points()) {
                for (double x : new double[] {p.point(), p.lo80(), p.hi80(), p.lo95(), p.hi95()}) {
                    assertTrue(x >= 0 && x <= 100, "outside 0-100: " + p);
                }
            }
        }
    }

    @Test
    void cumulativeCountsNeverDecrease() {
        double[] v = {100, 250, 400, 420, 430};
        SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2021, 5), v, Scale.CUMULATIVE, 2035);
        double prev = 430;
        for (SeriesForecaster.Point p : f.points()) {
            assertTrue(p.point() >= prev - 1e-9 && p.lo80() >= 430 - 1e-9 && p.lo95() >= 430 - 1e-9, p.toString());
            prev = p.point();
        }
    }

    @Test
    void pMeetIsNearZeroFarBelowAndNearOneFarAbove() {
        Random r = new Random(7);
        double[] low = new double[6], high = new double[6];
        for (int i = 0; i < 6; i++) {
            low[i] = 50 + r.nextGaussian() * 0.5;
            high[i] = 99 + r.nextGaussian() * 0.1;
        }
        double pLow = SeriesForecaster.forecast(years(2020, 6), low, Scale.PERCENT, 2030).pMeet(2030, vn.haiphong.indicators.criteria.Operator.GE, true, 95);
        double pHigh = SeriesForecaster.forecast(years(2020, 6), high, Scale.PERCENT, 2030).pMeet(2030, vn.haiphong.indicators.criteria.Operator.GE, true, 90);
        System.out.printf("p_meet: flat 50%% vs >= 95%%: %.4f; flat 99%% vs >= 90%%: %.4f%n", pLow, pHigh);
        assertTrue(pLow < 0.02, "far below: " + pLow);
        assertTrue(pHigh > 0.98, "far above: " + pHigh);
    }
    /**
     * Every unit of the project's catalog: a share is never forecast, nor drawn with intervals, outside 0-100 (a series
     * rising fast toward 100%); a quantity never below zero (a series falling fast toward 0); only growth rates and
     * changes, which may be negative, are modelled as observed.
     */
    @Test
    void everyUnitOfTheCatalogStaysInItsBounds() {
        java.util.Set<String> units = new java.util.TreeSet<>();
        vn.haiphong.indicators.criteria.CriteriaCatalog.load().targets().forEach(t -> units.add(t.unit()));
        int shares = 0, quantities = 0;
        for (String unit : units) {
            Scale scale = Scale.of(unit);
            if (unit.startsWith("%")) {
                if (unit.startsWith("% per year") || unit.startsWith("% reduction")) {
                    assertEquals(Scale.LEVEL, scale, unit + ": a growth rate or change may be negative");
                    continue;
                }
                assertEquals(Scale.PERCENT, scale, unit);
                shares++;
                SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2022, 4), new double[] {80, 88, 95, 99.5}, scale, 2030);
                for (SeriesForecaster.Point p : f.points()) {
                    assertTrue(p.lo95() >= 0 && p.hi95() <= 100 && p.point() <= 100, unit + " " + p);
                }
            } else if (scale != Scale.CUMULATIVE) {
                assertEquals(Scale.COUNT, scale, unit);
                quantities++;
                SeriesForecaster.Forecast f = SeriesForecaster.forecast(years(2022, 4), new double[] {40, 25, 10, 2}, scale, 2030);
                for (SeriesForecaster.Point p : f.points()) assertTrue(p.lo95() >= 0 && p.point() >= 0, unit + " " + p);
            }
        }
        assertTrue(shares > 50 && quantities > 50, shares + " share units, " + quantities + " quantity units");
        SeriesForecaster.Forecast linear = SeriesForecaster.forecast(years(2022, 4), new double[] {80, 88, 95, 99.5}, Scale.LEVEL, 2030);
        assertTrue(linear.points().get(linear.points().size() - 1).point() > 100, "as observed, the same series would pass 100%");
    }
}
