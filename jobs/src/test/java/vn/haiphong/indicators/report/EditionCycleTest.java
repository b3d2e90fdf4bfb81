package vn.haiphong.indicators.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editions a night makes on a given day, by the resolutions' cycle in conf/editions.csv. */
class EditionCycleTest {
    private static final List<String> ALL = List.of("month", "quarter", "half-year", "year", "commune-scoring", "review");
    private final EditionCycle cycle = EditionCycle.load();

    private List<String> due(String day, List<String> kinds) {
        return cycle.due(LocalDate.parse(day), kinds).stream().map(p -> p.kind().id + " " + p.period()).toList();
    }

    @Test
    void theLatestPeriodOfEachKindWhoseDayHasCome() {
        assertEquals(List.of("month 2026-10", "quarter 2026-Q3", "half-year 2026-H1"), due("2026-12-07", ALL),
                "November's report is due on 15 December; no yearly report, scoring or review yet in the term");
        assertEquals(List.of("month 2026-11", "quarter 2026-Q3", "half-year 2026-H1", "commune-scoring 2026"), due("2026-12-15", ALL));
        assertEquals(List.of("month 2026-12", "quarter 2026-Q4", "half-year 2026-H2", "year 2026", "commune-scoring 2026"),
                due("2027-01-31", ALL));
        assertEquals(List.of("month 2027-11", "quarter 2027-Q3", "half-year 2027-H1", "year 2026", "commune-scoring 2027", "review 2027"),
                due("2027-12-20", ALL));
        assertEquals(List.of("year 2029", "review 2027"), due("2030-12-14", List.of("year", "review")), "the final review on 15 December 2030");
        assertEquals(List.of("review 2030"), due("2030-12-15", List.of("review")));
    }

    @Test
    void onlyTheKindsAskedForAndNothingBeforeTheTerm() {
        assertEquals(List.of("month 2026-10"), due("2026-12-07", List.of("month")));
        assertEquals(List.of(), due("2026-01-14", ALL), "the term's first month is due on 15 February");
        assertEquals(List.of("month 2026-01"), due("2026-02-15", ALL));
        assertEquals(List.of(), due("2026-12-07", List.of()));
    }
}
