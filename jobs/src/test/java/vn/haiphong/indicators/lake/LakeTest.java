package vn.haiphong.indicators.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;

/** What the Delta log says of a table's last commit: version, metadata, and the rows it added (ingest's accounting). */
class LakeTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theCommitsOfAWriteReportTheRowsItAdded() {
        Lake lake = new Lake(spark(), dir.toString());
        long before = lake.version("t");
        assertEquals(-1, before);
        lake.write("t", () -> spark().range(5).selectExpr("id", "cast(id % 2 as string) as part"), Commit.overwrite("first"));
        Lake.TableState s = lake.state("t");
        assertEquals(0, s.version());
        assertEquals("first", s.userMetadata());
        assertEquals(5, lake.rowsAddedSince("t", before), "an overwrite of 5 rows");
        lake.write("t", () -> spark().range(2).selectExpr("id", "'0' as part"), Commit.replaceWhere("part = '0'", null));
        assertEquals(1, lake.state("t").version());
        // the rewritten file's two rows of part '1' are carried over, not added
        assertEquals(2, lake.rowsAddedSince("t", 0), "a replaceWhere of 2 rows");
        assertEquals(7, lake.rowsAddedSince("t", -1), "both commits");
        assertEquals(4, lake.read("t").count(), "3 rows of part '0' replaced by 2; 2 of part '1' kept");
    }

    /**
     * A write with nothing to add or remove (an empty quarantine, a correction of a header alone) makes no commit: what
     * it added is 0, not what the table's latest commit, an earlier night's, added.
     */
    @Test
    void aWriteOfNoRowsAddsNoneEvenWhenTheTableHasEarlierCommits() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("q", () -> spark().range(3).selectExpr("id", "'a' as part"), Commit.replaceWhere("part = 'a'", null));
        long before = lake.version("q");
        lake.write("q", () -> spark().range(0).selectExpr("id", "'b' as part"), Commit.replaceWhere("part = 'b'", null));
        assertEquals(0, lake.rowsAddedSince("q", before), "nothing written for part 'b'");
        assertEquals(3, lake.read("q").count());
    }

    @Test
    void aTableWrittenWholeIsCreatedByItsFirstWriteAndReplacedByTheNext() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("w", () -> spark().range(3).selectExpr("id", "'a' as v"), Commit.overwrite("one"));
        // created, not overwritten: an overwrite would first query the table that does not exist yet for files to remove
        assertEquals(List.of("ErrorIfExists"), io.delta.tables.DeltaTable.forPath(spark(), lake.path("w")).history()
                .selectExpr("operationParameters['mode']").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        lake.write("w", () -> spark().range(10, 12).selectExpr("id", "'b' as v"), Commit.overwrite("two"));
        assertEquals("two", lake.state("w").userMetadata());
        assertRows("the second write replaced the first", rows(row(10L, "b"), row(11L, "b")),
                rowsToJava(lake.read("w").orderBy("id").collectAsList()));

        // a lake that last looked before another created the table refuses to create it again, rather than add to it
        Lake stale = new Lake(spark(), dir.toString());
        assertFalse(stale.exists("x"));
        lake.write("x", () -> spark().range(2).selectExpr("id", "'a' as v"), Commit.overwrite("first"));
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> stale.write("x", () -> spark().range(5).selectExpr("id", "'c' as v"), Commit.overwrite("second")));
        assertTrue(refused.getMessage().contains("DELTA_PATH_EXISTS"), refused.getMessage());
        assertEquals(2, lake.read("x").count(), "the table as its creator wrote it");
    }

    @Test
    void keptRowsServeReadsWhileTheTableIsStillAtTheirVersion() {
        Lake lake = new Lake(spark(), dir.toString());
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows =
                spark().range(3).selectExpr("id", "'a' as v").coalesce(1).localCheckpoint(false, org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        lake.write("k", () -> rows, Commit.overwrite("one"));
        lake.keep("k", lake.version("k"), rows);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> served = lake.read("k");
        assertEquals(0, served.inputFiles().length, "served from the kept rows, not from the table's files");
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> fromDelta = new Lake(spark(), dir.toString()).read("k");
        assertTrue(fromDelta.inputFiles().length > 0);
        assertEquals(fromDelta.schema(), served.schema(), "columns nullable, as Delta stores them");
        assertFalse(rows.schema().apply("id").nullable(), "(the rows themselves say id is never null)");
        assertRows("the kept rows are the table's", rowsToJava(fromDelta.orderBy("id").collectAsList()),
                rowsToJava(served.orderBy("id").collectAsList()));

        // another process commits: once this lake looks again, it reads the table
        new Lake(spark(), dir.toString()).write("k", () -> spark().range(5).selectExpr("id", "'b' as v"), Commit.overwrite("two"));
        assertEquals(0, lake.read("k").inputFiles().length, "until refreshed, this lake still sees version 0");
        lake.refresh();
        assertEquals(5, lake.read("k").count(), "after a refresh: the new commit");
        assertTrue(lake.read("k").inputFiles().length > 0);

        // this lake writes the table itself: the kept rows are dropped, and Spark frees them
        lake.keep("k", lake.version("k"), rows); // (as if they were that version's)
        org.apache.spark.rdd.RDD<?> checkpoint = ((org.apache.spark.sql.execution.LogicalRDD) rows.queryExecution().analyzed()).rdd();
        assertTrue(checkpoint.getStorageLevel().isValid(), "held while kept");
        lake.write("k", () -> spark().range(7).selectExpr("id", "'c' as v"), Commit.overwrite("three"));
        assertFalse(checkpoint.getStorageLevel().isValid(), "freed once the table moved on");
        assertEquals(7, lake.read("k").count());
    }

    @Test
    void onlyTablesReplacedByConditionCollectColumnStatistics() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("whole", () -> spark().range(5).selectExpr("id", "cast(id % 2 as string) as part"), Commit.overwrite(null));
        assertFalse(lake.state("whole").columnStatistics(), "an overwritten table keeps its row count only");
        lake.write("merged", () -> spark().range(5).selectExpr("id", "id * 10 as v"), Commit.sync(List.of("id"), null));
        lake.write("merged", () -> spark().range(6).selectExpr("id", "id * 10 as v"), Commit.sync(List.of("id"), null));
        assertFalse(lake.state("merged").columnStatistics(), "a merged table neither");
        lake.write("parts", () -> spark().range(5).selectExpr("id", "cast(id % 2 as string) as part"), Commit.replaceWhere("part = '0'", null));
        assertTrue(lake.state("parts").columnStatistics(), "a table replaced by condition is read filtered: statistics");
    }
}
