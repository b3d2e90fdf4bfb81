package vn.haiphong.indicators.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Open SDG's progress measure, each branch with its figures worked out by hand (R, CAGR, C, score). */
class ProgressStatusTest {
    static void assertMeasure(String status, Double score, ProgressStatus.Measure m) {
        assertEquals(status, m.status());
        if (score == null) assertNull(m.score());
        else assertEquals(score, m.score(), 1e-4, status);
    }

    @Test
    void withATargetTheRatioOfObservedToNeededGrowth() {
        // 200 by 2030 from 100 in 2020 needs 2^(1/10) - 1 = 7.1773%/yr
        // 100 -> 121 in 2 years is 10%/yr: R = 1.3933 > 1.3, score capped at 5
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2020, 100, 2022, 121, 2030, 200.0, true, null));
        // 5%/yr: R = 0.69664, score 7.1429 R - 4.2857 = 0.69030
        assertMeasure(ProgressStatus.ACCELERATION_NEEDED, 0.69030, ProgressStatus.measure(2020, 100, 2022, 110.25, 2030, 200.0, true, null));
        // sqrt(1.02) - 1 = 0.99505%/yr: R = 0.13864, score 4.1667 R - 2.5 = -1.92234
        assertMeasure(ProgressStatus.LIMITED_PROGRESS, -1.92234, ProgressStatus.measure(2020, 100, 2022, 102, 2030, 200.0, true, null));
        // sqrt(0.95) - 1 = -2.5320%/yr: R = -0.35278, score -3.96995
        assertMeasure(ProgressStatus.DETERIORATION, -3.96995, ProgressStatus.measure(2020, 100, 2022, 95, 2030, 200.0, true, null));
        assertMeasure(ProgressStatus.ACHIEVED, 5.0, ProgressStatus.measure(2020, 100, 2022, 201, 2030, 200.0, true, null));
        // lower is better: 10 -> 8.1 is -10%/yr; 5 by 2030 needs -6.6967%/yr; R = -1 x -0.1 / 0.066967 = 1.49
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2020, 10, 2022, 8.1, 2030, 5.0, false, null));
    }

    @Test
    void fallingAwayFromATargetSetBelowTheBaseIsDeterioration() {
        // higher is better, the target (90) below the base (100): needed growth is -2.085%/yr; falling to 80 is
        // -20%: R = +1 x -0.2 / |-0.02085| = -9.59 (the old ratio observed / needed read +9.59, "on track")
        assertMeasure(ProgressStatus.DETERIORATION, -5.0, ProgressStatus.measure(2025, 100, 2026, 80, 2030, 90.0, true, null));
    }

    @Test
    void insufficientDataAndZeroes() {
        assertMeasure(ProgressStatus.INSUFFICIENT_DATA, null, ProgressStatus.measure(2026, 95.2, 2026, 96.2, 2030, 99.0, true, 100.0));
        assertMeasure(ProgressStatus.INSUFFICIENT_DATA, null, ProgressStatus.measure(2024, -1, 2026, 2, 2030, 5.0, true, null));
        // a zero base is 0.001: 0 -> 5 is growth of 4999x; 10 by 2030 needs 10000^(1/5) - 1 = 5.31x a year
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2025, 0, 2026, 5, 2030, 10.0, true, null));
        // all values negative: the direction flips (-10 -> -8 is progress where higher is better)
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2025, -10, 2026, -8, null, null, true, null));
    }

    @Test
    void withoutATargetTheFixedGrowthThresholds() {
        // sqrt(1.03) - 1 = 1.4889%/yr: between 0.5% and 1.5%; score 2.5 x (1.4889 - 0.5) / 1 = 2.47229
        assertMeasure(ProgressStatus.ACCELERATION_NEEDED, 2.47229, ProgressStatus.measure(2020, 100, 2022, 103, null, null, true, null));
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2020, 100, 2022, 104.04, null, null, true, null));
        // 0.49876%/yr: -2.5 + 2.5 x 0.49876 / 0.5 = -0.00622
        assertMeasure(ProgressStatus.LIMITED_PROGRESS, -0.00622, ProgressStatus.measure(2020, 100, 2022, 101, null, null, true, null));
        // -1.00505%/yr: -5 + 2.5 x (2 - 1.00505) / 2 = -3.75631
        assertMeasure(ProgressStatus.DETERIORATION, -3.75631, ProgressStatus.measure(2020, 100, 2022, 98, null, null, true, null));
        // lower is better: 100 -> 98 is progress of 1.00505%/yr
        assertMeasure(ProgressStatus.ACCELERATION_NEEDED, 1.26262, ProgressStatus.measure(2020, 100, 2022, 98, null, null, false, null));
    }

    @Test
    void aShareNearItsLimitHasItsThresholdsScaledDown() {
        // 95% of at most 100%: C = ((100/95)^(1/15) - 1) / 0.015 = 0.22836; on track from 0.34254%/yr
        assertEquals(0.22836, ProgressStatus.limitFactor(95, 100, true), 1e-5);
        assertEquals(1.0, ProgressStatus.limitFactor(40, 100, true), 1e-12, "far from the limit, no scaling");
        // 95 -> 95.2 is 0.21053%/yr: acceleration needed (it would be limited progress unscaled);
        // score 2.5 x (0.21053 - 0.11418) / (0.34254 - 0.11418) = 1.05476
        assertMeasure(ProgressStatus.ACCELERATION_NEEDED, 1.05476, ProgressStatus.measure(2025, 95, 2026, 95.2, null, null, true, 100.0));
        // 0.05%/yr: under the scaled 0.11418%: limited progress, -2.5 + 2.5 x 0.05 / 0.11418 = -1.40524
        assertMeasure(ProgressStatus.LIMITED_PROGRESS, -1.40524, ProgressStatus.measure(2025, 95, 2026, 95.0 * 1.0005, null, null, true, 100.0));
        // at the limit and holding it: on track, 5; falling from it: deterioration as usual
        assertMeasure(ProgressStatus.ON_TRACK, 5.0, ProgressStatus.measure(2025, 100, 2026, 100, null, null, true, 100.0));
        assertMeasure(ProgressStatus.DETERIORATION, -3.75, ProgressStatus.measure(2025, 100, 2026, 99, null, null, true, 100.0));
    }
}
