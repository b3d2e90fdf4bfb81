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
            Long[] table = java.util.Arrays.copyOf(cells, n + 1);
            table[n] = total;
            Map<Integer, String> asTable = new java.util.HashMap<>(s);
            int[] members = java.util.stream.IntStream.range(0, n).toArray();
            assertEquals(List.of(), CellSuppression.disclosed(table, List.of(new CellSuppression.Relation(n, members)), asTable, minCount),
                    "the suppression's own audit agrees");
        }
        assertTrue(suppressedCells > 1000, "the attack had cells to try: " + suppressedCells);
    }

    /**
     * Two-way tables with margins (rows: communes, columns: school levels; each row's total, each column's total and the
     * grand total published): every assignment of the inner cells consistent with the published cells, every margin and
     * the reasons is enumerated; no suppressed cell, inner or margin, may have a single possible value.
     */
    @Test
    void noSuppressedCellOfRandomTwoWayTablesWithMarginsCanBeRecovered() {
        SplittableRandom random = new SplittableRandom(7);
        long minCount = 5;
        int suppressedCells = 0;
        int secondaryCells = 0;
        for (int t = 0; t < 400; t++) {
            int rows = 2, cols = 3;
            // layout: inner r*cols+c, row totals R+r, column totals R+rows+c, grand total R+rows+cols (R = rows*cols)
            int inner = rows * cols;
            Long[] v = new Long[inner + rows + cols + 1];
            for (int i = 0; i < inner; i++) v[i] = (long) (random.nextInt(4) == 0 ? 0 : random.nextInt(1, 13));
            List<CellSuppression.Relation> relations = new ArrayList<>();
            long grand = 0;
            for (int r = 0; r < rows; r++) {
                long sum = 0;
                int[] m = new int[cols];
                for (int c = 0; c < cols; c++) {
                    sum += v[r * cols + c];
                    m[c] = r * cols + c;
                }
                v[inner + r] = sum;
                grand += sum;
                relations.add(new CellSuppression.Relation(inner + r, m));
            }
            for (int c = 0; c < cols; c++) {
                long sum = 0;
                int[] m = new int[rows];
                for (int r = 0; r < rows; r++) {
                    sum += v[r * cols + c];
                    m[r] = r * cols + c;
                }
                v[inner + rows + c] = sum;
                relations.add(new CellSuppression.Relation(inner + rows + c, m));
            }
            v[inner + rows + cols] = grand;
            relations.add(new CellSuppression.Relation(inner + rows + cols, java.util.stream.IntStream.range(inner, inner + rows).toArray()));
            relations.add(new CellSuppression.Relation(inner + rows + cols,
                    java.util.stream.IntStream.range(inner + rows, inner + rows + cols).toArray()));
            Map<Integer, String> s = CellSuppression.suppress(v, relations, minCount);
            suppressedCells += s.size();
            secondaryCells += (int) s.values().stream().filter(CellSuppression.SECONDARY::equals).count();
            List<Set<Long>> feasible = new ArrayList<>();
            for (int i = 0; i < v.length; i++) feasible.add(new HashSet<>());
            enumerateTable(v, relations, s, minCount, 0, new long[v.length], feasible, inner, rows, cols);
            for (int i : s.keySet()) {
                assertTrue(feasible.get(i).contains(v[i]), "the true value is feasible");
                assertTrue(feasible.get(i).size() > 1, "table " + java.util.Arrays.toString(v) + " suppressed " + s + ": cell " + i
                        + " can only be " + feasible.get(i));
            }
        }
        assertTrue(suppressedCells > 300 && secondaryCells > 100, "the attack had cells to try: " + suppressedCells + ", " + secondaryCells);
    }

    /** Every assignment of the inner cells; margins follow from them and must agree with what is published or stated. */
    static void enumerateTable(Long[] v, List<CellSuppression.Relation> relations, Map<Integer, String> s, long minCount, int k,
                               long[] x, List<Set<Long>> feasible, int inner, int rows, int cols) {
        if (k == inner) {
            for (int i = inner; i < v.length; i++) x[i] = 0;
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) {
                x[inner + r] += x[r * cols + c];
                x[inner + rows + c] += x[r * cols + c];
                x[inner + rows + cols] += x[r * cols + c];
            }
            for (int i = inner; i < v.length; i++) if (!fits(v, s, minCount, i, x[i])) return;
            for (int i = 0; i < v.length; i++) if (s.containsKey(i)) feasible.get(i).add(x[i]);
            return;
        }
        int r = k / cols, c = k % cols;
        long rowSoFar = 0, colSoFar = 0;
        for (int j = 0; j < c; j++) rowSoFar += x[r * cols + j];
        for (int j = 0; j < r; j++) colSoFar += x[j * cols + c];
        long lo = s.containsKey(k) ? (s.get(k).equals(CellSuppression.PRIMARY) ? 1 : minCount) : v[k];
        long hi = s.containsKey(k) ? (s.get(k).equals(CellSuppression.PRIMARY) ? minCount - 1 : Long.MAX_VALUE) : v[k];
        int rowTotal = inner + r, colTotal = inner + rows + c, grand = inner + rows + cols;
        // what a published total leaves for this cell (the last of its row or column is determined by it)
        if (!s.containsKey(rowTotal)) hi = Math.min(hi, v[rowTotal] - rowSoFar);
        if (!s.containsKey(colTotal)) hi = Math.min(hi, v[colTotal] - colSoFar);
        if (!s.containsKey(rowTotal) && c == cols - 1) lo = Math.max(lo, v[rowTotal] - rowSoFar);
        if (!s.containsKey(colTotal) && r == rows - 1) lo = Math.max(lo, v[colTotal] - colSoFar);
        if (hi == Long.MAX_VALUE) hi = s.containsKey(grand) ? 60 : v[grand];
        for (long value = lo; value <= hi; value++) {
            x[k] = value;
            enumerateTable(v, relations, s, minCount, k + 1, x, feasible, inner, rows, cols);
        }
    }

    private static boolean fits(Long[] v, Map<Integer, String> s, long minCount, int i, long value) {
        String why = s.get(i);
        if (why == null) return value == v[i];
        return why.equals(CellSuppression.PRIMARY) ? value >= 1 && value < minCount : value >= minCount;
    }
}
