package vn.haiphong.indicators.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressStatusTest {
    @Test
    void compoundGrowthAgainstTheGrowthNeeded() {
        // 100 -> 121 over 2 years is 10%/yr; reaching 200 by 2030 from 2020 needs 7.18%/yr: on track
        assertEquals(ProgressStatus.ON_TRACK, ProgressStatus.of(2020, 100, 2022, 121, 2030, 200, true, false));
        // 100 -> 110.25 is 5%/yr: 70% of the needed pace
        assertEquals(ProgressStatus.ACCELERATION_NEEDED, ProgressStatus.of(2020, 100, 2022, 110.25, 2030, 200, true, false));
        assertEquals(ProgressStatus.LIMITED_PROGRESS, ProgressStatus.of(2020, 100, 2022, 102, 2030, 200, true, false));
        assertEquals(ProgressStatus.DETERIORATION, ProgressStatus.of(2020, 100, 2022, 95, 2030, 200, true, false));
        assertEquals(ProgressStatus.ACHIEVED, ProgressStatus.of(2020, 100, 2022, 201, 2030, 200, true, false));
        // lower is better: 10 -> 8.1 is -10%/yr, 5 by 2030 needs -6.7%/yr
        assertEquals(ProgressStatus.ON_TRACK, ProgressStatus.of(2020, 10, 2022, 8.1, 2030, 5, false, false));
    }

    @Test
    void boundedPercentagesCompareYearlyPoints() {
        // 95.2% (2025) -> 95.8% (2026): +0.6 pt/yr; 99% by 2030 needs +0.76 pt/yr: 79% of it
        assertEquals(ProgressStatus.ACCELERATION_NEEDED, ProgressStatus.of(2025, 95.2, 2026, 95.8, 2030, 99, true, true));
        assertEquals(ProgressStatus.ON_TRACK, ProgressStatus.of(2025, 95.2, 2026, 96.2, 2030, 99, true, true));
        assertEquals(ProgressStatus.INSUFFICIENT_DATA, ProgressStatus.of(2026, 95.2, 2026, 96.2, 2030, 99, true, true));
    }
}
