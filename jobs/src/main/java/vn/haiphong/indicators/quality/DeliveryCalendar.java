package vn.haiphong.indicators.quality;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The delivery calendar as data ({@code conf/deliveries.csv}, with a site file on top): who sends which file kind, or,
 * for the city indicators, which indicator codes, how often, when each period is due and from which period on. What
 * is expected and overdue is computed from it ({@link Completeness}).
 */
public final class DeliveryCalendar {
    public static final String RESOURCE = "/conf/deliveries.csv";
    /** The environment variable naming a site calendar (same header), read on top of the built-in one. */
    public static final String ENV_SITE_CALENDAR = "CITY_INDICATORS_DELIVERIES";
    static final List<String> COLUMNS = List.of("delivery_id", "kind", "indicator_codes", "sender_id", "sender", "frequency",
            "due_months_after", "due_day", "first_period", "basis");

    /** How often a delivery is due; a period's text as the file names give it. */
    public enum Frequency {
        MONTHLY("YYYY-MM", "\\d{4}-(0[1-9]|1[0-2])"),
        QUARTERLY("YYYY-Qn", "\\d{4}-Q[1-4]"),
        YEARLY("YYYY", "\\d{4}"),
        /** A school year ends on 31 May of its second year. */
        SCHOOL_YEAR("YYYY-YYYY", "\\d{4}-\\d{4}");

        final String form;
        final String pattern;

        Frequency(String form, String pattern) {
            this.form = form;
            this.pattern = pattern;
        }

        /** The last day of a period. */
        LocalDate end(String period) {
            return switch (this) {
                case MONTHLY -> YearMonth.parse(period).atEndOfMonth();
                case QUARTERLY -> YearMonth.of(Integer.parseInt(period.substring(0, 4)), 3 * (period.charAt(6) - '0')).atEndOfMonth();
                case YEARLY -> LocalDate.of(Integer.parseInt(period), 12, 31);
                case SCHOOL_YEAR -> LocalDate.of(Integer.parseInt(period.substring(5)), 5, 31);
            };
        }

        /** The first day of a period. */
        LocalDate start(String period) {
            return switch (this) {
                case MONTHLY -> YearMonth.parse(period).atDay(1);
                case QUARTERLY -> YearMonth.of(Integer.parseInt(period.substring(0, 4)), 3 * (period.charAt(6) - '0') - 2).atDay(1);
                case YEARLY -> LocalDate.of(Integer.parseInt(period), 1, 1);
                case SCHOOL_YEAR -> LocalDate.of(Integer.parseInt(period.substring(0, 4)), 9, 1);
            };
        }

        String next(String period) {
            return switch (this) {
                case MONTHLY -> YearMonth.parse(period).plusMonths(1).toString();
                case QUARTERLY -> period.charAt(6) == '4' ? (Integer.parseInt(period.substring(0, 4)) + 1) + "-Q1"
                        : period.substring(0, 6) + (char) (period.charAt(6) + 1);
                case YEARLY -> String.valueOf(Integer.parseInt(period) + 1);
                case SCHOOL_YEAR -> period.substring(5) + "-" + (Integer.parseInt(period.substring(5)) + 1);
            };
        }
    }

    /**
     * One line of the calendar.
     *
     * @param indicatorCodes empty for a whole file kind; else the indicator codes (city indicators) the line covers
     * @param dueMonthsAfter months after the period's last month in which it is due (0: its own last month)
     * @param dueDay         the day of that month (the month's last day when it has fewer)
     */
    public record Line(String deliveryId, String kind, List<String> indicatorCodes, String senderId, String sender, Frequency frequency,
                       int dueMonthsAfter, int dueDay, String firstPeriod, String basis) {
        /** The day a period is due. */
        public LocalDate due(String period) {
            YearMonth month = YearMonth.from(frequency.end(period)).plusMonths(dueMonthsAfter);
            return month.atDay(Math.min(dueDay, month.lengthOfMonth()));
        }

        /** Every period from the first one expected to the last one begun by {@code asOf}, in order. */
        public List<String> periodsBegunBy(LocalDate asOf) {
            List<String> out = new ArrayList<>();
            for (String p = firstPeriod; !frequency.start(p).isAfter(asOf); p = frequency.next(p)) out.add(p);
            return out;
        }

        /** The calendar period a delivered period (a file's, or an indicator's year) falls in, or null when none. */
        public String periodOf(String delivered) {
            if (delivered == null) return null;
            if (delivered.matches(frequency.pattern)) return delivered;
            if (frequency == Frequency.QUARTERLY && delivered.matches(Frequency.MONTHLY.pattern)) {
                return delivered.substring(0, 4) + "-Q" + ((Integer.parseInt(delivered.substring(5)) + 2) / 3);
            }
            return null;
        }
    }

    private final List<Line> lines;
    private final String fingerprint;

    private DeliveryCalendar(List<Line> lines, String fingerprint) {
        this.lines = List.copyOf(lines);
        this.fingerprint = fingerprint;
    }

    public List<Line> lines() { return lines; }
    public String fingerprint() { return fingerprint; }

    /**
     * The built-in calendar with a site calendar on top ({@code sitePath}, or none when null or blank): a site line
     * replaces the built-in line of the same {@code delivery_id}, or adds one. A bad line of either file is refused
     * naming the file, line and column.
     */
    public static DeliveryCalendar load(String sitePath) {
        var files = vn.haiphong.indicators.config.ClasspathCsv.layered(RESOURCE, sitePath,
                "the site delivery calendar", ENV_SITE_CALENDAR);
        Map<String, Line> byId = new LinkedHashMap<>();
        parse("conf/deliveries.csv", files.builtIn()).forEach(l -> byId.put(l.deliveryId(), l));
        if (files.site() != null) parse(files.sitePath(), files.site()).forEach(l -> byId.put(l.deliveryId(), l));
        return new DeliveryCalendar(new ArrayList<>(byId.values()), files.fingerprint());
    }

    /** A calendar from CSV text alone (tests), named {@code file} in messages. */
    public static DeliveryCalendar of(String file, String csv) {
        return new DeliveryCalendar(parse(file, csv), "text");
    }

    static List<Line> parse(String file, String csv) {
        List<CSVRecord> records;
        try {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new java.io.StringReader(csv));
            for (String c : COLUMNS) {
                if (!parser.getHeaderMap().containsKey(c)) throw new IllegalArgumentException(file + " line 1: the header lacks column '" + c + "'");
            }
            records = parser.getRecords();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not a readable CSV file: " + e.getMessage(), e);
        }
        List<Line> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (CSVRecord r : records) {
            String where = file + " line " + (r.getRecordNumber() + 1);
            String id = required(r, "delivery_id", where);
            if (!ids.add(id)) throw new IllegalArgumentException(where + " column 'delivery_id': '" + id + "' is on an earlier line too");
            String kind = required(r, "kind", where);
            String senderId = required(r, "sender_id", where);
            if (!senderId.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(where + " column 'sender_id': expected lower-case letters, digits and '_' (it names a folder), got '"
                        + senderId + "'");
            }
            Frequency frequency;
            try {
                frequency = Frequency.valueOf(required(r, "frequency", where).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " column 'frequency': expected monthly, quarterly, yearly or school_year, got '"
                        + r.get("frequency") + "'");
            }
            int months = whole(r, "due_months_after", where, 0, 24);
            int day = whole(r, "due_day", where, 1, 31);
            String first = required(r, "first_period", where);
            if (!first.matches(frequency.pattern)) {
                throw new IllegalArgumentException(where + " column 'first_period': a " + frequency.name().toLowerCase(Locale.ROOT)
                        + " period is written " + frequency.form + ", got '" + first + "'");
            }
            String codes = r.get("indicator_codes").trim();
            out.add(new Line(id, kind, codes.isEmpty() ? List.of() : List.of(codes.split("\\s*;\\s*")), senderId, required(r, "sender", where),
                    frequency, months, day, first, r.get("basis").trim()));
        }
        return out;
    }

    private static String required(CSVRecord r, String column, String where) {
        String v = r.get(column).trim();
        if (v.isEmpty()) throw new IllegalArgumentException(where + " column '" + column + "': empty");
        return v;
    }

    private static int whole(CSVRecord r, String column, String where, int min, int max) {
        String v = r.get(column).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(where + " column '" + column + "': expected a whole number from " + min + " to " + max + ", got '" + v + "'");
    }
}
