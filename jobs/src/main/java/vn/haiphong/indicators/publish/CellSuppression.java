package vn.haiphong.indicators.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistical disclosure control of counts of persons published with their total (the communes of a month and the
 * city): primary suppression of the counts from 1 to {@code minCount - 1} (zeros stay: an empty cell discloses
 * nobody), then secondary suppression until no suppressed cell can be recovered from the total and the published
 * cells.
 *
 * <p>What a reader knows: the total, every published cell, and why each suppressed cell is suppressed (a primary
 * cell lies in 1..minCount-1, a secondary one is at least minCount). With one sum constraint and those bounds, the
 * values a suppressed cell can take form the interval
 * [max(lo_i, R - sum of the other cells' upper bounds), min(hi_i, R - sum of the other cells' lower bounds)], R being
 * the total less the published cells; a cell is recoverable when that interval is a single value. Secondary cells
 * are taken from the smallest published non-zero cells until none is; when no cell is left, the total itself is
 * suppressed.
 */
public final class CellSuppression {
    private CellSuppression() { }

    public static final String PRIMARY = "small_count";
    public static final String SECONDARY = "secondary";

    /**
     * @param cells    the counts of the group's cells (null: not published anyway, and not part of the sum)
     * @param total    the published total of the cells (null when none is published)
     * @param minCount the smallest count published as it is (10: 1 to 9 are suppressed)
     * @return the reason per suppressed cell index; key -1 is the total when it has to be suppressed
     */
    public static Map<Integer, String> suppress(Long[] cells, Long total, long minCount) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null && cells[i] > 0 && cells[i] < minCount) out.put(i, PRIMARY);
        }
        if (total != null && total > 0 && total < minCount) out.put(-1, PRIMARY);
        if (total == null || out.containsKey(-1)) return out;
        while (!out.isEmpty() && anyRecoverable(cells, total, out, minCount)) {
            int next = -1;
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == null || cells[i] == 0 || out.containsKey(i)) continue;
                if (next < 0 || cells[i] < cells[next]) next = i;
            }
            if (next < 0) {
                out.put(-1, SECONDARY);
                return out;
            }
            out.put(next, SECONDARY);
        }
        return out;
    }

    /** Whether some suppressed cell has a single feasible value (see the class comment). */
    static boolean anyRecoverable(Long[] cells, long total, Map<Integer, String> suppressed, long minCount) {
        return !recoverable(cells, total, suppressed, minCount).isEmpty();
    }

    /** The suppressed cells whose value the total and the published cells pin down. */
    public static List<Integer> recoverable(Long[] cells, long total, Map<Integer, String> suppressed, long minCount) {
        long rest = total;
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) continue;
            if (suppressed.containsKey(i)) hidden.add(i);
            else rest -= cells[i];
        }
        List<Integer> out = new ArrayList<>();
        long sumLo = 0;
        long sumHi = 0;
        boolean unbounded = false;
        for (int i : hidden) {
            sumLo += lower(suppressed.get(i), minCount);
            if (suppressed.get(i).equals(SECONDARY)) unbounded = true;
            else sumHi += minCount - 1;
        }
        for (int i : hidden) {
            long lo = lower(suppressed.get(i), minCount);
            boolean primary = suppressed.get(i).equals(PRIMARY);
            long hi = primary ? minCount - 1 : Long.MAX_VALUE;
            long othersLo = sumLo - lo;
            hi = Math.min(hi, rest - othersLo);
            boolean othersUnbounded = unbounded && !(suppressed.get(i).equals(SECONDARY) && countSecondary(hidden, suppressed) == 1);
            if (!othersUnbounded) lo = Math.max(lo, rest - (sumHi - (primary ? minCount - 1 : 0)));
            if (lo == hi) out.add(i);
        }
        return out;
    }

    private static long lower(String reason, long minCount) {
        return reason.equals(PRIMARY) ? 1 : minCount;
    }

    private static int countSecondary(List<Integer> hidden, Map<Integer, String> suppressed) {
        int n = 0;
        for (int i : hidden) if (suppressed.get(i).equals(SECONDARY)) n++;
        return n;
    }
}
