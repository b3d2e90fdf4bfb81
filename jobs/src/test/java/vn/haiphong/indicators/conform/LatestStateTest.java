package vn.haiphong.indicators.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.lake.Commit;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.reference.Communes;

/** Latest-state-wins rules and the Delta MERGE that applies them to silver. */
class LatestStateTest extends SparkTestBase {
    @TempDir Path tmp;

    static LatestState source(String kind) {
        return LatestState.ALL.stream().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow();
    }

    static Dataset<Row> table(String columns, String values) {
        return spark().sql("SELECT * FROM VALUES " + values + " AS t(" + columns + ")");
    }

    @Test
    void anApplicationsLatestMonthWins() {
        Dataset<Row> bronze = table("_source_file, _checksum, _line, _run_id, period, application_number, status",
                "('noxh_ho_so_2026-08.csv', 'c8', 2L, 'r', '2026-08', 'H1', 'Đang xử lý'),"
                + "('noxh_ho_so_2026-09.csv', 'c9', 7L, 'r', '2026-09', 'H1', 'Đã duyệt'),"
                + "('noxh_ho_so_2026-08.csv', 'c8', 3L, 'r', '2026-08', 'H2', 'Đang xử lý')");
        Dataset<Row> silver = source("noxh_ho_so").latest(bronze, Communes.load().codeMap(spark()));
        assertRows("one row per application, its latest state", rows(
                        row("H1", "Đã duyệt", "2026-09", "noxh_ho_so_2026-09.csv", 7L),
                        row("H2", "Đang xử lý", "2026-08", "noxh_ho_so_2026-08.csv", 3L)),
                rowsToJava(silver.orderBy("application_number")
                        .select("application_number", "status", "period", "_source_file", "_line").collectAsList()));
        assertFalse(List.of(silver.columns()).contains("_checksum"), "lineage beyond file and line stays in bronze");
    }

    @Test
    void aFinalIndicatorValueReplacesAnEstimateAndALaterFileTheSameType() {
        Dataset<Row> bronze = table("_source_file, _line, period, indicator_code, year, value, value_type, commune_code",
                "('chi_tieu_kt_xh_2025.csv', 2L, '2025', 'g', 2025, 11.39, 'Ước tính', CAST(NULL AS STRING)),"
                + "('chi_tieu_kt_xh_2026.csv', 2L, '2026', 'g', 2025, 10.82, 'Chính thức', NULL),"
                // an estimate of 2025 in a later file does not replace the final value
                + "('chi_tieu_kt_xh_2027.csv', 9L, '2027', 'g', 2025, 12.00, 'Ước tính', NULL),"
                + "('chi_tieu_kt_xh_2026.csv', 3L, '2026', 'g', 2026, 12.10, 'Ước tính', NULL),"
                + "('chi_tieu_kt_xh_2027.csv', 3L, '2027', 'g', 2026, 12.40, 'Ước tính', NULL),"
                // a commune's value of the same indicator is its own series
                + "('chi_tieu_kt_xh_2026.csv', 4L, '2026', 'g', 2026, 9.50, 'Ước tính', '11411')");
        Dataset<Row> silver = source("chi_tieu_kt_xh").latest(bronze, Communes.load().codeMap(spark()));
        assertRows("value in force", rows(row(2025, 10.82, "Chính thức", "2026", null), row(2026, 12.40, "Ước tính", "2027", null),
                        row(2026, 9.50, "Ước tính", "2026", "11411")),
                rowsToJava(silver.orderBy(col("year"), col("commune_code").asc_nulls_first())
                        .selectExpr("year", "CAST(value AS DOUBLE)", "value_type", "period", "commune_code").collectAsList()));
    }

    @Test
    void schoolCensusRowsAreKeyedBySchoolYearWithCommunesMappedTo2025() {
        Dataset<Row> bronze = table("_source_file, _line, period, school_code, commune_code",
                "('truong_hoc_2024-2025.csv', 2L, '2024-2025', 'A', '11299'),"
                + "('truong_hoc_2025-2026.csv', 2L, '2025-2026', 'A', '11311')");
        Dataset<Row> silver = source("truong_hoc").latest(bronze, Communes.load().codeMap(spark()));
        assertRows("per school year", rows(row("2024-2025", "A", "11311", "11299"), row("2025-2026", "A", "11311", "11311")),
                rowsToJava(silver.orderBy("school_year").select("school_year", "school_code", "commune_code",
                        "commune_code_delivered").collectAsList()));
    }

    @Test
    void mergeUpdatesInsertsAndDeletesByKeyAndSkipsUnchangedInputs() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        String t = "silver_test";
        List<String> keys = List.of("k");
        assertTrue(lake.write(t, () -> table("k, v", "('a', 1), ('b', 2), ('c', 3)"), Commit.sync(keys, "fp-1")));
        assertFalse(lake.write(t, () -> table("k, v", "('a', 1)"), Commit.sync(keys, "fp-1")), "same inputs: not written");
        assertEquals(0, lake.version(t));

        assertTrue(lake.write(t, () -> table("k, v", "('a', 1), ('b', 20), ('d', 4)"), Commit.sync(keys, "fp-2")));
        assertRows("after the merge", rows(row("a", 1), row("b", 20), row("d", 4)),
                rowsToJava(lake.read(t).orderBy("k").collectAsList()));
        Row last = DeltaTable.forPath(spark(), lake.path(t)).history(1).first();
        assertEquals("MERGE", last.getAs("operation"));
        assertEquals("fp-2", last.getAs("userMetadata"));
        scala.collection.Map<String, String> m = last.getAs("operationMetrics");
        Map<String, String> metrics = scala.jdk.javaapi.CollectionConverters.asJava(m);
        assertEquals("1", metrics.get("numTargetRowsUpdated"), "b changed");
        assertEquals("1", metrics.get("numTargetRowsInserted"), "d is new");
        assertEquals("1", metrics.get("numTargetRowsDeleted"), "c is gone");
    }

    @Test
    void aSilverTableWhoseShapeChangedIsRebuiltWhole() {
        Lake lake = new Lake(spark(), tmp.resolve("lake2").toString());
        List<String> keys = List.of("k");
        lake.write("silver_shape", () -> table("k, v", "('a', 1)"), Commit.sync(keys, "fp-1"));
        assertTrue(lake.write("silver_shape", () -> table("k, v, w", "('a', 1, 'x')"), Commit.sync(keys, "fp-2")));
        assertRows("new column", rows(row("a", 1, "x")), rowsToJava(lake.read("silver_shape").collectAsList()));
        assertEquals("WRITE", DeltaTable.forPath(spark(), lake.path("silver_shape")).history(1).first().getAs("operation"));
        assertTrue(lake.write("silver_shape", () -> table("k, v, w", "('a', 2, 'x')"), Commit.sync(keys, "fp-3")));
        assertEquals("MERGE", DeltaTable.forPath(spark(), lake.path("silver_shape")).history(1).first().getAs("operation"),
                "same shape again: merged");
    }
}
