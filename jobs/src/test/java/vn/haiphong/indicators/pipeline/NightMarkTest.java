package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.ingest.InboxScanner;
import vn.haiphong.indicators.lake.Commit;
import vn.haiphong.indicators.lake.Lake;

/** The mark of a complete night: its key moves with any table's version, the inbox, the logic and the constants. */
class NightMarkTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theKeyChangesWithAnyCommitFileLogicOrConstant() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("t", () -> spark().range(3).toDF(), Commit.overwrite("v0"));
        List<TableDef> tables = List.of(TableDef.gold("t", "a table"), TableDef.gold("never_built", "no table yet"));
        List<String> inbox = List.of("bhyt/bhyt_the_2026-03.csv|120|1700000000000");
        String key = NightMark.key(lake, inbox, tables, "v1");
        assertEquals(key, NightMark.key(lake, inbox, tables, "v1"), "nothing changed: the same key");
        assertNotEquals(key, NightMark.key(lake, List.of("bhyt/bhyt_the_2026-03.csv|120|1700000060000"), tables, "v1"),
                "a touched file");
        assertNotEquals(key, NightMark.key(lake, List.of(), tables, "v1"), "a file gone");
        assertNotEquals(key, NightMark.key(lake, inbox, tables, "v2"), "another logic version");
        assertNotEquals(key, NightMark.key(lake, inbox, List.of(TableDef.gold("t", "a table").dependsOn("catalog", "abc"),
                TableDef.gold("never_built", "no table yet")), "v1"), "another constant");
        lake.write("t", () -> spark().range(4).toDF(), Commit.overwrite("v1"));
        assertNotEquals(key, NightMark.key(lake, inbox, tables, "v1"), "a commit to a table");
    }

    @Test
    void theNewBytesAreThoseOfFilesTheMarkedNightDidNotSee() {
        InboxScanner.InboxFile march = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000000000L);
        InboxScanner.InboxFile april = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-04.csv", 300, 1700000000000L);
        InboxScanner.InboxFile marchTouched = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000060000L);
        NightMark.Recorded sawMarch = new NightMark.Recorded("k", "run-1", List.of(), Map.of(), Map.of(), List.of(march.key()));
        assertEquals(420, SmallNight.newBytes(List.of(march, april), null), "no mark: every file is new");
        assertEquals(300, SmallNight.newBytes(List.of(march, april), sawMarch), "March was seen");
        assertEquals(420, SmallNight.newBytes(List.of(marchTouched, april), sawMarch), "a touched file is looked at again");
        assertEquals(0, SmallNight.newBytes(List.of(march), sawMarch));
    }

    @Test
    void aMarkIsReadAsWrittenAndAnUnreadableOneIsNone() throws Exception {
        Lake lake = new Lake(spark(), dir.toString());
        assertNull(NightMark.read(lake), "no mark yet");
        NightMark.Recorded r = new NightMark.Recorded("k1", "run-7", List.of("mart_a", "silver_b"),
                Map.of("met", 53L, "not_met", 183L), Map.of("warning", 15L), List.of("bhyt/bhyt_the_2026-03.csv|120|1700000000000"));
        NightMark.write(lake, r);
        assertEquals(r, NightMark.read(lake));
        Files.writeString(dir.resolve(NightMark.FILE), "{\"key\": \"k1\", \"run\": \"run-6\", \"files_known\": 47, \"tables\": []}");
        assertNull(NightMark.read(lake), "a mark of an earlier version, without the inbox it saw, is no mark");
        Files.writeString(dir.resolve(NightMark.FILE), "{\"key\": \"k1\", \"tab"); // a write cut short
        assertNull(NightMark.read(lake), "a mark cut short is no mark: the night takes its full course");
        NightMark.clear(lake);
        assertNull(NightMark.read(lake));
    }
}
