package vn.haiphong.indicators.forecast;

/**
 * Progress towards a target, after Statistics Canada's method as used by Open SDG: the observed
 * compound annual growth since the baseline against the growth needed to reach the target in its
 * year. Ratio >= 95% on track, 60-95% acceleration needed, 0-60% limited progress, below 0
 * deterioration. For percentages bounded at 100 (and for non-positive values, where compound growth is
 * undefined) the yearly change in points replaces compound growth: near a bound, compound growth
 * flatters the last points of coverage.
 */
public final class ProgressStatus {
    private ProgressStatus() { }

    public static final String ACHIEVED = "target_achieved";
    public static final String ON_TRACK = "on_track";
    public static final String ACCELERATION_NEEDED = "acceleration_needed";
    public static final String LIMITED_PROGRESS = "limited_progress";
    public static final String DETERIORATION = "deterioration";
    public static final String INSUFFICIENT_DATA = "insufficient_data";

    /**
     * @param higherIsBetter direction of the criterion
     * @param bounded        a percentage that cannot exceed 100
     */
    public static String of(int baselineYear, double baseline, int currentYear, double current, int targetYear,
                            double target, boolean higherIsBetter, boolean bounded) {
        if (currentYear <= baselineYear || targetYear <= baselineYear) return INSUFFICIENT_DATA;
        if (higherIsBetter ? current >= target : current <= target) return ACHIEVED;
        double observed, needed;
        if (bounded || baseline <= 0 || current <= 0 || target <= 0) {
            observed = (current - baseline) / (currentYear - baselineYear);
            needed = (target - baseline) / (targetYear - baselineYear);
        } else {
            observed = Math.pow(current / baseline, 1.0 / (currentYear - baselineYear)) - 1;
            needed = Math.pow(target / baseline, 1.0 / (targetYear - baselineYear)) - 1;
        }
        if (needed == 0) return observed == 0 ? ON_TRACK : (observed > 0) == higherIsBetter ? ON_TRACK : DETERIORATION;
        double ratio = observed / needed;
        if (ratio >= 0.95) return ON_TRACK;
        if (ratio >= 0.60) return ACCELERATION_NEEDED;
        if (ratio >= 0) return LIMITED_PROGRESS;
        return DETERIORATION;
    }
}
