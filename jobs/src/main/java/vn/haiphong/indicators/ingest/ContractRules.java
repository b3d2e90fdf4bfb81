package vn.haiphong.indicators.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.io.Serializable;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/**
 * A contract's rules ({@code schemas/extract_columns.csv}) compiled to Spark column expressions for one
 * delivered file: lines in, typed and pseudonymised rows out, with lineage. Spark evaluates them with generated
 * code, column by column, instead of a Java parser building a {@code Row} per line.
 *
 * <p>A line that breaks a rule keeps null in the failed fields and carries every broken rule ({@code _rules}),
 * a readable reason naming the line and column ({@code _reason}) and its raw text with personal fields masked
 * ({@code _raw}); {@link IngestJob} sends such rows to the quarantine. Three things have no built-in function
 * and stay small functions of one value: the keyed HMAC, Unicode NFC normalisation of stored text, and
 * normalisation of a listed value that is not spelled exactly as the contract lists it (rare, so only then).
 */
public final class ContractRules implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String MASK = "***";

    /** One CSV field after a comma: quoted (quotes doubled inside, spaces allowed after), or anything up to the next comma. */
    private static final String CSV_FIELD = ",(\"(?:[^\"]|\"\")*\"[ \\t]*(?=,|$)|[^,]*)";
    private static final String QUOTED = "^\"((?:[^\"]|\"\")*)\"[ \\t]*$";

    /** Schema of parsed rows: bronze columns then the three quarantine columns. */
    public static StructType parsedSchema(ExtractSpec spec) {
        return spec.bronzeSchema()
                .add("_rules", DataTypes.StringType, true)
                .add("_reason", DataTypes.StringType, true)
                .add("_raw", DataTypes.StringType, true);
    }

    private final ExtractSpec spec;
    private final String runId;
    private final Instant ingestedAt;
    private final LocalDate today;
    private final Communes communes;
    private final Map<String, Set<String>> references;
    private final UserDefinedFunction pseudonym;
    private final boolean hasPersonalColumns;

    /**
     * @param references the known values each {@code in kind.column} check needs
     */
    public ContractRules(ExtractSpec spec, String runId, Instant ingestedAt, LocalDate today, Communes communes,
                         Pseudonymizer pseudonymizer, Map<String, Set<String>> references) {
        this.spec = spec;
        this.runId = runId;
        this.ingestedAt = ingestedAt;
        this.today = today;
        this.communes = communes;
        this.references = references;
        this.pseudonym = udf((String s) -> s == null ? null : pseudonymizer.pseudonym(s), DataTypes.StringType);
        this.hasPersonalColumns = spec.columns().stream().anyMatch(ColumnSpec::isPersonal);
    }

    private static final UserDefinedFunction NFC = udf((String s) -> s == null ? null
            : Normalizer.normalize(s, Normalizer.Form.NFC), DataTypes.StringType);
    private static final UserDefinedFunction NORMALISE = udf((String s) -> s == null ? null : VnValues.normalise(s),
            DataTypes.StringType);

    /** One file of a kind to parse: the delivery and where its header put the contract's columns. */
    public record FileInput(Delivery delivery, HeaderMapping mapping) { }

    /**
     * Puts the files' lines ({@code value}, {@code _line}, {@code _file_name}) in the shape every file of the kind
     * shares, whatever the order of its columns: its lineage, its fields in the file's order ({@code _fields}) and in
     * the contract's ({@code _cfields}, empty for a column the file leaves out), how many fields its header has,
     * where its personal fields are, and the columns the contract does not list ({@code _extra}). What differs by
     * file is data looked up by the file's name, so Spark plans the rules once a kind, however many files came.
     */
    private Dataset<Row> shape(Dataset<Row> lines, List<FileInput> files) {
        Column line = col("value");
        Column hasQuote = line.contains("\""); // a byte scan; instr compares at every position
        Column tokens = regexp_extract_all(concat(lit(","), line), lit(CSV_FIELD), lit(1));
        // Quote-free lines (almost all) split on commas; quoted ones go through the CSV field pattern.
        Column fields = when(hasQuote, transform(tokens, t -> when(t.rlike(QUOTED),
                regexp_replace(regexp_extract(t, QUOTED, 1), "\"\"", "\"")).otherwise(t)))
                .otherwise(split(line, ",", -1));
        Column malformed = hasQuote.and(exists(tokens, t -> t.startsWith("\"").and(t.rlike(QUOTED).unary_$bang())));
        Dataset<Row> split = lines.select(line.as("_value"), col("_line"), col("_file_name"), fields.as("_fields"),
                malformed.as("_malformed"));

        Column positions = byFile(files, f -> intArray(java.util.Arrays.stream(f.mapping().positions()).boxed().toList()));
        Column personal = byFile(files, f -> {
            List<Integer> out = new ArrayList<>();
            for (int c = 0; c < spec.columns().size(); c++) {
                if (spec.columns().get(c).isPersonal() && f.mapping().positions()[c] >= 0) out.add(f.mapping().positions()[c]);
            }
            return intArray(out);
        });
        Column extraHeaders = byFile(files, f -> array(f.mapping().extras().values().stream().map(org.apache.spark.sql.functions::lit)
                .toArray(Column[]::new)).cast("array<string>"));
        Column extraPositions = byFile(files, f -> intArray(List.copyOf(f.mapping().extras().keySet())));
        Column fieldList = col("_fields");
        return split.select(col("_file_name").as("_source_file"),
                byFile(files, f -> lit(f.delivery().checksum())).as("_checksum"), col("_line"),
                byFile(files, f -> lit(f.delivery().period())).as("period"), col("_value"), fieldList, col("_malformed"),
                array(inContractOrder(positions, fieldList)).as("_cfields"),
                byFile(files, f -> lit(f.mapping().fieldCount())).as("_field_count"), personal.as("_personal"),
                when(size(extraHeaders).gt(0), org.apache.spark.sql.functions.map_from_arrays(extraHeaders,
                        transform(extraPositions, p -> get(fieldList, p)))).as("_extra"));
    }

    /**
     * The fields in contract order. No higher-order function here: Spark evaluates those without generated code,
     * and this runs on every line. A column the file leaves out has position -1, which {@code get} reads as null.
     */
    private Column[] inContractOrder(Column positions, Column fields) {
        Column[] out = new Column[spec.columns().size()];
        for (int c = 0; c < out.length; c++) out[c] = get(fields, get(positions, lit(c)));
        return out;
    }

    /** A file's own value of something, looked up by the file's name. */
    private static Column byFile(List<FileInput> files, java.util.function.Function<FileInput, Column> value) {
        if (files.size() == 1) return value.apply(files.get(0));
        List<Column> kv = new ArrayList<>();
        for (FileInput f : files) {
            kv.add(lit(f.delivery().fileName()));
            kv.add(value.apply(f));
        }
        return org.apache.spark.sql.functions.map(kv.toArray(Column[]::new)).apply(col("_file_name"));
    }

    private static Column intArray(List<Integer> values) {
        return array(values.stream().map(org.apache.spark.sql.functions::lit).toArray(Column[]::new)).cast("array<int>");
    }

    /**
     * The parsed rows of a kind's files, in the columns of {@link #parsedSchema}.
     *
     * @param lines (value, _line, _file_name) of the files' data lines ({@link NumberedLines})
     * @param files the files, by name: their deliveries and header mappings
     */
    public Dataset<Row> parse(Dataset<Row> lines, List<FileInput> files) {
        Dataset<Row> shaped = shape(lines, files);
        // Each step is its own projection, so that a raw value or a typed value is computed once however many
        // rules read it (Spark keeps a repeated non-trivial alias rather than inlining it).
        List<ColumnSpec> cols = spec.columns();
        List<Column> step = new ArrayList<>(List.of(col("*")));
        for (int c = 0; c < cols.size(); c++) {
            step.add(coalesce(strip(get(col("_cfields"), lit(c))), lit("")).as(raw(cols.get(c))));
        }
        Dataset<Row> rows = shaped.select(step.toArray(Column[]::new));

        // A date is parsed once (its type, its checks and its protection read it), by Spark's strict date parser with
        // the pattern compiled once: it takes d/M/yyyy whole (no time after it) and refuses a day the month lacks.
        step = new ArrayList<>(List.of(col("*")));
        for (ColumnSpec c : cols) {
            if (!isDate(c)) continue;
            Column raw = col(raw(c));
            step.add(org.apache.spark.sql.functions.try_to_date(raw, "d/M/yyyy").as("_d_" + c.column()));
        }
        rows = rows.select(step.toArray(Column[]::new));

        step = new ArrayList<>(List.of(col("*")));
        for (ColumnSpec c : cols) {
            Typed t = type(c, col(raw(c)));
            if (c.type().equals("date_or_year")) {
                // its year (what is stored) and, when a full date was given, the date (what the checks read)
                Column yearOnly = col(raw(c)).rlike("^(?:19|20)\\d{2}$");
                step.add(when(yearOnly.unary_$bang(), date(c)).as("_vd_" + c.column()));
                step.add(when(yearOnly, col(raw(c)).try_cast("int")).otherwise(year(date(c))).as("_vy_" + c.column()));
            }
            step.add(t.value().as(value(c)));
            step.add(when(col(raw(c)).notEqual(""), t.error()).as(error(c))); // an empty value breaks "required" only
        }
        rows = rows.select(step.toArray(Column[]::new));

        // Every rule in a fixed order: each column's emptiness and format, then each column's checks.
        List<String> ruleNames = new ArrayList<>();
        List<Column> reasons = new ArrayList<>();
        for (ColumnSpec c : cols) {
            Column raw = col(raw(c));
            Column empty = raw.equalTo("");
            if (c.required()) {
                ruleNames.add(c.column() + ".required");
                reasons.add(when(empty, lit("column '" + c.header() + "' is empty")));
            }
            if (c.type().equals("text")) continue; // any text is valid
            Column message = c.isPersonal() ? org.apache.spark.sql.functions.replace(col(error(c)), raw, lit(MASK)) : col(error(c));
            ruleNames.add(c.column() + "." + ruleName(c.type()));
            reasons.add(when(col(error(c)).isNotNull(), concat(lit("column '" + c.header() + "': "), message)));
        }
        for (ColumnSpec c : cols) {
            Column value = col(value(c));
            for (String check : c.checks()) {
                // a check reads a valid value; empty_iff also an empty one that broke no rule of its own
                Column guard = value.isNotNull();
                if (check.startsWith("empty_iff")) {
                    Column raw = col(raw(c));
                    Column failed = raw.equalTo("").and(lit(c.required())).or(col(error(c)).isNotNull());
                    guard = guard.or(failed.unary_$bang());
                }
                ruleNames.add(c.column() + "." + checkName(check));
                Column message = check(c, check, value);
                reasons.add(when(guard, concat(lit("column '" + c.header() + "': "), message)));
            }
        }
        step = new ArrayList<>(List.of(col("*")));
        for (int i = 0; i < reasons.size(); i++) step.add(reasons.get(i).as("_f_" + i));
        rows = rows.select(step.toArray(Column[]::new));
        Column anyBroken = lit(false);
        List<Column> failures = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            anyBroken = anyBroken.or(col("_f_" + i).isNotNull());
            failures.add(failure(ruleNames.get(i), col("_f_" + i)));
        }
        // The broken rules as a list, built only for a line that broke one (a higher-order function has no
        // generated code, so it must not run on every line).
        rows = rows.select(col("*"), when(anyBroken, filter(array(failures.toArray(Column[]::new)),
                f -> f.getField("reason").isNotNull())).as("_broken_"));
        Column broken = col("_broken_");
        Column fieldCount = size(col("_fields"));
        Column wrongCount = fieldCount.notEqual(col("_field_count"));
        Column malformedRow = col("_malformed");
        // A line that cannot be split, or has the wrong number of fields, breaks that rule alone.
        rows = rows.select(col("*"), when(malformedRow, lit("row.malformed"))
                .when(wrongCount, lit("row.field_count"))
                .when(broken.isNotNull(), array_join(transform(broken, f -> f.getField("rule")), ";")).as("_rules_"),
                when(malformedRow, lit("unreadable CSV (unbalanced quotes?)"))
                .when(wrongCount, concat(lit("expected "), col("_field_count").cast("string"), lit(" fields, found "), fieldCount.cast("string")))
                .when(broken.isNotNull(), array_join(transform(broken, f -> f.getField("reason")), "; ")).as("_reasons_"));

        Column value = col("_value");
        Column fieldList = col("_fields");
        Column masked = transform(fieldList, (f, i) -> when(org.apache.spark.sql.functions.array_contains(col("_personal"), i), lit(MASK)).otherwise(f));
        Column rawText = when(malformedRow, hasPersonalColumns
                        ? concat(lit(MASK + " (unreadable line, "), length(value).cast("string"), lit(" characters)")) : value)
                .when(wrongCount, hasPersonalColumns ? array_join(transform(fieldList, f -> lit(MASK)), ",") : value)
                .otherwise(toCsv(masked));
        Column ruleList = col("_rules_");
        List<Column> out = new ArrayList<>();
        out.add(col("_source_file"));
        out.add(col("_checksum"));
        out.add(col("_line"));
        out.add(lit(runId).as("_run_id"));
        out.add(lit(Timestamp.from(ingestedAt)).as("_ingested_at"));
        out.add(col("period"));
        for (ColumnSpec c : cols) {
            if (c.storedAs() != null) out.add(protect(c, col(value(c))).as(c.storedAs()));
        }
        out.add(col("_extra"));
        out.add(ruleList.as("_rules"));
        out.add(when(ruleList.isNotNull(), concat(lit("line "), col("_line").cast("string"), lit(": "), col("_reasons_"))).as("_reason"));
        out.add(when(ruleList.isNotNull(), rawText).as("_raw"));
        return rows.select(out.toArray(Column[]::new));
    }

    private static String raw(ColumnSpec c) { return "_r_" + c.column(); }
    private static String value(ColumnSpec c) { return "_v_" + c.column(); }
    private static String error(ColumnSpec c) { return "_e_" + c.column(); }

    /** A typed value (null when empty or invalid) and the format failure of a non-empty value (null when valid). */
    private record Typed(Column value, Column error) { }

    private static Column failure(String rule, Column reason) {
        return struct(lit(rule).as("rule"), reason.as("reason"));
    }

    private Typed type(ColumnSpec c, Column raw) {
        Column quoted = concat(lit("'"), raw, lit("'"));
        switch (c.type()) {
            case "text":
                // only stored text is normalised (NFC); a name that is dropped is never looked at
                return new Typed(c.storedAs() == null ? raw : when(raw.notEqual(""), NFC.apply(raw)), lit(null).cast("string"));
            case "count": {
                Column valid = raw.rlike("^(?:\\d{1,3}(?:\\.\\d{3})+|\\d+)$");
                Column digits = regexp_replace(raw, "\\.", "");
                Column v = when(valid, digits.try_cast("bigint"));
                Column error = when(raw.startsWith("-"), concat(lit("negative count "), quoted))
                        .when(valid.unary_$bang(), concat(lit("not a whole number "), quoted, lit(" (thousands use '.')")))
                        .when(v.isNull(), concat(lit("For input string: \""), digits, lit("\"")));
                return new Typed(when(error.isNull(), v), error);
            }
            case "decimal":
            case "amount": {
                Column valid = raw.rlike("^-?(?:\\d{1,3}(?:\\.\\d{3})+|\\d+)(?:,\\d+)?$");
                Column v = when(valid, regexp_replace(regexp_replace(raw, "\\.", ""), ",", ".").try_cast("double"));
                Column error = when(valid.unary_$bang(), concat(lit("not a number "), quoted, lit(" (decimals use ',')")));
                if (c.type().equals("amount")) error = error.when(v.lt(0), concat(lit("negative amount "), quoted));
                return new Typed(when(error.isNull(), v), error);
            }
            case "date": {
                Column d = date(c);
                return new Typed(d, when(d.isNull(), concat(lit("not a date dd/MM/yyyy "), quoted)));
            }
            case "date_or_year": {
                Column d = date(c);
                Column yearOnly = raw.rlike("^(?:19|20)\\d{2}$");
                Column error = when(yearOnly.unary_$bang().and(d.isNull()), concat(lit("not a date dd/MM/yyyy or a year yyyy "), quoted));
                // kept as text: its year (stored) and, for a full date, the date (checked) are read from it
                return new Typed(when(error.isNull().and(raw.notEqual("")), raw), error);
            }
            case "year": {
                Column valid = raw.rlike("^(?:19|20)\\d{2}$");
                return new Typed(when(valid, raw.try_cast("int")), when(valid.unary_$bang(), concat(lit("not a year yyyy "), quoted)));
            }
            case "month": {
                String pattern = "^(0?[1-9]|1[0-2])/((?:19|20)\\d{2})$";
                Column valid = raw.rlike(pattern);
                return new Typed(when(valid, concat(regexp_extract(raw, pattern, 2), lit("-"), lpad(regexp_extract(raw, pattern, 1), 2, "0"))),
                        when(valid.unary_$bang(), concat(lit("not a month MM/yyyy "), quoted)));
            }
            case "school_year": {
                String pattern = "^((?:19|20)\\d{2})-((?:19|20)\\d{2})$";
                Column valid = raw.rlike(pattern).and(regexp_extract(raw, pattern, 2).try_cast("int")
                        .equalTo(regexp_extract(raw, pattern, 1).try_cast("int").plus(1)));
                return new Typed(when(valid, raw), when(valid.unary_$bang(), concat(lit("not a school year yyyy-yyyy "), quoted)));
            }
            case "commune": {
                Column valid = raw.isin(communes.knownCodes().toArray()); // every known code has five digits
                return new Typed(when(valid, raw), when(valid.unary_$bang(), concat(lit("unknown commune code "), quoted,
                        lit(" (neither a 2025 code nor a pre-2025 Hai Phong or Hai Duong code)"))));
            }
            case "card_number": {
                Column valid = raw.rlike("^[A-Z]{2}\\d{13}$");
                return new Typed(when(valid, raw), when(valid.unary_$bang(), lit("card number is not 2 capital letters then 13 digits")));
            }
            case "citizen_id": {
                Column valid = raw.rlike("^\\d{12}$");
                return new Typed(when(valid, raw), when(valid.unary_$bang(), lit("citizen ID is not 12 digits")));
            }
            default: {
                List<String> allowed = c.enumValues();
                if (allowed.isEmpty()) throw new IllegalStateException("unknown type '" + c.type() + "' in schemas/extract_columns.csv");
                // exact spelling first; only a value spelled otherwise is normalised (case, Unicode form, spaces)
                List<Column> exact = new ArrayList<>(), normalised = new ArrayList<>();
                for (String a : allowed) {
                    Column stored = c.type().equals("yes_no") ? lit(a.equals("Có")) : c.type().equals("pass_fail") ? lit(a.equals("Đạt")) : lit(a);
                    exact.add(lit(a));
                    exact.add(stored);
                    normalised.add(lit(VnValues.normalise(a)));
                    normalised.add(stored);
                }
                Column v = coalesce(org.apache.spark.sql.functions.map(exact.toArray(Column[]::new)).apply(raw),
                        org.apache.spark.sql.functions.map(normalised.toArray(Column[]::new)).apply(NORMALISE.apply(raw)));
                Column value = when(raw.notEqual(""), v);
                return new Typed(value, when(raw.notEqual("").and(v.isNull()),
                        concat(quoted, lit(" is not one of " + String.join(", ", allowed)))));
            }
        }
    }

    private static boolean isDate(ColumnSpec c) {
        return c.type().equals("date") || c.type().equals("date_or_year");
    }

    /** The column's dd/MM/yyyy date (day and month of one or two digits), or null when it is not one or does not exist. */
    private static Column date(ColumnSpec c) {
        return col("_d_" + c.column());
    }

    /** The failure message of one check on a value, or null when it holds. */
    private Column check(ColumnSpec col, String check, Column value) {
        Column period = col("period");
        if (check.startsWith("empty_iff")) {
            String[] cond = check.substring("empty_iff".length()).strip().split("=", 2);
            Column other = other(cond[0].strip());
            Column shouldBeEmpty = NORMALISE.apply(other.cast("string")).equalTo(VnValues.normalise(cond[1]));
            String otherHeader = header(cond[0].strip());
            return when(other.isNull(), lit(null).cast("string"))
                    .when(shouldBeEmpty.and(value.isNotNull()), lit("must be empty when '" + otherHeader + "' is " + cond[1]))
                    .when(shouldBeEmpty.unary_$bang().and(value.isNull()),
                            concat(lit("is empty but '" + otherHeader + "' is "), other.cast("string")));
        }
        if (check.startsWith("in ")) {
            String reference = check.substring(3).strip();
            Set<String> known = references.get(reference);
            if (known == null) throw new IllegalStateException("reference " + reference + " was not loaded");
            return when(value.isin(known.toArray()).unary_$bang(), concat(lit("'"), value.cast("string"),
                    lit("' is not known in " + reference.replace(".", " ") + " (no census row delivered for it)")));
        }
        if (check.equals("not_after_period") || check.equals("in_period")) {
            Column first = org.apache.spark.sql.functions.to_date(concat(period, lit("-01")));
            Column out = when(value.gt(org.apache.spark.sql.functions.last_day(first)),
                    concat(lit("date "), value.cast("string"), lit(" is after the file's month "), period));
            if (check.equals("in_period")) {
                out = out.when(value.lt(first), concat(lit("date "), value.cast("string"), lit(" is not in the file's month "), period));
            }
            return out;
        }
        if (check.equals("<= period")) {
            return when(value.gt(period.cast("int")), concat(lit("year "), value.cast("string"), lit(" is after the file's year "), period));
        }
        if (check.equals("not_future")) {
            Column future = col.type().equals("date_or_year")
                    ? when(col("_vd_" + col.column()).isNotNull(), col("_vd_" + col.column()).gt(lit(today)))
                            .otherwise(col("_vy_" + col.column()).gt(today.getYear()))
                    : value.gt(lit(today));
            return when(future, lit("date is in the future"));
        }
        if (check.equals("positive")) {
            return when(value.cast("double").leq(0), concat(lit("must be more than 0, got "), value.cast("string")));
        }
        if (check.equals("= period")) {
            return when(value.cast("string").notEqual(period), concat(lit("value "), value.cast("string"),
                    lit(" differs from the file's period "), period));
        }
        String op = check.substring(0, 2).strip();
        String otherName = check.substring(2).strip();
        Column other = other(otherName);
        String otherHeader = header(otherName);
        if (op.equals(">=")) {
            return when(value.lt(other), concat(lit("is before/below '" + otherHeader + "' ("), value.cast("string"), lit(" < "),
                    other.cast("string"), lit(")")));
        }
        if (op.equals("<=")) {
            return when(value.gt(other), concat(lit("is larger than '" + otherHeader + "' ("), value.cast("string"), lit(" > "),
                    other.cast("string"), lit(")")));
        }
        throw new IllegalStateException("unknown check '" + check + "' on " + col.column() + " in schemas/extract_columns.csv");
    }

    private Column other(String column) {
        return col(value(spec.columns().stream().filter(c -> c.column().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalStateException("check refers to unknown column " + column))));
    }

    private String header(String column) {
        return spec.columns().stream().filter(c -> c.column().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalStateException("check refers to unknown column " + column)).header();
    }

    /** The stored form of a valid value: as is, pseudonymised (HMAC), or reduced to its year. */
    private Column protect(ColumnSpec c, Column v) {
        switch (c.personal()) {
            case "": return v;
            case "hmac": return when(v.isNotNull(), pseudonym.apply(v));
            case "hmac_last10": return when(v.isNotNull(), pseudonym.apply(substring(v, -10, 10)));
            case "year_only":
                return when(v.isNotNull(), col("_vy_" + c.column()));
            default: throw new IllegalStateException("personal column " + c.column() + " would be stored in clear ("
                    + c.personal() + "); mark it stored_as '-' in schemas/extract_columns.csv");
        }
    }

    /**
     * One CSV line from fields, quoted as Apache Commons CSV prints them (minimal quoting: a field with a comma,
     * quote or line break, one starting with a character up to '#' or ending with one up to a space, and an empty
     * first field).
     */
    static Column toCsv(Column fields) {
        return array_join(transform(fields, (f, i) -> when(
                f.rlike("[\\n\\r\",]|^[\\x00-#]|[\\x00- ]$").or(i.equalTo(0).and(f.equalTo(""))),
                concat(lit("\""), regexp_replace(f, "\"", "\"\""), lit("\""))).otherwise(f)), ",");
    }

    /**
     * As Java's {@code String.strip()}. Trimming a set of characters is slow in Spark (a search of the set per
     * character looked at), so only a value that begins or ends with white space is trimmed.
     */
    private static Column strip(Column s) {
        Column edge = NumberedLines.startsWithWhitespace(s).or(NumberedLines.startsWithWhitespace(org.apache.spark.sql.functions.right(s, lit(1))));
        return when(edge, org.apache.spark.sql.functions.btrim(s, lit(NumberedLines.WHITESPACE))).otherwise(s);
    }

    private static String ruleName(String type) {
        return type.startsWith("enum:") || type.equals("yes_no") || type.equals("pass_fail") ? "allowed_values" : "format";
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

    /** The fields of one CSV line, on the driver (a header): a fast path without quotes, the CSV library otherwise. */
    public static List<String> fields(String line) {
        if (line.indexOf('"') < 0) return List.of(line.split(",", -1));
        try (org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(line))) {
            List<org.apache.commons.csv.CSVRecord> records = p.getRecords();
            if (records.size() != 1) throw new IllegalArgumentException("line holds " + records.size() + " records");
            return records.get(0).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("unreadable CSV (unbalanced quotes?)");
        }
    }
}
