package vn.haiphong.indicators.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which position of a file holds which contract column. Headers match regardless of letter case,
 * surrounding spaces, a byte-order mark and Unicode normalisation (NFC/NFD); columns may come in any
 * order; unknown columns are kept as extras.
 *
 * @param positions   for each spec column (in spec order), its position in the file; -1 for an optional column
 *                    the file leaves out
 * @param extras      position to original header, for columns the contract does not list
 * @param fieldCount  number of header fields
 */
public record HeaderMapping(int[] positions, Map<Integer, String> extras, int fieldCount) implements Serializable {

    /** Raised when a file cannot be read at all: it is rejected whole. */
    public static final class RejectedFile extends RuntimeException {
        public RejectedFile(String message) { super(message); }
    }

    public static HeaderMapping match(ExtractSpec spec, List<String> header) {
        Map<String, Integer> byKey = new HashMap<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String key = VnValues.normalise(header.get(i));
            if (byKey.putIfAbsent(key, i) != null && !key.isEmpty()) duplicated.add(header.get(i).strip());
        }
        if (!duplicated.isEmpty()) throw new RejectedFile("header has duplicate column(s) " + quoteAll(duplicated));
        int[] positions = new int[spec.columns().size()];
        List<String> missing = new ArrayList<>();
        boolean[] used = new boolean[header.size()];
        for (int c = 0; c < positions.length; c++) {
            Integer pos = byKey.get(VnValues.normalise(spec.columns().get(c).header()));
            if (pos == null) {
                if (!spec.columns().get(c).optionalColumn()) missing.add(spec.columns().get(c).header());
                positions[c] = -1;
            } else {
                positions[c] = pos;
                used[pos] = true;
            }
        }
        if (!missing.isEmpty()) {
            throw new RejectedFile("missing required column" + (missing.size() > 1 ? "s " : " ") + quoteAll(missing)
                    + "; the header has " + quoteAll(header.stream().map(h -> h.replace("\uFEFF", "").strip()).toList()));
        }
        Map<Integer, String> extras = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).replace("\uFEFF", "").strip();
            if (!used[i] && !h.isEmpty()) extras.put(i, java.text.Normalizer.normalize(h, java.text.Normalizer.Form.NFC));
        }
        return new HeaderMapping(positions, extras, header.size());
    }

    private static String quoteAll(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
