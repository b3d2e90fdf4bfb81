package vn.haiphong.indicators.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;

/** What the Delta log says of a table's last commit: version, metadata, and the rows it added (ingest's accounting). */
class LakeTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theLastCommitReportsTheRowsItAdded() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("t", () -> spark().range(5).selectExpr("id", "cast(id % 2 as string) as part"), Commit.overwrite("first"));
        Lake.TableState s = lake.state("t");
        assertEquals(0, s.version());
        assertEquals("first", s.userMetadata());
        assertEquals(5, s.addedRows(), "an overwrite of 5 rows");
        lake.write("t", () -> spark().range(2).selectExpr("id", "'0' as part"), Commit.replaceWhere("part = '0'", null));
        assertEquals(1, lake.state("t").version());
        // the rewritten file's two rows of part '1' are carried over, not added
        assertEquals(2, lake.state("t").addedRows(), "a replaceWhere of 2 rows");
        assertEquals(4, lake.read("t").count(), "3 rows of part '0' replaced by 2; 2 of part '1' kept");
    }
}
