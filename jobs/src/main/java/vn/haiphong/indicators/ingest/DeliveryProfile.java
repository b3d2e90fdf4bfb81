package vn.haiphong.indicators.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.graph.ActiveDelivery;

/**
 * A delivery's profile, fixed once its rows are in bronze (its checksum names its bytes): the rows stored, the share of
 * nulls in every stored column and the sum of every count and amount column. The ingest observes it as it writes bronze
 * ({@link #aggregates}, one set of aggregates per delivery in the write's observation) and stores the profiles in
 * {@code ops_delivery_profiles}, from which the data-quality metrics take those of the deliveries in force. (A card
 * delivery's distinct persons, which no observation can count, come from the grouping of its cards by person that
 * silver makes anyway: {@code quality.DeliveryMetrics}.)
 *
 * <p>Sums of decimals and amounts are taken as exact decimals, so that a profile does not depend on the order in which
 * its rows were read (one file of a night, or one of twelve in a rebuild).
 */
public final class DeliveryProfile {
    private DeliveryProfile() { }

    public static final String NULL_SHARE = "null_share", SUM = "sum", BRONZE_ROWS = "bronze_rows";

    /** The metrics a profile holds (a lake's first profiles held distinct persons too). */
    public static final List<String> METRICS = List.of(NULL_SHARE, SUM, BRONZE_ROWS);

    public static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("period", DataTypes.StringType, true)
            .add("file_name", DataTypes.StringType, false)
            .add("checksum", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("instance", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true);

    /** Whole to 6 places: the contract's decimals have at most 2, amounts none. */
    private static final org.apache.spark.sql.types.DecimalType EXACT = DataTypes.createDecimalType(38, 6);

    /** What is profiled in a kind's stored columns: nulls of every one, sums of the counts and amounts that are not personal. */
    private record Measured(String column, boolean summed) { }

    private static List<Measured> measured(ExtractSpec spec) {
        List<String> stored = List.of(spec.bronzeSchema().fieldNames());
        List<Measured> out = new ArrayList<>();
        for (ColumnSpec c : spec.columns()) {
            if (c.storedAs() == null || !stored.contains(c.storedAs())) continue;
            out.add(new Measured(c.storedAs(), List.of("count", "decimal", "amount").contains(c.type()) && !c.isPersonal()));
        }
        return out;
    }

    /**
     * The aggregates of one delivery's profile over rows where {@code mine} holds (its bronze rows), named with
     * {@code suffix}: read back with {@link #profile}.
     */
    static List<Column> aggregates(ExtractSpec spec, Column mine, String suffix) {
        List<Column> out = new ArrayList<>();
        out.add(count_if(mine).as("rows" + suffix));
        for (Measured m : measured(spec)) {
            out.add(count_if(mine.and(col(m.column()).isNull())).as("nulls_" + m.column() + suffix));
            if (m.summed()) out.add(sum(when(mine, col(m.column()).cast(EXACT))).as("sum_" + m.column() + suffix));
        }
        return out;
    }

    /**
     * A delivery's profile rows from the values of its {@link #aggregates} (by name); none for a delivery with no bronze
     * row, as a grouping of bronze by delivery would find none.
     */
    static List<Row> profile(ExtractSpec spec, ActiveDelivery d, Map<String, Object> values, String suffix) {
        List<Row> out = new ArrayList<>();
        long rows = ((Number) values.get("rows" + suffix)).longValue();
        if (rows == 0) return out;
        for (Measured m : measured(spec)) {
            long nulls = ((Number) values.get("nulls_" + m.column() + suffix)).longValue();
            out.add(row(spec, d, NULL_SHARE, m.column(), (double) nulls / rows));
            if (m.summed()) {
                Object s = values.get("sum_" + m.column() + suffix);
                out.add(row(spec, d, SUM, m.column(), s == null ? null : ((BigDecimal) s).doubleValue()));
            }
        }
        out.add(row(spec, d, BRONZE_ROWS, "", (double) rows));
        return out;
    }

    private static Row row(ExtractSpec spec, ActiveDelivery d, String metric, String instance, Double value) {
        return RowFactory.create(spec.kind(), d.period(), d.fileName(), d.checksum(), metric, instance, value);
    }

    /**
     * The profiles of deliveries already in bronze, grouped by delivery: for a lake whose deliveries were ingested before
     * profiles were stored, the same aggregates over the same rows.
     */
    public static List<Row> ofBronze(ExtractSpec spec, Dataset<Row> bronze, List<ActiveDelivery> deliveries) {
        Map<String, Map<String, Object>> values = new HashMap<>();
        List<Column> aggs = aggregates(spec, org.apache.spark.sql.functions.lit(true), "");
        for (Row r : bronze.groupBy("_checksum").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collectAsList()) {
            Map<String, Object> v = new HashMap<>();
            for (String f : r.schema().fieldNames()) v.put(f, r.getAs(f));
            values.put(r.getString(0), v);
        }
        List<Row> out = new ArrayList<>();
        for (ActiveDelivery d : deliveries) {
            Map<String, Object> v = values.get(d.checksum());
            if (v != null) out.addAll(profile(spec, d, v, ""));
        }
        return out;
    }
}
