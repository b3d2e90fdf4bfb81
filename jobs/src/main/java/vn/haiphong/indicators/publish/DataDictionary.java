package vn.haiphong.indicators.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.config.ClasspathCsv;
import vn.haiphong.indicators.criteria.CriteriaCatalog;

/**
 * What every published column means, as data: {@code conf/dictionary.csv} ({@code table,column,unit,meaning}), where
 * {@code table} may be {@code *} (the column means the same in every table) and {@code column} may end or start with
 * {@code *} ({@code component_*}, {@code *_suppressed}). A table's own line wins over a {@code *} line, an exact column
 * over a pattern. The dictionary is published with the tables (the {@code data_dictionary} table, and
 * {@code COMMENT ON} every column) and written as Markdown with each publish.
 */
public final class DataDictionary {
    public static final String RESOURCE = "/conf/dictionary.csv";
    public static final String TABLE = "data_dictionary";
    public static final StructType SCHEMA = new StructType()
            .add("table_name", DataTypes.StringType, false)
            .add("column_name", DataTypes.StringType, false)
            .add("data_type", DataTypes.StringType, false)
            .add("unit", DataTypes.StringType, true)
            .add("meaning", DataTypes.StringType, false)
            .add("gold_table", DataTypes.StringType, true);

    /** What a column holds. */
    public record Entry(String unit, String meaning) { }

    private final Map<String, Entry> exact = new LinkedHashMap<>();   // "table|column"
    private final Map<String, Entry> patterns = new LinkedHashMap<>(); // "table|prefix*" or "table|*suffix"

    private DataDictionary() { }

    public static DataDictionary load() {
        DataDictionary d = new DataDictionary();
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            String column = r.get("column").trim();
            Entry e = new Entry(r.get("unit").trim().isEmpty() ? null : r.get("unit").trim(), r.get("meaning").trim());
            if (e.meaning().isEmpty()) {
                throw new IllegalArgumentException("conf/dictionary.csv line " + (r.getRecordNumber() + 1) + " column 'meaning': empty");
            }
            (column.contains("*") ? d.patterns : d.exact).put(r.get("table").trim() + "|" + column, e);
        }
        return d;
    }

    /** The entry of a published column, or null when the dictionary does not say (a test fails on that). */
    public Entry of(String table, String column) {
        for (String t : List.of(table, "*")) {
            Entry e = exact.get(t + "|" + column);
            if (e != null) return e;
        }
        for (String t : List.of(table, "*")) {
            for (Map.Entry<String, Entry> p : patterns.entrySet()) {
                String[] tc = p.getKey().split("\\|", 2);
                if (!tc[0].equals(t)) continue;
                String pattern = tc[1];
                boolean matches = pattern.endsWith("*") ? column.startsWith(pattern.substring(0, pattern.length() - 1))
                        : column.endsWith(pattern.substring(1));
                if (matches) return p.getValue();
            }
        }
        return null;
    }

    /** {@code COMMENT ON COLUMN} texts of a table: the meaning, then the unit. */
    public Map<String, String> comments(String table, StructType schema) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            Entry e = of(table, f.name());
            if (e != null) out.put(f.name(), e.meaning() + (e.unit() == null ? "" : " [" + e.unit() + "]"));
        }
        return out;
    }

    /** The rows of the {@code data_dictionary} table for these tables (and for itself). */
    public List<Row> rows(List<Publisher.Table> tables, Map<String, String> goldTables) {
        List<Row> out = new ArrayList<>();
        List<StructType> schemas = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Publisher.Table t : tables) {
            names.add(t.name());
            schemas.add(t.rows().schema());
        }
        names.add(TABLE);
        schemas.add(SCHEMA);
        for (int i = 0; i < names.size(); i++) {
            for (StructField f : schemas.get(i).fields()) {
                Entry e = of(names.get(i), f.name());
                out.add(RowFactory.create(names.get(i), f.name(), Publisher.sqlType(f.dataType()), e == null ? null : e.unit(),
                        e == null ? "(not documented)" : e.meaning(), goldTables.get(names.get(i))));
            }
        }
        return out;
    }

    /** The dictionary as Markdown: the tables and their columns, then every criterion with its source lines. */
    public static String markdown(List<Publisher.Table> tables, List<Row> dictionary, CriteriaCatalog catalog, String published) {
        StringBuilder sb = new StringBuilder("# Data dictionary of the published database\n\n")
                .append("Schema `").append(Publisher.SCHEMA).append("` (PostgreSQL), published ").append(published)
                .append(". Generated from the table declarations, `conf/dictionary.csv` and the criteria catalog; ")
                .append("also in the database as `").append(Publisher.SCHEMA).append('.').append(TABLE).append("`.\n\n");
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Publisher.Table t : tables) descriptions.put(t.name(), t.description());
        descriptions.put(TABLE, "What every published column holds");
        String current = null;
        for (Row r : dictionary) {
            String table = r.getString(0);
            if (!table.equals(current)) {
                current = table;
                sb.append("\n## `").append(table).append("`\n\n").append(descriptions.get(table))
                        .append(r.isNullAt(5) ? "" : " (from gold `" + r.getString(5) + "`)")
                        .append("\n\n| column | type | unit | meaning |\n|---|---|---|---|\n");
            }
            sb.append("| `").append(r.getString(1)).append("` | ").append(r.getString(2)).append(" | ")
                    .append(r.isNullAt(3) ? "" : cell(r.getString(3))).append(" | ").append(cell(r.getString(4))).append(" |\n");
        }
        sb.append("\n## Criteria and their source lines\n\n| criterion | model | name | unit | targets | source lines |\n|---|---|---|---|---|---|\n");
        Map<String, List<CriteriaCatalog.Target>> byCriterion = new TreeMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) byCriterion.computeIfAbsent(t.criterionId(), k -> new ArrayList<>()).add(t);
        byCriterion.forEach((id, targets) -> {
            CriteriaCatalog.Target first = targets.get(0);
            StringBuilder due = new StringBuilder();
            for (CriteriaCatalog.Target t : targets) {
                due.append(due.length() == 0 ? "" : "; ").append(t.year() == null ? t.targetPeriod() : String.valueOf(t.year()))
                        .append(": ").append(t.operator()).append(' ').append(t.targetText());
            }
            sb.append("| `").append(id).append("` | ").append(first.modelId() == null ? "" : first.modelId()).append(" | ")
                    .append(cell(first.nameVi() == null ? first.nameEn() : first.nameVi())).append(" | ").append(cell(first.unit()))
                    .append(" | ").append(cell(due.toString())).append(" | ").append(cell(sources(targets))).append(" |\n");
        });
        return sb.toString();
    }

    /** The distinct source lines of a criterion's targets, in order. */
    static String sources(List<CriteriaCatalog.Target> targets) {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        for (CriteriaCatalog.Target t : targets) {
            if (t.source() == null) continue;
            for (String s : t.source().split(";")) if (!s.isBlank()) lines.add(s.trim());
        }
        return String.join("; ", lines);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
