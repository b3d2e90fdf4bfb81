package vn.haiphong.indicators.report;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an edition reports on: its kind (the resolutions' reporting cycle) and its period. Monthly, quarterly and
 * half-year editions are the ward plan's reports (002:L907-911) and the monthly health figures; {@code year} is the yearly
 * report (000:L1666-1670); {@code commune-scoring} the December scoring and ranking (000:L1663-1665); {@code review} the
 * mid-term (2027) and final (2030) reviews (000:L3661-3664, L3717-3773).
 *
 * @param months the months the period covers, {@code yyyy-MM}, in order
 */
public record EditionPeriod(Kind kind, String period, int year, List<String> months) {

    public enum Kind {
        MONTH("month"), QUARTER("quarter"), HALF_YEAR("half-year"), YEAR("year"), COMMUNE_SCORING("commune-scoring"), REVIEW("review");

        public final String id;

        Kind(String id) { this.id = id; }

        public static Kind of(String id) {
            for (Kind k : values()) if (k.id.equals(id)) return k;
            throw new IllegalArgumentException("unknown edition kind '" + id + "': one of month, quarter, half-year, year, commune-scoring, review");
        }
    }

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern HALF = Pattern.compile("(\\d{4})-H([12])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** The period of a kind, as the command line gives it: 2026-03, 2026-Q1, 2026-H1, 2026; a review is 2027 or 2030. */
    public static EditionPeriod parse(String kindId, String period) {
        Kind kind = Kind.of(kindId);
        String p = period == null ? "" : period.trim();
        Matcher m = switch (kind) {
            case MONTH -> MONTH.matcher(p);
            case QUARTER -> QUARTER.matcher(p);
            case HALF_YEAR -> HALF.matcher(p);
            default -> YEAR.matcher(p);
        };
        if (!m.matches()) {
            String example = switch (kind) {
                case MONTH -> "2026-03";
                case QUARTER -> "2026-Q1";
                case HALF_YEAR -> "2026-H1";
                case REVIEW -> "2027 (mid-term) or 2030 (final)";
                default -> "2026";
            };
            throw new IllegalArgumentException("period '" + p + "' is not a " + kind.id + " period (for example " + example + ")");
        }
        int year = Integer.parseInt(m.group(1));
        if (kind == Kind.REVIEW && year != 2027 && year != 2030) {
            throw new IllegalArgumentException("a review is the mid-term one (2027) or the final one (2030), not " + year);
        }
        int first;
        int count;
        switch (kind) {
            case MONTH -> { first = Integer.parseInt(m.group(2)); count = 1; }
            case QUARTER -> { first = 3 * (Integer.parseInt(m.group(2)) - 1) + 1; count = 3; }
            case HALF_YEAR -> { first = 6 * (Integer.parseInt(m.group(2)) - 1) + 1; count = 6; }
            default -> { first = 1; count = 12; }
        }
        List<String> months = new ArrayList<>();
        for (int i = 0; i < count; i++) months.add(YearMonth.of(year, first + i).toString());
        return new EditionPeriod(kind, p, year, List.copyOf(months));
    }

    /** The first year whose targets a review covers: the resolutions' term starts in 2026. */
    public static final int TERM_START = 2026;

    /** Whether this edition lists the targets due in {@code targetYear}. */
    public boolean covers(int targetYear) {
        return kind == Kind.REVIEW ? targetYear >= TERM_START && targetYear <= year : targetYear == year;
    }
}
