package vn.haiphong.indicators.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.config.ClasspathCsv;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of one kind of file (e.g. {@code bhyt_the}), loaded from {@code schemas/}:
 * which folder it arrives in, how its period is written in the file name, and its columns.
 * Adding a column or a kind is a line in those CSV files, not code.
 */
public record ExtractSpec(String kind, String folder, String periodType, String description,
                          List<ColumnSpec> columns) implements Serializable {

    /** Lineage columns every bronze table starts with. */
    public static final StructType LINEAGE = new StructType()
            .add("_source_file", DataTypes.StringType, false)
            .add("_checksum", DataTypes.StringType, false)
            .add("_line", DataTypes.LongType, false)
            .add("_run_id", DataTypes.StringType, false)
            .add("_ingested_at", DataTypes.TimestampType, false)
            .add("period", DataTypes.StringType, false);

    public String bronzeTable() { return "bronze_" + kind; }

    /** The kinds whose rows this kind's {@code in kind.column} checks look up: their bronze is written first. */
    public List<String> referencedKinds() {
        return columns().stream().map(ColumnSpec::reference).filter(java.util.Objects::nonNull).map(r -> r.split("\\.")[0])
                .distinct().toList();
    }

    /** Bronze schema: lineage, the stored (pseudonymised) columns, then extra columns as a map. */
    public StructType bronzeSchema() {
        StructType s = LINEAGE;
        for (ColumnSpec c : columns) {
            if (c.storedAs() != null) s = s.add(c.storedAs(), storedType(c), true);
        }
        return s.add("_extra", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true);
    }

    static DataType storedType(ColumnSpec c) {
        if (c.personal().equals("year_only")) return DataTypes.IntegerType;
        String t = c.type();
        switch (t) {
            case "count": return DataTypes.LongType;
            case "decimal": case "amount": return DataTypes.DoubleType;
            case "date": return DataTypes.DateType;
            case "year": return DataTypes.IntegerType;
            case "yes_no": case "pass_fail": return DataTypes.BooleanType;
            default: return DataTypes.StringType;
        }
    }

    /** All kinds, in the order of {@code schemas/extract_kinds.csv}. */
    public static Map<String, ExtractSpec> loadAll() {
        Map<String, List<ColumnSpec>> columns = new LinkedHashMap<>();
        for (CSVRecord r : ClasspathCsv.records("/schemas/extract_columns.csv")) {
            String personal = r.get("personal").trim();
            String storedAs = r.get("stored_as").trim();
            String required = r.get("required").trim();
            if (!List.of("true", "false", "optional").contains(required)) {
                throw new IllegalStateException("schemas/extract_columns.csv line " + (r.getRecordNumber() + 1)
                        + " column 'required': expected true, false or optional, got '" + required + "'");
            }
            ColumnSpec spec = new ColumnSpec(r.get("header").trim(), r.get("column").trim(), r.get("type").trim(),
                    required.equals("true"), personal, r.get("check").trim(),
                    storedAs.equals("-") ? null : storedAs.isEmpty() ? r.get("column").trim() : storedAs,
                    required.equals("optional"));
            columns.computeIfAbsent(r.get("kind").trim(), k -> new ArrayList<>()).add(spec);
        }
        Map<String, ExtractSpec> kinds = new LinkedHashMap<>();
        for (CSVRecord r : ClasspathCsv.records("/schemas/extract_kinds.csv")) {
            String kind = r.get("kind").trim();
            List<ColumnSpec> cols = columns.get(kind);
            if (cols == null) throw new IllegalStateException("schemas/extract_columns.csv has no columns for kind " + kind);
            kinds.put(kind, new ExtractSpec(kind, r.get("folder").trim(), r.get("period_type").trim(),
                    r.get("description").trim(), List.copyOf(cols)));
        }
        return kinds;
    }
}
