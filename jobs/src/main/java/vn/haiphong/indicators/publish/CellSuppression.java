package vn.haiphong.indicators.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistical disclosure control of counts of persons published with their totals: primary suppression of the counts
 * from 1 to {@code minCount - 1} (zeros stay: an empty cell discloses nobody), then secondary suppression until no
 * suppressed cell can be recovered from the published totals along any published dimension.
 *
 * <p>A table is a set of cells tied by additive relations (a total equals the sum of its members: the city and its
 * communes, a school level "all" and the levels, an applicants' group "all" and the groups), any number of them per
 * cell (a hierarchy, a two-way table with margins). What a reader knows: every published cell, every relation, and
 * why each suppressed cell is suppressed (a primary cell lies in 1..minCount-1; a secondary one was published-size,
 * so at least minCount). The audit bounds every suppressed cell by propagating these intervals through every relation
 * until nothing tightens (for a total: the sums of its members' bounds; for a member: the total's bounds less the
 * others'); a cell whose interval is a single value is disclosed. Then the smallest published non-zero cell of a
 * relation through which it is disclosed is suppressed too (a member before the total), and the audit runs again.
 *
 * <p>The audit is interval propagation, not linear programming: it catches every disclosure through one relation and
 * chains of them, which is what a reader subtracting published totals does; the tests attack small tables by brute
 * force, enumerating every assignment consistent with all relations.
 */
public final class CellSuppression {
    private CellSuppression() { }

    public static final String PRIMARY = "small_count";
    public static final String SECONDARY = "secondary";
    static final long INF = Long.MAX_VALUE / 4;

    /** A published total and the cells it adds up (indices into the table's cells). */
    public record Relation(int total, int[] members) { }

    /**
     * One group with its total (the communes of a month and the city).
     *
     * @param cells    the counts of the group's cells (null: not published anyway, and not part of the sum)
     * @param total    the published total of the cells (null when none is published)
     * @return the reason per suppressed cell index; key -1 is the total when it has to be suppressed
     */
    public static Map<Integer, String> suppress(Long[] cells, Long total, long minCount) {
        Long[] values = java.util.Arrays.copyOf(cells, cells.length + 1);
        values[cells.length] = total;
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) if (cells[i] != null) members.add(i);
        List<Relation> relations = total == null ? List.of()
                : List.of(new Relation(cells.length, members.stream().mapToInt(Integer::intValue).toArray()));
        Map<Integer, String> out = new LinkedHashMap<>();
        suppress(values, relations, minCount).forEach((i, why) -> out.put(i == cells.length ? -1 : i, why));
        return out;
    }

    /**
     * @param values    every cell of the table (null: not published anyway, and in no relation)
     * @param relations the published totals
     * @return the reason per suppressed cell index
     */
    public static Map<Integer, String> suppress(Long[] values, List<Relation> relations, long minCount) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i] > 0 && values[i] < minCount) out.put(i, PRIMARY);
        }
        while (true) {
            List<Integer> disclosed = disclosed(values, relations, out, minCount);
            if (disclosed.isEmpty()) return out;
            int next = nextSecondary(values, relations, out, disclosed.get(0));
            out.put(next, SECONDARY);
        }
    }

    /**
     * The smallest published non-zero member of a relation of the cell, else such a total; when its relations have none
     * left (it is disclosed through a chain), the same in the relations one suppressed cell further, and so on.
     */
    private static int nextSecondary(Long[] values, List<Relation> relations, Map<Integer, String> suppressed, int cell) {
        java.util.Set<Integer> reached = new java.util.HashSet<>(List.of(cell));
        java.util.Set<Relation> seen = new java.util.HashSet<>();
        List<Integer> frontier = List.of(cell);
        while (!frontier.isEmpty()) {
            int best = -1;
            int bestTotal = -1;
            List<Integer> next = new ArrayList<>();
            for (Relation r : relations) {
                boolean involved = false;
                for (int c : frontier) involved |= r.total() == c || java.util.Arrays.stream(r.members()).anyMatch(m -> m == c);
                if (!involved || !seen.add(r)) continue;
                for (int m : r.members()) {
                    if (candidate(values, suppressed, m) && (best < 0 || values[m] < values[best])) best = m;
                    if (suppressed.containsKey(m) && reached.add(m)) next.add(m);
                }
                if (candidate(values, suppressed, r.total()) && (bestTotal < 0 || values[r.total()] < values[bestTotal])) bestTotal = r.total();
                if (suppressed.containsKey(r.total()) && reached.add(r.total())) next.add(r.total());
            }
            if (best >= 0) return best;
            if (bestTotal >= 0) return bestTotal;
            frontier = next;
        }
        throw new IllegalStateException("cell " + cell + " is disclosed and no published cell is left to protect it");
    }

    private static boolean candidate(Long[] values, Map<Integer, String> suppressed, int i) {
        return values[i] != null && values[i] > 0 && !suppressed.containsKey(i);
    }

    /** The suppressed cells whose value the relations, the published cells and the reasons pin down. */
    public static List<Integer> disclosed(Long[] values, List<Relation> relations, Map<Integer, String> suppressed, long minCount) {
        long[] lo = new long[values.length];
        long[] hi = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            String why = suppressed.get(i);
            if (why == null) {
                lo[i] = hi[i] = values[i] == null ? 0 : values[i];
            } else if (why.equals(PRIMARY)) {
                lo[i] = 1;
                hi[i] = minCount - 1;
            } else {
                lo[i] = minCount;
                hi[i] = INF;
            }
        }
        boolean changed = true;
        for (int round = 0; changed && round < 10_000; round++) {
            changed = false;
            for (Relation r : relations) {
                long sumLo = 0;
                long finiteHi = 0;
                int infinite = 0;
                for (int m : r.members()) {
                    sumLo = Math.min(INF, sumLo + lo[m]);
                    if (hi[m] >= INF) infinite++;
                    else finiteHi += hi[m];
                }
                int t = r.total();
                changed |= tighten(lo, hi, t, sumLo, infinite > 0 ? INF : finiteHi);
                for (int m : r.members()) {
                    long othersLo = sumLo - lo[m];
                    long othersHi = infinite - (hi[m] >= INF ? 1 : 0) > 0 ? INF : finiteHi - (hi[m] >= INF ? 0 : hi[m]);
                    long newLo = othersHi >= INF ? lo[m] : lo[t] - othersHi;
                    long newHi = hi[t] >= INF ? INF : hi[t] - othersLo;
                    changed |= tighten(lo, hi, m, newLo, newHi);
                }
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i : suppressed.keySet()) if (lo[i] == hi[i]) out.add(i);
        return out;
    }

    private static boolean tighten(long[] lo, long[] hi, int i, long newLo, long newHi) {
        boolean changed = false;
        if (newLo > lo[i]) {
            lo[i] = newLo;
            changed = true;
        }
        if (newHi < hi[i]) {
            hi[i] = newHi;
            changed = true;
        }
        return changed;
    }
}
