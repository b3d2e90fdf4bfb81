package vn.haiphong.indicators.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Silver for the sources whose rows are states of a keyed thing (a school in a school year, an
 * application, an inspection, an indicator's value for a year): one row per key, the preferred
 * delivered row winning. {@link vn.haiphong.indicators.lake.Lake#mergeByKey} then applies it to the
 * silver table with a Delta MERGE, so a re-delivery or a later month updates rather than duplicates.
 *
 * @param table      the silver table
 * @param kind       the file kind it is built from
 * @param keys       the business key
 * @param preference SQL order of the delivered rows of one key, best first
 * @param periodAs   the name of the file's period in silver (the census's period is its school year)
 */
public record LatestState(String table, String kind, List<String> keys, String preference, String periodAs) {

    public LatestState(String table, String kind, List<String> keys, String preference) {
        this(table, kind, keys, preference, "period");
    }

    /** Every latest-state source, in the order of the contracts. */
    public static final List<LatestState> ALL = List.of(
            // One census per school year; a school listed twice in one file: the later line.
            new LatestState("silver_schools", "truong_hoc", List.of("school_year", "school_code"), "_line DESC", "school_year"),
            new LatestState("silver_school_assessments", "danh_gia_xhcn",
                    List.of("school_code", "assessment_date", "criterion_code"), "_line DESC"),
            // Month-end snapshots: one row per project and month.
            new LatestState("silver_sh_projects", "noxh_du_an", List.of("period", "project_code"), "_line DESC"),
            // An application reappears when its status changes: the latest month's row wins.
            new LatestState("silver_sh_applications", "noxh_ho_so", List.of("application_number"), "period DESC, _line DESC"),
            new LatestState("silver_tourism_inspections", "co_so_du_lich", List.of("business_code", "inspected_on"),
                    "period DESC, _line DESC"),
            new LatestState("silver_plastic_weighings", "rac_nhua", List.of("site_code", "weighed_on"), "period DESC, _line DESC"),
            // A final value replaces an estimate; among the same type, the later file's value wins.
            new LatestState("silver_city_indicators", "chi_tieu_kt_xh", List.of("indicator_code", "year"),
                    "CASE value_type WHEN 'Chính thức' THEN 0 ELSE 1 END, period DESC, _line DESC"));

    /** Lineage kept in silver besides the source's own columns. */
    static final List<String> LINEAGE_KEPT = List.of("_source_file", "_line");

    /**
     * The winning row of each key among the active bronze rows, with communes mapped to their 2025
     * code (the delivered code kept as {@code commune_code_delivered}).
     */
    public Dataset<Row> latest(Dataset<Row> activeBronze, Dataset<Row> codeMap) {
        Dataset<Row> rows = Arrays.asList(activeBronze.columns()).contains("commune_code")
                ? HealthConform.toCurrentCommunes(activeBronze, codeMap) : activeBronze;
        rows = rows.withColumnRenamed("period", periodAs);
        Column[] partition = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column[] order = Arrays.stream(preference.split(",")).map(String::strip)
                .map(o -> org.apache.spark.sql.functions.expr(o.replaceAll("(?i)\\s+DESC$", "")))
                .toArray(Column[]::new);
        String[] parts = preference.split(",");
        for (int i = 0; i < parts.length; i++) if (parts[i].strip().toUpperCase().endsWith(" DESC")) order[i] = order[i].desc();
        List<String> keep = new ArrayList<>();
        for (String c : rows.columns()) {
            if (c.startsWith("_") && !LINEAGE_KEPT.contains(c)) continue; // checksum, run id, time, extra columns stay in bronze
            keep.add(c);
        }
        return rows.withColumn("_rank", row_number().over(Window.partitionBy(partition).orderBy(order)))
                .where(col("_rank").equalTo(1))
                .select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }
}
