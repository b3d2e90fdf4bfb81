package vn.haiphong.indicators.ingest;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parsing of values as the departments write them: {@code 45.312} (dot for thousands),
 * {@code 95,2} (comma for decimals), {@code dd/MM/yyyy} dates, {@code MM/yyyy} months. Each parser
 * throws {@link IllegalArgumentException} with a message fit for the quarantine.
 */
public final class VnValues {
    private VnValues() { }

    private static final Pattern COUNT = Pattern.compile("\\d{1,3}(?:\\.\\d{3})+|\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?(?:\\d{1,3}(?:\\.\\d{3})+|\\d+)(?:,\\d+)?");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern YEAR = Pattern.compile("(19|20)\\d{2}");
    private static final Pattern MONTH = Pattern.compile("(0?[1-9]|1[0-2])/((?:19|20)\\d{2})");
    private static final Pattern SCHOOL_YEAR = Pattern.compile("((?:19|20)\\d{2})-((?:19|20)\\d{2})");

    /** A non-negative integer count; dots are thousands separators. */
    public static long count(String s) {
        if (s.startsWith("-")) throw new IllegalArgumentException("negative count '" + s + "'");
        if (!COUNT.matcher(s).matches()) throw new IllegalArgumentException("not a whole number '" + s + "' (thousands use '.')");
        return Long.parseLong(s.replace(".", ""));
    }

    /** A decimal with ',' as the decimal mark and optional '.' thousands separators. */
    public static double decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) throw new IllegalArgumentException("not a number '" + s + "' (decimals use ',')");
        return Double.parseDouble(s.replace(".", "").replace(',', '.'));
    }

    public static LocalDate date(String s) {
        if (s.length() == 10 && s.charAt(2) == '/' && s.charAt(5) == '/') { // fast path for dd/MM/yyyy
            int d = digits(s, 0, 2), m = digits(s, 3, 5), y = digits(s, 6, 10);
            if (d >= 0 && m >= 0 && y >= 0) {
                try {
                    return LocalDate.of(y, m, d);
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException("not a date dd/MM/yyyy '" + s + "'");
                }
            }
        }
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date dd/MM/yyyy '" + s + "'");
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Birth dates: a full date, or only the year for some elderly people. Returns the year. */
    public static int yearOfDateOrYear(String s) {
        if (YEAR.matcher(s).matches()) return Integer.parseInt(s);
        try {
            return date(s).getYear();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a date dd/MM/yyyy or a year yyyy '" + s + "'");
        }
    }

    /** A full date, or null when only a year was given. */
    public static LocalDate dateOrNull(String s) {
        return YEAR.matcher(s).matches() ? null : date(s);
    }

    public static int year(String s) {
        if (!YEAR.matcher(s).matches()) throw new IllegalArgumentException("not a year yyyy '" + s + "'");
        return Integer.parseInt(s);
    }

    /** MM/yyyy to yyyy-MM. */
    public static String month(String s) {
        var m = MONTH.matcher(s);
        if (!m.matches()) throw new IllegalArgumentException("not a month MM/yyyy '" + s + "'");
        return m.group(2) + "-" + (m.group(1).length() == 1 ? "0" + m.group(1) : m.group(1));
    }

    public static String schoolYear(String s) {
        var m = SCHOOL_YEAR.matcher(s);
        if (!m.matches() || Integer.parseInt(m.group(2)) != Integer.parseInt(m.group(1)) + 1) {
            throw new IllegalArgumentException("not a school year yyyy-yyyy '" + s + "'");
        }
        return s;
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Key for comparing headers and listed values: NFC, lower case, inner spaces collapsed. */
    public static String normalise(String s) {
        String t = s.replace("\uFEFF", "").strip();
        t = Normalizer.normalize(t, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return SPACES.matcher(t).replaceAll(" ");
    }
}
