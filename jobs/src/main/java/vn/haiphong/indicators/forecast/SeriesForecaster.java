package vn.haiphong.indicators.forecast;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import vn.haiphong.indicators.criteria.Operator;
import vn.haiphong.indicators.criteria.Scale;

/**
 * Forecasts one yearly series to a horizon with point values and 80% / 95% prediction intervals,
 * choosing the method by rolling-origin backtest (one year ahead, mean absolute percentage error) and
 * giving the probability that a target will be met from the same predictive distribution.
 */
public final class SeriesForecaster {
    /** Fewest observations to forecast at all. */
    public static final int MIN_POINTS = 3;

    /** One forecast year: values on the series' own scale; mean, sd and df describe the model scale. */
    public record Point(int year, double point, double lo80, double hi80, double lo95, double hi95,
                        double modelMean, double modelSd, double df) { }

    public record Forecast(String method, double backtestMape, int backtestOrigins, List<Point> points, Scale scale) {

        /** Probability that the value of {@code year} meets {@code operator target}; null beyond the horizon. */
        public Double pMeet(int year, Operator operator, boolean higherIsBetter, double target) {
            for (Point p : points) {
                if (p.year() != year) continue;
                double z = scale.toModel(target);
                double t = p.modelSd() > 0 ? (z - p.modelMean()) / p.modelSd() : Math.signum(z - p.modelMean()) * 1e9;
                double below = cdf(t, p.df());
                return operator.pMeet(below, higherIsBetter);
            }
            return null;
        }
    }

    private SeriesForecaster() { }

    /**
     * @param years  observed years, increasing, without gaps
     * @param values observed values, same length
     * @param toYear last year to forecast
     */
    public static Forecast forecast(int[] years, double[] values, Scale scale, int toYear) {
        int n = values.length;
        if (n < MIN_POINTS) throw new IllegalArgumentException("need at least " + MIN_POINTS + " points, got " + n);
        for (int i = 1; i < n; i++) {
            if (years[i] != years[i - 1] + 1) throw new IllegalArgumentException("years must be consecutive: " + years[i - 1] + ", " + years[i]);
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = scale.toModel(values[i]);

        Methods.Method chosen = Methods.LINEAR;
        double bestMape = Double.NaN;
        int origins = 0;
        for (Methods.Method m : Methods.ALL) {
            if (n < m.minPoints()) continue;
            double[] err = backtest(m, z, values, scale);
            if (err[1] == 0) continue;
            double mape = err[0] / err[1];
            if (Double.isNaN(bestMape) || mape < bestMape - 1e-12) {
                bestMape = mape;
                chosen = m;
                origins = (int) err[1];
            }
        }
        Methods.Fit fit = chosen.fit(z);
        List<Point> points = new ArrayList<>();
        double floor = scale == Scale.CUMULATIVE ? values[n - 1] : Double.NEGATIVE_INFINITY;
        double prevPoint = floor, prevLo80 = floor, prevLo95 = floor, prevHi80 = floor, prevHi95 = floor;
        for (int year = years[n - 1] + 1; year <= toYear; year++) {
            int h = year - years[n - 1];
            double mean = fit.mean(h), sd = fit.sd(h), df = fit.df();
            double q80 = quantile(0.90, df), q95 = quantile(0.975, df);
            double point = scale.fromModel(mean);
            double lo80 = scale.fromModel(mean - q80 * sd), hi80 = scale.fromModel(mean + q80 * sd);
            double lo95 = scale.fromModel(mean - q95 * sd), hi95 = scale.fromModel(mean + q95 * sd);
            if (scale == Scale.CUMULATIVE) {
                // A cumulative count never falls: neither its path nor any bound goes below what came before.
                point = prevPoint = Math.max(point, prevPoint);
                lo80 = prevLo80 = Math.max(lo80, prevLo80);
                lo95 = prevLo95 = Math.max(lo95, prevLo95);
                hi80 = prevHi80 = Math.max(Math.max(hi80, prevHi80), point);
                hi95 = prevHi95 = Math.max(Math.max(hi95, prevHi95), hi80);
            }
            points.add(new Point(year, point, lo80, hi80, lo95, hi95, mean, sd, df));
        }
        return new Forecast(chosen.name(), bestMape, origins, points, scale);
    }

    /** {sum of absolute percentage errors, number of origins} of one-year-ahead forecasts. */
    static double[] backtest(Methods.Method m, double[] z, double[] values, Scale scale) {
        double sum = 0;
        int count = 0;
        for (int k = m.minPoints(); k < z.length; k++) {
            double[] train = java.util.Arrays.copyOf(z, k);
            double predicted = scale.fromModel(m.fit(train).mean(1));
            double actual = values[k];
            if (actual == 0) continue;
            sum += Math.abs(predicted - actual) / Math.abs(actual) * 100;
            count++;
        }
        return new double[] {sum, count};
    }

    static double quantile(double p, double df) {
        return new TDistribution(null, Math.max(1, df)).inverseCumulativeProbability(p);
    }

    static double cdf(double t, double df) {
        return new TDistribution(null, Math.max(1, df)).cumulativeProbability(t);
    }
}
