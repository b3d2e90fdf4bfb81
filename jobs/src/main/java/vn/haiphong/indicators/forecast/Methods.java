package vn.haiphong.indicators.forecast;

import java.util.List;

/**
 * The forecasting methods, each fitted on a series already on the model scale (equally spaced years).
 * A fit gives, h years after the last observation, the mean and standard deviation of the predictive
 * distribution and the degrees of freedom of its Student t (large = normal).
 */
final class Methods {
    private Methods() { }

    interface Fit {
        double mean(int h);
        double sd(int h);
        double df();
    }

    interface Method {
        String name();
        int minPoints();
        Fit fit(double[] y);
    }

    /** Least-squares line with the classical prediction interval, t with n-2 degrees of freedom. */
    static final Method LINEAR = new Method() {
        public String name() { return "linear_trend"; }
        public int minPoints() { return 3; }
        public Fit fit(double[] y) {
            int n = y.length;
            double xbar = (n - 1) / 2.0, mean = 0;
            for (double v : y) mean += v / n;
            double sumXX = 0, sxy = 0;
            for (int i = 0; i < n; i++) {
                sumXX += (i - xbar) * (i - xbar);
                sxy += (i - xbar) * (y[i] - mean);
            }
            double sxx = sumXX, b = sxy / sxx, a = mean - b * xbar;
            double sse = 0;
            for (int i = 0; i < n; i++) sse += Math.pow(y[i] - a - b * i, 2);
            double s = Math.sqrt(sse / (n - 2));
            return new Fit() {
                public double mean(int h) { return a + b * (n - 1 + h); }
                public double sd(int h) {
                    double x = n - 1 + h;
                    return s * Math.sqrt(1 + 1.0 / n + (x - xbar) * (x - xbar) / sxx);
                }
                public double df() { return n - 2; }
            };
        }
    };

    /** Random walk with drift: the average yearly change continues; variance grows with the horizon. */
    static final Method DRIFT = new Method() {
        public String name() { return "drift"; }
        public int minPoints() { return 3; }
        public Fit fit(double[] y) {
            int n = y.length;
            double d = (y[n - 1] - y[0]) / (n - 1);
            double ss = 0;
            for (int i = 1; i < n; i++) ss += Math.pow(y[i] - y[i - 1] - d, 2);
            double s = Math.sqrt(ss / (n - 2));
            return new Fit() {
                public double mean(int h) { return y[n - 1] + h * d; }
                public double sd(int h) { return s * Math.sqrt(h * (1 + (double) h / (n - 1))); }
                public double df() { return n - 2; }
            };
        }
    };

    /**
     * Damped additive trend (Holt, Gardner-McKenzie), error-correction form: l_t = l + phi b + alpha e,
     * b_t = phi b + beta e. Parameters by grid search on the one-step squared errors; prediction
     * variance sigma^2 (1 + sum_{j<h} (alpha + beta phi_j)^2), phi_j = phi + ... + phi^j (Hyndman et al. 2008).
     */
    static final Method DAMPED = new Method() {
        private final double[] alphas = {0.2, 0.4, 0.6, 0.8, 0.95};
        private final double[] betaShares = {0.05, 0.2, 0.5, 1.0};
        private final double[] phis = {0.8, 0.9, 0.95, 0.98};

        public String name() { return "damped_trend"; }
        public int minPoints() { return 4; }
        public Fit fit(double[] y) {
            int n = y.length;
            double bestSse = Double.POSITIVE_INFINITY;
            double[] best = null;
            for (double alpha : alphas) {
                for (double share : betaShares) {
                    for (double phi : phis) {
                        double beta = alpha * share;
                        double[] run = run(y, alpha, beta, phi);
                        if (run[0] < bestSse) {
                            bestSse = run[0];
                            best = new double[] {alpha, beta, phi, run[1], run[2]};
                        }
                    }
                }
            }
            double alpha = best[0], beta = best[1], phi = best[2], level = best[3], trend = best[4];
            double s = Math.sqrt(bestSse / Math.max(1, n - 1 - 3));
            return new Fit() {
                public double mean(int h) { return level + phiSum(phi, h) * trend; }
                public double sd(int h) {
                    double v = 1;
                    for (int j = 1; j < h; j++) v += Math.pow(alpha + beta * phiSum(phi, j), 2);
                    return s * Math.sqrt(v);
                }
                public double df() { return Math.max(2, n - 4); }
            };
        }

        /** {sse, final level, final trend} of one-step forecasts from l0 = y0, b0 = y1 - y0. */
        private double[] run(double[] y, double alpha, double beta, double phi) {
            double l = y[0], b = y[1] - y[0], sse = 0;
            for (int t = 1; t < y.length; t++) {
                double e = y[t] - (l + phi * b);
                sse += e * e;
                l = l + phi * b + alpha * e;
                b = phi * b + beta * e;
            }
            return new double[] {sse, l, b};
        }
    };

    static double phiSum(double phi, int h) {
        double s = 0, p = 1;
        for (int j = 1; j <= h; j++) {
            p *= phi;
            s += p;
        }
        return s;
    }

    /** In order of preference when backtest errors tie: the simplest first. */
    static final List<Method> ALL = List.of(DRIFT, LINEAR, DAMPED);
}
