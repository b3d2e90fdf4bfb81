package vn.haiphong.indicators.ingest;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One delivered file, recognised from its folder and name: {@code <kind>_<period>[_vN].csv}.
 * A {@code _v2} (_v3, ...) delivery replaces the earlier deliveries of the same kind and period.
 */
public record Delivery(String path, String folder, String fileName, String kind, String period, int version,
                       long sizeBytes, String checksum) {

    private static final Map<String, String> PERIOD_PATTERNS = Map.of(
            "month", "\\d{4}-(?:0[1-9]|1[0-2])",
            "year", "\\d{4}",
            "school_year", "\\d{4}-\\d{4}",
            "date", "\\d{4}-\\d{2}-\\d{2}");

    /** The kind, period and version of a file name, if it follows the contract for that folder. */
    public static Optional<Delivery> recognise(String path, String folder, String fileName, long size, String checksum,
                                               Iterable<ExtractSpec> specs) {
        for (ExtractSpec spec : specs) {
            if (!spec.folder().equals(folder)) continue;
            Pattern p = Pattern.compile("^" + Pattern.quote(spec.kind()) + "_(" + PERIOD_PATTERNS.get(spec.periodType())
                    + ")(?:_v([0-9]+))?\\.csv$", Pattern.CASE_INSENSITIVE);
            Matcher m = p.matcher(fileName);
            if (m.matches()) {
                int version = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                return Optional.of(new Delivery(path, folder, fileName, spec.kind(), m.group(1), version, size, checksum));
            }
        }
        return Optional.empty();
    }
}
