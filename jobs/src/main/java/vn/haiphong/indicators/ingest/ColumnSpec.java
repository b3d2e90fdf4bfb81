package vn.haiphong.indicators.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * One column of a department's file, as declared in {@code schemas/extract_columns.csv}.
 *
 * @param header   the Vietnamese header of the contract
 * @param column   canonical English name used in rules and messages
 * @param type     value type: text, count, decimal, date, date_or_year, month, year, school_year,
 *                 yes_no, pass_fail, commune, card_number, citizen_id, or enum:A|B|C
 * @param required whether an empty value is bad input ({@code true} / {@code false} in the contract); the contract's
 *                 {@code optional} is a column a file may leave out altogether, its values then missing (a
 *                 column added to a contract after files were delivered without it)
 * @param personal how personal data is protected: empty (not personal), drop, hmac, hmac_last10, year_only
 * @param check    optional extra rules, separated by ';': not_future, positive, {@code >= other}, {@code <= other},
 *                 {@code = period}, {@code <= period} (a year not after the file's), not_after_period and
 *                 in_period (a date up to / within the file's month), {@code in kind.column} (a value known
 *                 from another kind's bronze, e.g. a school code from the census), and
 *                 {@code empty_iff other=value} (empty exactly when another column has that value)
 * @param storedAs column name in bronze, or null when the value is never stored
 */
public record ColumnSpec(String header, String column, String type, boolean required, String personal,
                         String check, String storedAs, boolean optionalColumn) implements Serializable {

    public boolean isPersonal() { return !personal.isEmpty(); }

    public List<String> checks() {
        return check.isBlank() ? List.of() : java.util.Arrays.stream(check.split(";")).map(String::strip).toList();
    }

    /** The {@code kind.column} this column's values must be known in, or null. */
    public String reference() {
        return checks().stream().filter(c -> c.startsWith("in ")).map(c -> c.substring(3).strip()).findFirst().orElse(null);
    }

    public List<String> enumValues() {
        if (type.startsWith("enum:")) return List.of(type.substring(5).split("\\|"));
        if (type.equals("yes_no")) return List.of("Có", "Không");
        if (type.equals("pass_fail")) return List.of("Đạt", "Không đạt");
        return List.of();
    }
}
