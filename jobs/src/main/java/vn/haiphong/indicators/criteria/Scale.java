package vn.haiphong.indicators.criteria;

/**
 * How a series is modelled, transformed before fitting (as fpp3 does for bounded series) rather than clipped after.
 * Shares live on (0, 100) and are modelled on the logit scale; counts, amounts and ranks are never negative and are
 * modelled on the log scale; cumulative counts never decrease; levels (growth rates, changes, which may be negative)
 * are as observed. Forecasts and intervals never leave their bounds.
 */
public enum Scale {
    LEVEL, PERCENT, CUMULATIVE, COUNT;

    /** Values this close to 0% or 100% are pulled in before the logit, which is infinite at the ends. */
    static final double EDGE = 0.001;

    /** A count of zero is pulled up to this before the log, which is infinite at zero. */
    static final double SMALLEST_COUNT = 0.5;

    public double toModel(double v) {
        if (this == COUNT) return Math.log(Math.max(SMALLEST_COUNT, v));
        if (this != PERCENT) return v;
        double p = Math.min(1 - EDGE, Math.max(EDGE, v / 100.0));
        return Math.log(p / (1 - p));
    }

    public double fromModel(double z) {
        return switch (this) {
            case PERCENT -> 100.0 / (1 + Math.exp(-z));
            case COUNT -> Math.exp(z);
            default -> z;
        };
    }

    /**
     * The scale of a catalog unit: a share ({@code %}, {@code % of ...}, {@code % completion}) is bounded to 0-100; a
     * growth rate or a change ({@code % per year}, {@code % reduction ...}) may be negative; a cumulative count never
     * falls; any other unit (persons, units, billion VND, rank) is a quantity that is never negative.
     */
    public static Scale of(String unit) {
        if (unit.startsWith("%")) return unit.startsWith("% per year") || unit.startsWith("% reduction") ? LEVEL : PERCENT;
        if (unit.contains("cumulative")) return CUMULATIVE;
        return COUNT;
    }
}
