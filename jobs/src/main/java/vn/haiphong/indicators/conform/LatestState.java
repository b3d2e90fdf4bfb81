package vn.haiphong.indicators.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

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
 * @param preference order of the delivered rows of one key, best first
 * @param periodAs   the name of the file's period in silver (the census's period is its school year)
 */
public record LatestState(String table, String kind, List<String> keys, List<Column> preference, String periodAs) {

    public LatestState(String table, String kind, List<String> keys, List<Column> preference) {
        this(table, kind, keys, preference, "period");
    }

    private static final List<Column> LAST_LINE = List.of(col("_line").desc());
    private static final List<Column> LATEST_MONTH = List.of(col("period").desc(), col("_line").desc());

    /** Every latest-state source, in the order of the contracts. */
    public static final List<LatestState> ALL = List.of(
            // One census per school year; a school listed twice in one file: the later line.
            new LatestState("silver_schools", "truong_hoc", List.of("school_year", "school_code"), LAST_LINE, "school_year"),
            new LatestState("silver_school_assessments", "danh_gia_xhcn",
                    List.of("school_code", "assessment_date", "criterion_code"), LAST_LINE),
            // Month-end snapshots: one row per project and month.
            new LatestState("silver_sh_projects", "noxh_du_an", List.of("period", "project_code"), LAST_LINE),
            // An application reappears when its status changes: the latest month's row wins.
            new LatestState("silver_sh_applications", "noxh_ho_so", List.of("application_number"), LATEST_MONTH),
            new LatestState("silver_tourism_inspections", "co_so_du_lich", List.of("business_code", "inspected_on"),
                    LATEST_MONTH),
            new LatestState("silver_plastic_weighings", "rac_nhua", List.of("site_code", "weighed_on"), LATEST_MONTH),
            // One score per commune, model and criterion a year; a _v2 of the year replaces the file.
            new LatestState("silver_commune_assessments", "danh_gia_mo_hinh_xa",
                    List.of("year", "commune_code", "model", "criterion_code"), LAST_LINE),
            // A final value replaces an estimate; among the same type, the later file's value wins. An empty
            // commune is the whole city.
            new LatestState("silver_city_indicators", "chi_tieu_kt_xh", List.of("indicator_code", "commune_code", "year"),
                    List.of(when(col("value_type").equalTo("Chính thức"), 0).otherwise(1), col("period").desc(),
                            col("_line").desc())));

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
        List<String> keep = new ArrayList<>();
        for (String c : rows.columns()) {
            if (c.startsWith("_") && !LINEAGE_KEPT.contains(c)) continue; // checksum, run id, time, extra columns stay in bronze
            keep.add(c);
        }
        return rows.withColumn("_rank", row_number().over(Window.partitionBy(partition).orderBy(preference.toArray(Column[]::new))))
                .where(col("_rank").equalTo(1))
                .select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }
}
