package vn.haiphong.indicators.forecast;

/**
 * Progress towards a target as Open SDG measures it (Statistics Canada's method; sdg-build's ProgressMeasure and
 * the methodology page {@code docs/progress-methodology.md} of open-sdg), with its score from -5 to 5.
 *
 * <ol>
 *   <li>Fewer than two years (the current year not after the base year), or values of mixed sign: insufficient
 *       data. A base or target of 0 is replaced by 0.001 (the method is exponential); all-negative values flip
 *       the direction.</li>
 *   <li>The target achieved (current value on the right side of it): {@code target_achieved}, score 5.</li>
 *   <li>With a target: R = d x CAGR_observed / |CAGR_needed|, d = +1 where higher is better and -1 otherwise,
 *       CAGR_observed = (y_i / y_0)^(1 / (t_i - t_0)) - 1, CAGR_needed = (y_T / y_0)^(1 / (t_T - t_0)) - 1.
 *       R >= 0.95 on track, >= 0.6 acceleration needed, >= 0 limited progress, else deterioration. Score:
 *       min(7.1429 R - 4.2857, 5) when R > 0.6, else max(4.1667 R - 2.5, -5). A target set on the wrong side of the
 *       base (a lower value where higher is better) makes CAGR_needed negative: the absolute value keeps R's sign
 *       the sign of the progress actually made, so falling further away reads as deterioration.</li>
 *   <li>Without a target: d x CAGR_observed against 1.5% / 0.5% / 0 (on track / acceleration needed / limited
 *       progress), the thresholds above 0 multiplied by the limit factor C for an indicator with a natural limit
 *       in its desired direction; the score runs linearly -5 at -2%, -2.5 at 0, 0 at 0.5C%, 2.5 at 1.5C%, 5 at
 *       2C%. A base already at the limit (C = 0) that holds or grows is on track, score 5.</li>
 * </ol>
 *
 * <p>The limit factor: the methodology gives C's properties in words and its formula only as an image. Here C is
 * the largest factor (at most 1) for which growing at the scaled on-track rate for 15 years from the base does
 * not pass the limit, the first property the methodology names: C = min(1, ((y_lim / y_0)^(1/15) - 1) / 0.015)
 * for a maximum limit (a share of at most 100%), and (1 - (y_lim / y_0)^(1/15)) / 0.015 for a minimum one.
 */
public final class ProgressStatus {
    private ProgressStatus() { }

    public static final String ACHIEVED = "target_achieved";
    public static final String ON_TRACK = "on_track";
    public static final String ACCELERATION_NEEDED = "acceleration_needed";
    public static final String LIMITED_PROGRESS = "limited_progress";
    public static final String DETERIORATION = "deterioration";
    public static final String INSUFFICIENT_DATA = "insufficient_data";

    /** Replaces a zero base or target, as Open SDG does. */
    static final double ZERO = 0.001;

    /** The status and its score (null when the data are insufficient). */
    public record Measure(String status, Double score) { }

    /**
     * @param targetYear     due year of the target, null when the criterion has no numeric target
     * @param target         the target value, null when none
     * @param higherIsBetter the desired direction
     * @param limit          the natural limit in the desired direction (100 for a share where higher is better),
     *                       null when none
     */
    public static Measure measure(int baseYear, double base, int currentYear, double current, Integer targetYear,
                                  Double target, boolean higherIsBetter, Double limit) {
        if (currentYear <= baseYear) return new Measure(INSUFFICIENT_DATA, null);
        boolean hasTarget = target != null && targetYear != null && targetYear > baseYear;
        if (hasTarget && (higherIsBetter ? current >= target : current <= target)) return new Measure(ACHIEVED, 5.0);
        double y0 = base == 0 ? ZERO : base;
        double yi = current;
        boolean negative = y0 < 0 && yi < 0;
        if (!negative && (y0 < 0 || yi <= 0)) return new Measure(INSUFFICIENT_DATA, null);
        int d = (higherIsBetter != negative) ? 1 : -1;
        double observed = Math.pow(yi / y0, 1.0 / (currentYear - baseYear)) - 1;
        if (hasTarget) {
            double yT = target == 0 ? ZERO : target;
            double needed = Math.pow(yT / y0, 1.0 / (targetYear - baseYear)) - 1;
            if (needed == 0 || Double.isNaN(needed)) return new Measure(INSUFFICIENT_DATA, null);
            double r = d * observed / Math.abs(needed);
            String status = r >= 0.95 ? ON_TRACK : r >= 0.6 ? ACCELERATION_NEEDED : r >= 0 ? LIMITED_PROGRESS : DETERIORATION;
            double score = r > 0.6 ? Math.min(7.1429 * r - 4.2857, 5) : Math.max(4.1667 * r - 2.5, -5);
            return new Measure(status, score);
        }
        double growth = d * observed;
        double c = limit == null || negative ? 1 : limitFactor(Math.abs(y0), limit, higherIsBetter);
        if (c == 0 && growth >= 0) return new Measure(ON_TRACK, 5.0);
        String status = growth >= 0.015 * c ? ON_TRACK : growth >= 0.005 * c ? ACCELERATION_NEEDED
                : growth >= 0 ? LIMITED_PROGRESS : DETERIORATION;
        return new Measure(status, noTargetScore(growth, c));
    }

    /** C: 1 far from the limit, falling to 0 at it. */
    static double limitFactor(double base, double limit, boolean maximum) {
        if (maximum ? base >= limit : base <= limit) return 0;
        double ratio = Math.pow(limit / base, 1.0 / 15);
        return Math.max(0, Math.min(1, (maximum ? ratio - 1 : 1 - ratio) / 0.015));
    }

    /** Linear between the points (-2%, -5), (0, -2.5), (0.5C%, 0), (1.5C%, 2.5), (2C%, 5), flat beyond. */
    static double noTargetScore(double growth, double c) {
        double[] x = {-0.02, 0, 0.005 * c, 0.015 * c, 0.02 * c};
        double[] y = {-5, -2.5, 0, 2.5, 5};
        if (growth <= x[0]) return -5;
        if (growth >= x[4]) return 5;
        for (int i = 1; i < x.length; i++) {
            if (growth <= x[i]) return x[i] == x[i - 1] ? y[i] : y[i - 1] + (growth - x[i - 1]) * (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
        }
        return 5;
    }
}
