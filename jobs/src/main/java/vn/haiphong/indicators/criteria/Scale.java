package vn.haiphong.indicators.criteria;

/**
 * How a series is modelled. Percentages live on (0, 100) and are modelled on the logit scale, so
 * forecasts and intervals never leave it; cumulative counts never decrease; levels are as observed.
 */
public enum Scale {
    LEVEL, PERCENT, CUMULATIVE;

    /** Values this close to 0% or 100% are pulled in before the logit, which is infinite at the ends. */
    static final double EDGE = 0.001;

    public double toModel(double v) {
        if (this != PERCENT) return v;
        double p = Math.min(1 - EDGE, Math.max(EDGE, v / 100.0));
        return Math.log(p / (1 - p));
    }

    public double fromModel(double z) {
        return this == PERCENT ? 100.0 / (1 + Math.exp(-z)) : z;
    }
}
