package vn.haiphong.indicators.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.config.ClasspathCsv;

/**
 * What is published to BI tools is disclosure-controlled; gold keeps exact figures. The rules are data,
 * {@code conf/disclosure.csv}: per table, the columns that count persons ({@code count}), whose cells from 1 to
 * {@code minCount - 1} are suppressed with secondary suppression against every published total
 * ({@link CellSuppression}; the totals are {@code conf/disclosure_margins.csv}: the city and its communes, a level
 * "all" and the levels, ...), and the rates on such a count
 * ({@code rate}, with its numerator), suppressed when the numerator is suppressed or below
 * {@code minRateNumerator}. A suppressed cell is null, and the column {@code <column>_suppressed} says why
 * ({@code small_count}, {@code secondary}, {@code small_numerator}).
 */
public final class Disclosure {
    private Disclosure() { }

    public static final String RESOURCE = "/conf/disclosure.csv";
    public static final String SMALL_NUMERATOR = "small_numerator";

    /** One rule: a count column, or a rate column on its numerator. */
    public record Rule(String table, String column, String kind, String numerator) { }

    public static List<Rule> load() {
        List<Rule> out = new ArrayList<>();
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            String kind = r.get("kind").trim();
            if (!kind.equals("count") && !kind.equals("rate")) {
                throw new IllegalArgumentException("conf/disclosure.csv line " + (r.getRecordNumber() + 1) + " column 'kind': expected count or rate, got '" + kind + "'");
            }
            out.add(new Rule(r.get("table").trim(), r.get("column").trim(), kind, r.get("numerator").trim()));
        }
        return out;
    }

    public static List<Rule> of(List<Rule> rules, String table) {
        return rules.stream().filter(r -> r.table().equals(table)).toList();
    }

    /**
     * A published total along one dimension ({@code conf/disclosure_margins.csv}): the rows matching {@code total} add
     * up the rows matching {@code members} that agree with it on the {@code same} columns (the city and the communes
     * of a month; a school level "all" and the levels of a commune and year).
     */
    public record Margin(String table, Condition total, Condition members, List<String> same) { }

    /** {@code column=value} or {@code column<>value}. */
    public record Condition(String column, String value, boolean equal) {
        static Condition parse(String text) {
            boolean not = text.contains("<>");
            String[] p = text.split(not ? "<>" : "=", 2);
            return new Condition(p[0].trim(), p[1].trim(), !not);
        }

        boolean test(Row r, List<String> columns) {
            return String.valueOf(r.get(columns.indexOf(column))).equals(value) == equal;
        }
    }

    public static final String MARGINS = "/conf/disclosure_margins.csv";

    public static List<Margin> margins() {
        List<Margin> out = new ArrayList<>();
        for (CSVRecord r : ClasspathCsv.records(MARGINS)) {
            out.add(new Margin(r.get("table").trim(), Condition.parse(r.get("total")), Condition.parse(r.get("members")),
                    List.of(r.get("same").trim().split("\\+"))));
        }
        return out;
    }

    /** The table as published, with the margins of {@code conf/disclosure_margins.csv}. */
    public static Dataset<Row> apply(Dataset<Row> table, List<Rule> rules, long minCount, long minRateNumerator, SparkSession spark) {
        if (rules.isEmpty()) return table;
        String name = rules.get(0).table();
        return apply(table, rules, margins().stream().filter(m -> m.table().equals(name)).toList(), minCount, minRateNumerator, spark);
    }

    /**
     * The table as published: every controlled column suppressed where it must be, with its reason column.
     *
     * @param margins the published totals the table's rows form ({@link CellSuppression} protects every suppressed cell
     *                against all of them at once); none: primary suppression only
     */
    public static Dataset<Row> apply(Dataset<Row> table, List<Rule> rules, List<Margin> margins, long minCount, long minRateNumerator,
                                     SparkSession spark) {
        if (rules.isEmpty()) return table;
        List<String> columns = List.of(table.columns());
        List<Row> rows = table.collectAsList();
        List<CellSuppression.Relation> relations = relations(rows, columns, margins);
        Map<String, String> reasons = new LinkedHashMap<>(); // "row|column" -> reason
        for (Rule rule : rules) {
            if (!rule.kind().equals("count")) continue;
            int c = columns.indexOf(rule.column());
            if (c < 0) throw new IllegalArgumentException("conf/disclosure.csv: " + rule.table() + " has no column " + rule.column());
            Long[] cells = new Long[rows.size()];
            for (int i = 0; i < cells.length; i++) cells[i] = number(rows.get(i).get(c));
            // a null cell (no data) is not part of its total's sum; a null total is no constraint a reader can use
            List<CellSuppression.Relation> usable = relations.stream().filter(r -> cells[r.total()] != null)
                    .map(r -> new CellSuppression.Relation(r.total(), java.util.Arrays.stream(r.members())
                            .filter(m -> cells[m] != null).toArray())).toList();
            CellSuppression.suppress(cells, usable, minCount).forEach((i, why) -> reasons.put(i + "|" + rule.column(), why));
        }
        for (Rule rule : rules) {
            if (!rule.kind().equals("rate")) continue;
            int n = columns.indexOf(rule.numerator());
            for (int i = 0; i < rows.size(); i++) {
                String numeratorReason = reasons.get(i + "|" + rule.numerator());
                Long numerator = number(rows.get(i).get(n));
                if (numeratorReason != null) reasons.put(i + "|" + rule.column(), numeratorReason);
                else if (numerator != null && numerator > 0 && numerator < minRateNumerator) reasons.put(i + "|" + rule.column(), SMALL_NUMERATOR);
            }
        }
        List<String> controlled = rules.stream().map(Rule::column).toList();
        // a suppressed cell is null: the controlled columns become nullable whatever gold declared
        StructType schema = new StructType();
        for (org.apache.spark.sql.types.StructField f : table.schema().fields()) {
            schema = schema.add(f.name(), f.dataType(), f.nullable() || controlled.contains(f.name()), f.metadata());
        }
        for (String c : controlled) schema = schema.add(c + "_suppressed", DataTypes.StringType);
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object[] v = new Object[schema.size()];
            for (int c = 0; c < columns.size(); c++) {
                v[c] = reasons.containsKey(i + "|" + columns.get(c)) ? null : rows.get(i).get(c);
            }
            for (int k = 0; k < controlled.size(); k++) v[columns.size() + k] = reasons.get(i + "|" + controlled.get(k));
            out.add(RowFactory.create(v));
        }
        return spark.createDataFrame(out, schema);
    }

    /** The relations the margins form among the rows: each total row with the member rows that agree with it. */
    static List<CellSuppression.Relation> relations(List<Row> rows, List<String> columns, List<Margin> margins) {
        List<CellSuppression.Relation> out = new ArrayList<>();
        for (Margin m : margins) {
            Map<List<Object>, Integer> totals = new LinkedHashMap<>();
            Map<List<Object>, List<Integer>> members = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                List<Object> key = new ArrayList<>();
                for (String c : m.same()) key.add(r.get(columns.indexOf(c)));
                if (m.total().test(r, columns)) totals.put(key, i);
                else if (m.members().test(r, columns)) members.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
            totals.forEach((key, total) -> {
                List<Integer> of = members.get(key);
                if (of != null) out.add(new CellSuppression.Relation(total, of.stream().mapToInt(Integer::intValue).toArray()));
            });
        }
        return out;
    }

    private static Long number(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
