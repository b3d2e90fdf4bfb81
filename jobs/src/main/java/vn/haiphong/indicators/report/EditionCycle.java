package vn.haiphong.indicators.report;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.config.ClasspathCsv;

/**
 * The resolutions' reporting cycle, as data ({@code conf/editions.csv}): for each edition kind, the day its period's
 * edition is made, counted from the period's last month (the month's report by the 15th of the next month, the yearly
 * report in January, the commune scoring in December). A night that makes editions ({@code editions.by_night}) makes
 * the latest period of each kind whose day has come, once.
 */
public record EditionCycle(List<Line> lines) {
    /** One kind: its edition is made on {@code day} of the month {@code monthsAfter} months after the period's last month. */
    public record Line(EditionPeriod.Kind kind, int monthsAfter, int day, String source) { }

    static final String RESOURCE = "/conf/editions.csv";

    public static EditionCycle load() {
        List<Line> lines = new ArrayList<>();
        int n = 1;
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            n++;
            try {
                Line l = new Line(EditionPeriod.Kind.of(r.get("kind").trim()), Integer.parseInt(r.get("made_months_after").trim()),
                        Integer.parseInt(r.get("made_on_day").trim()), r.get("source"));
                if (l.monthsAfter() < 0 || l.day() < 1 || l.day() > 31) throw new IllegalArgumentException("a day of a month at or after the period's end");
                lines.add(l);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("conf/editions.csv line " + n + ": " + e.getMessage(), e);
            }
        }
        return new EditionCycle(List.copyOf(lines));
    }

    /**
     * For each of {@code kinds} in the cycle, the latest period (from the term's first year) whose edition is due by
     * {@code today}: its making day has come. Nothing for a kind whose first period is not due yet.
     */
    public List<EditionPeriod> due(LocalDate today, Collection<String> kinds) {
        List<EditionPeriod> out = new ArrayList<>();
        for (Line l : lines) {
            if (!kinds.contains(l.kind().id)) continue;
            EditionPeriod latest = null;
            for (int year = today.getYear(); year >= EditionPeriod.TERM_START && latest == null; year--) {
                List<String> periods = periods(l.kind(), year);
                for (int i = periods.size() - 1; i >= 0 && latest == null; i--) {
                    EditionPeriod p = EditionPeriod.parse(l.kind().id, periods.get(i));
                    if (!madeOn(l, p).isAfter(today)) latest = p;
                }
            }
            if (latest != null) out.add(latest);
        }
        return out;
    }

    /** The day a period's edition is made (the month's last day when it has fewer days). */
    static LocalDate madeOn(Line line, EditionPeriod p) {
        YearMonth month = YearMonth.parse(p.months().get(p.months().size() - 1)).plusMonths(line.monthsAfter());
        return month.atDay(Math.min(line.day(), month.lengthOfMonth()));
    }

    /** A year's periods of a kind, in order. */
    private static List<String> periods(EditionPeriod.Kind kind, int year) {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case MONTH -> { for (int m = 1; m <= 12; m++) out.add(YearMonth.of(year, m).toString()); }
            case QUARTER -> { for (int q = 1; q <= 4; q++) out.add(year + "-Q" + q); }
            case HALF_YEAR -> { out.add(year + "-H1"); out.add(year + "-H2"); }
            case REVIEW -> { if (year == 2027 || year == 2030) out.add(String.valueOf(year)); }
            default -> out.add(String.valueOf(year));
        }
        return out;
    }
}
