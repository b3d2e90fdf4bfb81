package vn.haiphong.indicators.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/**
 * Turns one line of a delivered file into one row: typed, pseudonymised, with its lineage. A line that
 * breaks a rule keeps null in the failed fields and carries every broken rule ({@code _rules}), a
 * readable reason naming the line and column ({@code _reason}) and its raw text with personal fields
 * masked ({@code _raw}); {@link IngestJob} sends such rows to the quarantine.
 */
public final class RowParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern CARD = Pattern.compile("[A-Z]{2}\\d{13}");
    private static final Pattern CITIZEN_ID = Pattern.compile("\\d{12}");
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}");
    static final String MASK = "***";

    /** Schema of parsed rows: bronze columns then the three quarantine columns. */
    public static StructType parsedSchema(ExtractSpec spec) {
        return spec.bronzeSchema()
                .add("_rules", DataTypes.StringType, true)
                .add("_reason", DataTypes.StringType, true)
                .add("_raw", DataTypes.StringType, true);
    }

    private final ExtractSpec spec;
    private final HeaderMapping mapping;
    private final String fileName;
    private final String checksum;
    private final String period;
    private final String runId;
    private final Instant ingestedAt;
    private final LocalDate today;
    private final Communes communes;
    private final Pseudonymizer pseudonymizer;
    private final int width;
    private final boolean hasPersonalColumns;
    /** Per column of a listed-values type: normalised value -> stored value. */
    private final java.util.List<Map<String, Object>> listedValues = new ArrayList<>();
    /** Each column's checks, split once here rather than on every row. */
    private final List<List<String>> checks = new ArrayList<>();
    /** Known values of other kinds' columns ({@code kind.column}) for {@code in} checks. */
    private final Map<String, java.util.Set<String>> references;

    public RowParser(ExtractSpec spec, HeaderMapping mapping, Delivery delivery, String runId, Instant ingestedAt,
                     LocalDate today, Communes communes, Pseudonymizer pseudonymizer) {
        this(spec, mapping, delivery, runId, ingestedAt, today, communes, pseudonymizer, Map.of());
    }

    public RowParser(ExtractSpec spec, HeaderMapping mapping, Delivery delivery, String runId, Instant ingestedAt,
                     LocalDate today, Communes communes, Pseudonymizer pseudonymizer,
                     Map<String, java.util.Set<String>> references) {
        this.references = references;
        this.spec = spec;
        this.mapping = mapping;
        this.fileName = delivery.fileName();
        this.checksum = delivery.checksum();
        this.period = delivery.period();
        this.runId = runId;
        this.ingestedAt = ingestedAt;
        this.today = today;
        this.communes = communes;
        this.pseudonymizer = pseudonymizer;
        this.width = parsedSchema(spec).size();
        this.hasPersonalColumns = spec.columns().stream().anyMatch(ColumnSpec::isPersonal);
        for (ColumnSpec c : spec.columns()) {
            checks.add(c.checks());
            Map<String, Object> values = new java.util.HashMap<>();
            for (String a : c.enumValues()) {
                Object stored = c.type().equals("yes_no") ? a.equals("Có") : c.type().equals("pass_fail") ? a.equals("Đạt") : a;
                values.put(VnValues.normalise(a), stored);
                values.put(a, stored); // exact spelling: no normalisation needed on the hot path
            }
            listedValues.add(values);
        }
    }

    /** Splits a CSV line: a fast path without quotes, the CSV library otherwise. */
    public static List<String> split(String line) {
        if (line.indexOf('"') < 0) {
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == ',') {
                    out.add(line.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(line.substring(start));
            return out;
        }
        try (CSVParser p = CSVFormat.DEFAULT.parse(new StringReader(line))) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) throw new IllegalArgumentException("line holds " + records.size() + " records");
            return records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("unreadable CSV (unbalanced quotes?)");
        }
    }

    public Row parse(String line, long lineNumber) {
        Object[] v = new Object[width];
        v[0] = fileName;
        v[1] = checksum;
        v[2] = lineNumber;
        v[3] = runId;
        v[4] = ingestedAt;
        v[5] = period;
        List<String> rules = new ArrayList<>(2);
        List<String> reasons = new ArrayList<>(2);
        List<String> fields;
        try {
            fields = split(line);
        } catch (IllegalArgumentException e) {
            return bad(v, List.of("row.malformed"), List.of(e.getMessage()), maskAll(line));
        }
        if (fields.size() != mapping.fieldCount()) {
            String reason = "expected " + mapping.fieldCount() + " fields, found " + fields.size();
            return bad(v, List.of("row.field_count"), List.of(reason), hasPersonalColumns ? maskAll(fields) : line);
        }
        List<ColumnSpec> cols = spec.columns();
        Object[] parsed = new Object[cols.size()];   // typed values before protection, for the checks
        int out = 6;
        for (int c = 0; c < cols.size(); c++) {
            ColumnSpec col = cols.get(c);
            String raw = mapping.positions()[c] < 0 ? "" : fields.get(mapping.positions()[c]).strip();
            if (raw.isEmpty()) {
                if (col.required()) {
                    rules.add(col.column() + ".required");
                    reasons.add("column '" + col.header() + "' is empty");
                }
            } else {
                try {
                    parsed[c] = parseValue(c, col, raw);
                } catch (IllegalArgumentException e) {
                    rules.add(col.column() + "." + ruleName(col.type()));
                    reasons.add("column '" + col.header() + "': " + (col.isPersonal() ? redact(e.getMessage(), raw) : e.getMessage()));
                }
            }
        }
        for (int c = 0; c < cols.size(); c++) {
            ColumnSpec col = cols.get(c);
            for (String check : checks.get(c)) {
                boolean onEmpty = check.startsWith("empty_iff");
                if (parsed[c] == null && !(onEmpty && !failed(col, rules))) continue;
                String failure = check(col, check, parsed[c], parsed);
                if (failure != null) {
                    rules.add(col.column() + "." + checkName(check));
                    reasons.add("column '" + col.header() + "': " + failure);
                }
            }
        }
        for (int c = 0; c < cols.size(); c++) {
            ColumnSpec col = cols.get(c);
            if (col.storedAs() == null) continue;
            v[out++] = protect(col, parsed[c]);
        }
        if (!mapping.extras().isEmpty()) {
            Map<String, String> extra = new LinkedHashMap<>();
            mapping.extras().forEach((pos, header) -> extra.put(header, fields.get(pos)));
            v[out] = scala.jdk.javaapi.CollectionConverters.asScala(extra);
        }
        if (!rules.isEmpty()) return bad(v, rules, reasons, maskPersonal(fields));
        return RowFactory.create(v);
    }

    private Row bad(Object[] v, List<String> rules, List<String> reasons, String raw) {
        v[width - 3] = String.join(";", rules);
        v[width - 2] = "line " + v[2] + ": " + String.join("; ", reasons);
        v[width - 1] = raw;
        return RowFactory.create(v);
    }

    private Object parseValue(int index, ColumnSpec col, String raw) {
        String type = col.type();
        switch (type) {
            case "text": return Normalizer.normalize(raw, Normalizer.Form.NFC);
            case "count": return VnValues.count(raw);
            case "decimal": return VnValues.decimal(raw);
            case "amount": {
                double d = VnValues.decimal(raw);
                if (d < 0) throw new IllegalArgumentException("negative amount '" + raw + "'");
                return d;
            }
            case "date": return VnValues.date(raw);
            case "date_or_year": VnValues.yearOfDateOrYear(raw); return raw; // only the year is ever kept
            case "year": return VnValues.year(raw);
            case "month": return VnValues.month(raw);
            case "school_year": return VnValues.schoolYear(raw);
            case "commune":
                if (!COMMUNE.matcher(raw).matches() || !communes.isKnown(raw)) {
                    throw new IllegalArgumentException("unknown commune code '" + raw
                            + "' (neither a 2025 code nor a pre-2025 Hai Phong or Hai Duong code)");
                }
                return raw;
            case "card_number":
                if (!CARD.matcher(raw).matches()) throw new IllegalArgumentException("card number is not 2 capital letters then 13 digits");
                return raw;
            case "citizen_id":
                if (!CITIZEN_ID.matcher(raw).matches()) throw new IllegalArgumentException("citizen ID is not 12 digits");
                return raw;
            default:
                Map<String, Object> allowed = listedValues.get(index);
                if (allowed.isEmpty()) throw new IllegalStateException("unknown type '" + type + "' in schemas/extract_columns.csv");
                Object value = allowed.get(raw);
                if (value == null) value = allowed.get(VnValues.normalise(raw));
                if (value != null) return value;
                throw new IllegalArgumentException("'" + raw + "' is not one of " + String.join(", ", col.enumValues()));
        }
    }

    private static boolean failed(ColumnSpec col, List<String> rules) {
        String prefix = col.column() + ".";
        return rules.stream().anyMatch(r -> r.startsWith(prefix));
    }

    private String check(ColumnSpec col, String check, Object value, Object[] parsed) {
        if (check.startsWith("empty_iff")) {
            String[] cond = check.substring("empty_iff".length()).strip().split("=", 2);
            Object other = parsed[indexOf(cond[0].strip())];
            if (other == null) return null; // the other column failed or is empty: reported there
            boolean shouldBeEmpty = VnValues.normalise(String.valueOf(other)).equals(VnValues.normalise(cond[1]));
            if (shouldBeEmpty && value != null) return "must be empty when '" + header(cond[0].strip()) + "' is " + cond[1];
            if (!shouldBeEmpty && value == null) return "is empty but '" + header(cond[0].strip()) + "' is " + other;
            return null;
        }
        if (check.startsWith("in ")) {
            String reference = check.substring(3).strip();
            java.util.Set<String> known = references.get(reference);
            if (known == null) throw new IllegalStateException("reference " + reference + " was not loaded");
            return known.contains(String.valueOf(value)) ? null
                    : "'" + value + "' is not known in " + reference.replace(".", " ") + " (no census row delivered for it)";
        }
        if (check.equals("not_after_period") || check.equals("in_period")) {
            LocalDate d = (LocalDate) value;
            LocalDate first = LocalDate.parse(period + "-01");
            LocalDate last = first.plusMonths(1).minusDays(1);
            if (d.isAfter(last)) return "date " + d + " is after the file's month " + period;
            if (check.equals("in_period") && d.isBefore(first)) return "date " + d + " is not in the file's month " + period;
            return null;
        }
        if (check.equals("<= period")) {
            return ((Integer) value) <= Integer.parseInt(period) ? null : "year " + value + " is after the file's year " + period;
        }
        if (check.equals("not_future")) {
            if (col.type().equals("date_or_year")) {
                String s = (String) value;
                int year = VnValues.yearOfDateOrYear(s);
                LocalDate d = VnValues.dateOrNull(s);
                boolean future = d != null ? d.isAfter(today) : year > today.getYear();
                return future ? "date is in the future" : null;
            }
            return ((LocalDate) value).isAfter(today) ? "date is in the future" : null;
        }
        if (check.equals("positive")) {
            return ((Number) value).doubleValue() > 0 ? null : "must be more than 0, got " + value;
        }
        if (check.equals("= period")) {
            return String.valueOf(value).equals(period) ? null : "value " + value + " differs from the file's period " + period;
        }
        String op = check.substring(0, 2).strip();
        String otherName = check.substring(2).strip();
        int other = indexOf(otherName);
        Object o = parsed[other];
        if (o == null) return null; // the other column already failed or is empty
        @SuppressWarnings({"unchecked", "rawtypes"})
        int cmp = ((Comparable) value).compareTo(o);
        String otherHeader = spec.columns().get(other).header();
        if (op.equals(">=") && cmp < 0) return "is before/below '" + otherHeader + "' (" + value + " < " + o + ")";
        if (op.equals("<=") && cmp > 0) return "is larger than '" + otherHeader + "' (" + value + " > " + o + ")";
        return null;
    }

    private Object protect(ColumnSpec col, Object value) {
        if (value == null) return null;
        switch (col.personal()) {
            case "": return value;
            case "hmac": return pseudonymizer.pseudonym((String) value);
            case "hmac_last10": {
                String s = (String) value;
                return pseudonymizer.pseudonym(s.substring(s.length() - 10));
            }
            case "year_only": return VnValues.yearOfDateOrYear((String) value);
            default: throw new IllegalStateException("personal column " + col.column() + " would be stored in clear ("
                    + col.personal() + "); mark it stored_as '-' in schemas/extract_columns.csv");
        }
    }

    private String header(String column) {
        return spec.columns().get(indexOf(column)).header();
    }

    private int indexOf(String column) {
        for (int i = 0; i < spec.columns().size(); i++) if (spec.columns().get(i).column().equals(column)) return i;
        throw new IllegalStateException("check refers to unknown column " + column);
    }

    private String maskPersonal(List<String> fields) {
        List<String> masked = new ArrayList<>(fields);
        for (int c = 0; c < spec.columns().size(); c++) {
            if (spec.columns().get(c).isPersonal() && mapping.positions()[c] >= 0) masked.set(mapping.positions()[c], MASK);
        }
        return toCsv(masked);
    }

    private static String maskAll(List<String> fields) {
        return toCsv(fields.stream().map(f -> MASK).toList());
    }

    private String maskAll(String line) {
        return hasPersonalColumns ? MASK + " (unreadable line, " + line.length() + " characters)" : line;
    }

    private static String redact(String message, String raw) {
        return message.replace(raw, MASK);
    }

    private static String toCsv(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator("").build())) {
            p.printRecord(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static String ruleName(String type) {
        return type.startsWith("enum:") ? "allowed_values" : type.equals("yes_no") || type.equals("pass_fail") ? "allowed_values" : "format";
    }

    private static String checkName(String check) {
        if (check.equals("<= period")) return "not_after_period";
        if (check.startsWith(">=")) return "not_before_" + check.substring(2).strip();
        if (check.startsWith("<=")) return "not_above_" + check.substring(2).strip();
        if (check.equals("= period")) return "matches_period";
        if (check.startsWith("in ")) return "known";
        if (check.startsWith("empty_iff")) return "empty_iff_" + check.substring(9).strip().split("=")[0].strip();
        return check;
    }
}
