package vn.haiphong.indicators.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One delivered file, recognised from its folder and name: {@code <kind>_<period>[_vN].csv}.
 * A {@code _v2} (_v3, ...) delivery replaces the earlier deliveries of the same kind and period.
 */
public record Delivery(String path, String folder, String fileName, String kind, String period, int version,
                       long sizeBytes, String checksum) {

    /** Versions beyond this are not corrections anyone sends: a typo or a hostile name. */
    public static final int MAX_VERSION = 9_999;
    /** No extract describes anything before the city's digital records. */
    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    // Loose on purpose: a name shaped like the contract but with an impossible period or version is
    // rejected with the reason, not as "follows no contract".
    private static final Map<String, String> PERIOD_SHAPES = Map.of(
            "month", "\\d{4}-\\d{2}",
            "year", "\\d{4}",
            "school_year", "\\d{4}-\\d{4}",
            "date", "\\d{4}-\\d{2}-\\d{2}");

    /** How a file name was read: a delivery, or why a name shaped like the contract cannot be one. */
    public record Recognition(Delivery delivery, String problem) {
        static final Recognition NO_CONTRACT = new Recognition(null, null);
        public boolean followsContract() { return delivery != null || problem != null; }
    }

    /**
     * The kind, period and version of a file name, if it follows the contract for that folder. A period
     * that does not exist, lies before {@link #EARLIEST} or begins after next month (from {@code today}), or a
     * version outside 1..{@link #MAX_VERSION}, is a problem naming the file.
     */
    public static Recognition recognise(String path, String folder, String fileName, long size, String checksum,
                                        Iterable<ExtractSpec> specs, LocalDate today) {
        for (ExtractSpec spec : specs) {
            if (!spec.folder().equals(folder)) continue;
            Pattern p = Pattern.compile("^" + Pattern.quote(spec.kind()) + "_(" + PERIOD_SHAPES.get(spec.periodType())
                    + ")(?:_v([0-9]+))?\\.csv$", Pattern.CASE_INSENSITIVE);
            Matcher m = p.matcher(fileName);
            if (!m.matches()) continue;
            String period = m.group(1);
            String versionText = m.group(2);
            if (versionText != null && (versionText.length() > 4 || Integer.parseInt(versionText) < 1
                    || Integer.parseInt(versionText) > MAX_VERSION)) {
                return problem(fileName, "version _v" + versionText + " is out of range (1 to " + MAX_VERSION + ")");
            }
            LocalDate start;
            try {
                start = periodStart(spec.periodType(), period);
            } catch (DateTimeException | IllegalArgumentException e) {
                return problem(fileName, "period " + period + " does not exist (" + e.getMessage() + ")");
            }
            LocalDate latest = YearMonth.from(today).plusMonths(1).atDay(1);
            if (start.isBefore(EARLIEST)) return problem(fileName, "period " + period + " is before " + EARLIEST.getYear());
            if (start.isAfter(latest.plusMonths(1).minusDays(1))) {
                return problem(fileName, "period " + period + " begins after next month (" + YearMonth.from(latest) + ")");
            }
            int version = versionText == null ? 1 : Integer.parseInt(versionText);
            return new Recognition(new Delivery(path, folder, fileName, spec.kind(), period, version, size, checksum), null);
        }
        return Recognition.NO_CONTRACT;
    }

    private static Recognition problem(String fileName, String why) {
        return new Recognition(null, "file name " + fileName + ": " + why);
    }

    /** The first day a period covers; throws when the period does not exist. */
    static LocalDate periodStart(String periodType, String period) {
        return switch (periodType) {
            case "month" -> YearMonth.parse(period).atDay(1);
            case "year" -> LocalDate.of(Integer.parseInt(period), 1, 1);
            case "school_year" -> {
                int first = Integer.parseInt(period.substring(0, 4));
                int second = Integer.parseInt(period.substring(5));
                if (second != first + 1) throw new IllegalArgumentException("a school year spans two consecutive years");
                yield LocalDate.of(first, 9, 1);
            }
            case "date" -> LocalDate.parse(period);
            default -> throw new IllegalArgumentException("unknown period type " + periodType);
        };
    }
}
