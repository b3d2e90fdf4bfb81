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

/** What the last complete night recorded: the ingest's fingerprint moves with the inbox, the ingest's tables and the logic. */
class LastNightTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theIngestsFingerprintChangesWithTheInboxItsTablesAndTheLogicOnly() {
        Lake lake = new Lake(spark(), dir.toString());
        lake.write("ops_file_ingestion", () -> spark().range(3).toDF(), Commit.overwrite("v0"));
        lake.write("mart_t", () -> spark().range(3).toDF(), Commit.overwrite("v0"));
        List<TableDef> ingested = List.of(TableDef.ops("ops_file_ingestion", "the ledger"), TableDef.ops("bronze_never", "no table yet"));
        List<String> inbox = List.of("bhyt/bhyt_the_2026-03.csv|120|1700000000000");
        String fp = LastNight.ingestFingerprint(lake, inbox, ingested, "v1");
        assertEquals(fp, LastNight.ingestFingerprint(lake, inbox, ingested, "v1"), "nothing changed: the same fingerprint");
        assertNotEquals(fp, LastNight.ingestFingerprint(lake, List.of("bhyt/bhyt_the_2026-03.csv|120|1700000060000"), ingested, "v1"),
                "a touched file");
        assertNotEquals(fp, LastNight.ingestFingerprint(lake, List.of(), ingested, "v1"), "a file gone");
        assertNotEquals(fp, LastNight.ingestFingerprint(lake, inbox, ingested, "v2"), "another logic version or year");
        lake.write("mart_t", () -> spark().range(4).toDF(), Commit.overwrite("v1"));
        assertEquals(fp, LastNight.ingestFingerprint(lake, inbox, ingested, "v1"), "a mart's commit is its own fingerprint's business");
        lake.write("ops_file_ingestion", () -> spark().range(4).toDF(), Commit.overwrite("v1"));
        assertNotEquals(fp, LastNight.ingestFingerprint(lake, inbox, ingested, "v1"), "a commit to the ledger (accept, a restore)");
    }

    @Test
    void theNewBytesAreThoseOfFilesTheRecordedNightDidNotSee() {
        InboxScanner.InboxFile march = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000000000L);
        InboxScanner.InboxFile april = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-04.csv", 300, 1700000000000L);
        InboxScanner.InboxFile marchTouched = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000060000L);
        LastNight.Recorded sawMarch = new LastNight.Recorded("k", Map.of(), "run-1", Map.of(), Map.of(), List.of(march.key()));
        assertEquals(420, SmallNight.newBytes(List.of(march, april), null), "no record: every file is new");
        assertEquals(300, SmallNight.newBytes(List.of(march, april), sawMarch), "March was seen");
        assertEquals(420, SmallNight.newBytes(List.of(marchTouched, april), sawMarch), "a touched file is looked at again");
        assertEquals(0, SmallNight.newBytes(List.of(march), sawMarch));
    }

    @Test
    void aRecordIsReadAsWrittenAndAnUnreadableOneIsNone() throws Exception {
        Lake lake = new Lake(spark(), dir.toString());
        assertNull(LastNight.read(lake), "no record yet");
        LastNight.Recorded r = new LastNight.Recorded("k1", Map.of("bhyt_the", "0a1b2c3d4e5f6a7b"), "run-7",
                Map.of("met", 53L, "not_met", 183L), Map.of("warning", 15L), List.of("bhyt/bhyt_the_2026-03.csv|120|1700000000000"));
        LastNight.write(lake, r);
        assertEquals(r, LastNight.read(lake));
        Files.writeString(dir.resolve(LastNight.FILE), "{\"key\": \"k1\", \"run\": \"run-6\", \"tables\": [], \"inbox\": []}");
        assertNull(LastNight.read(lake), "an earlier version's record, without the ingest's fingerprint, is none");
        Files.writeString(dir.resolve(LastNight.FILE), "{\"ingest\": \"k1\", \"deli"); // a write cut short
        assertNull(LastNight.read(lake), "a record cut short is none: the ingest runs");
        LastNight.clear(lake);
        assertNull(LastNight.read(lake));
    }
}
