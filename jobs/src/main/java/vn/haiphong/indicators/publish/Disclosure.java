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
 * {@code minCount - 1} are suppressed with secondary suppression against the published total
 * ({@link CellSuppression}: the communes of a period against the city), and the rates on such a count
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
     * The table as published: every controlled column suppressed where it must be, with its reason column.
     *
     * @param table  a gold table with {@code area_level} ({@code city} / {@code commune}), {@code area_code} and
     *               {@code period}: the cells of a period's communes add up to the city's
     */
    public static Dataset<Row> apply(Dataset<Row> table, List<Rule> rules, long minCount, long minRateNumerator, SparkSession spark) {
        if (rules.isEmpty()) return table;
        List<String> columns = List.of(table.columns());
        List<Row> rows = table.collectAsList();
        int level = columns.indexOf("area_level");
        int period = columns.indexOf("period");
        Map<String, String> reasons = new LinkedHashMap<>(); // "row|column" -> reason
        for (Rule rule : rules) {
            if (!rule.kind().equals("count")) continue;
            int c = columns.indexOf(rule.column());
            if (c < 0) throw new IllegalArgumentException("conf/disclosure.csv: " + rule.table() + " has no column " + rule.column());
            Map<String, List<Integer>> communes = new TreeMap<>();
            Map<String, Integer> city = new TreeMap<>();
            for (int i = 0; i < rows.size(); i++) {
                String p = String.valueOf(rows.get(i).get(period));
                if ("commune".equals(rows.get(i).get(level))) communes.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                else if ("city".equals(rows.get(i).get(level))) city.put(p, i);
            }
            for (Map.Entry<String, List<Integer>> group : communes.entrySet()) {
                List<Integer> members = group.getValue();
                Long[] cells = new Long[members.size()];
                for (int k = 0; k < cells.length; k++) cells[k] = number(rows.get(members.get(k)).get(c));
                Integer totalRow = city.get(group.getKey());
                Long total = totalRow == null ? null : number(rows.get(totalRow).get(c));
                CellSuppression.suppress(cells, total, minCount).forEach((k, why) ->
                        reasons.put((k < 0 ? totalRow : members.get(k)) + "|" + rule.column(), why));
            }
            // a city total with no communes (no breakdown published): primary suppression only
            for (Map.Entry<String, Integer> total : city.entrySet()) {
                if (communes.containsKey(total.getKey())) continue;
                Long v = number(rows.get(total.getValue()).get(c));
                if (v != null && v > 0 && v < minCount) reasons.put(total.getValue() + "|" + rule.column(), CellSuppression.PRIMARY);
            }
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

    private static Long number(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
