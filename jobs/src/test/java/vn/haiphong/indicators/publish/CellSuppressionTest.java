package vn.haiphong.indicators.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cell suppression, attacked by brute force: every assignment of values to the suppressed cells that agrees with
 * the total, the published cells and the reasons given is enumerated; a suppressed cell with a single possible value
 * is disclosed and fails the test.
 */
class CellSuppressionTest {
    /** The values each suppressed cell can take, by enumeration (independent of the suppression's own reasoning). */
    static List<Set<Long>> feasible(Long[] cells, long total, Map<Integer, String> suppressed, long minCount) {
        List<Integer> hidden = new ArrayList<>();
        long rest = total;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) continue;
            if (suppressed.containsKey(i)) hidden.add(i);
            else rest -= cells[i];
        }
        List<Set<Long>> out = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) out.add(new HashSet<>());
        enumerate(hidden, suppressed, minCount, 0, rest, new long[hidden.size()], out);
        return out;
    }

    static void enumerate(List<Integer> hidden, Map<Integer, String> suppressed, long minCount, int k, long rest, long[] values,
                          List<Set<Long>> out) {
        if (k == hidden.size()) {
            if (rest == 0) for (int i = 0; i < values.length; i++) out.get(i).add(values[i]);
            return;
        }
        boolean primary = suppressed.get(hidden.get(k)).equals(CellSuppression.PRIMARY);
        long lo = primary ? 1 : minCount;
        long hi = primary ? minCount - 1 : rest;
        for (long v = lo; v <= Math.min(hi, rest); v++) {
            values[k] = v;
            enumerate(hidden, suppressed, minCount, k + 1, rest - v, values, out);
        }
    }

    @Test
    void aLoneSmallCellTakesASecondOneWithIt() {
        Long[] cells = {3L, 40L, 25L, 0L};
        Map<Integer, String> s = CellSuppression.suppress(cells, 68L, 10);
        assertEquals(CellSuppression.PRIMARY, s.get(0));
        assertEquals(CellSuppression.SECONDARY, s.get(2), "the smallest published non-zero cell");
        assertEquals(2, s.size(), "zeros stay published: " + s);
        // 3 + 25 = 28 split as 1..9 + >= 10: 3 can be anything from 1 to 9 (18 + 10 .. 9 + 19)
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), feasible(cells, 68L, s, 10).get(0));
    }

    @Test
    void twoSmallCellsWhoseSumGivesThemAwayAreProtected() {
        // 1 + 1 = 2 with each at least 1: both disclosed unless a third cell joins them
        Long[] cells = {1L, 1L, 50L, 30L};
        Map<Integer, String> s = CellSuppression.suppress(cells, 82L, 10);
        assertEquals(Map.of(0, CellSuppression.PRIMARY, 1, CellSuppression.PRIMARY, 3, CellSuppression.SECONDARY), s);
        for (Set<Long> values : feasible(cells, 82L, s, 10)) assertTrue(values.size() > 1, values.toString());
    }

    @Test
    void whenNothingIsLeftToSuppressTheTotalGoes() {
        Long[] cells = {4L, 0L};
        Map<Integer, String> s = CellSuppression.suppress(cells, 4L, 10);
        assertEquals(Map.of(0, CellSuppression.PRIMARY, -1, CellSuppression.PRIMARY), s, "a total of 4 is itself small");
        Long[] two = {4L, 12L};
        assertEquals(Map.of(0, CellSuppression.PRIMARY, 1, CellSuppression.SECONDARY), CellSuppression.suppress(two, 16L, 10));
        assertTrue(feasible(two, 16L, CellSuppression.suppress(two, 16L, 10), 10).get(0).size() > 1);
        // 9 + 9 = 18 pins both at 9, and no published cell is left to hide among: the total is withheld
        Long[] nines = {9L, 9L, 0L};
        assertEquals(Map.of(0, CellSuppression.PRIMARY, 1, CellSuppression.PRIMARY, -1, CellSuppression.SECONDARY),
                CellSuppression.suppress(nines, 18L, 10));
    }

    @Test
    void noSuppressedCellOfThousandsOfRandomGroupsCanBeRecovered() {
        SplittableRandom random = new SplittableRandom(42);
        long minCount = 5;
        int suppressedCells = 0;
        for (int g = 0; g < 3000; g++) {
            int n = 2 + random.nextInt(5);
            Long[] cells = new Long[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                cells[i] = (long) (random.nextInt(4) == 0 ? 0 : random.nextInt(1, 16));
                total += cells[i];
            }
            Map<Integer, String> s = CellSuppression.suppress(cells, total, minCount);
            if (s.containsKey(-1)) continue; // the total is not published: no constraint to attack
            suppressedCells += s.size();
            List<Set<Long>> values = feasible(cells, total, s, minCount);
            for (Set<Long> v : values) {
                assertTrue(v.size() > 1, "group " + java.util.Arrays.toString(cells) + " total " + total + " suppressed " + s
                        + ": a cell can only be " + v);
            }
            assertEquals(List.of(), CellSuppression.recoverable(cells, total, s, minCount));
        }
        assertTrue(suppressedCells > 1000, "the attack had cells to try: " + suppressedCells);
    }
}
