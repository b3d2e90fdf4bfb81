package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.ingest.InboxScanner;
import vn.haiphong.indicators.lake.Lake;

/** The last night's summary, and what a night counts as new in its inbox. */
class LastNightTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theNewBytesAreThoseOfFilesTheIngestDidNotSee() {
        InboxScanner.InboxFile march = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000000000L);
        InboxScanner.InboxFile april = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-04.csv", 300, 1700000000000L);
        InboxScanner.InboxFile marchTouched = new InboxScanner.InboxFile("bhyt", "bhyt_the_2026-03.csv", 120, 1700000060000L);
        List<String> sawMarch = List.of(march.key());
        assertEquals(420, SmallNight.newBytes(List.of(march, april), List.of()), "no record: every file is new");
        assertEquals(300, SmallNight.newBytes(List.of(march, april), sawMarch), "March was seen");
        assertEquals(420, SmallNight.newBytes(List.of(marchTouched, april), sawMarch), "a touched file is looked at again");
        assertEquals(0, SmallNight.newBytes(List.of(march), sawMarch));
    }

    @Test
    void aSummaryIsReadAsWrittenAndAnUnreadableOneIsNone() throws Exception {
        Lake lake = new Lake(spark(), dir.toString());
        assertNull(LastNight.read(lake), "no record yet");
        assertEquals("mart_criteria_scorecard@-1,ops_alerts@-1", LastNight.counted(lake), "neither table yet");
        LastNight.Recorded r = new LastNight.Recorded("run-7", "mart_criteria_scorecard@4,ops_alerts@2",
                Map.of("met", 53L, "not_met", 183L), Map.of("warning", 15L));
        LastNight.write(lake, r);
        assertEquals(r, LastNight.read(lake));
        Files.writeString(dir.resolve(LastNight.FILE), "{\"run\": \"run-6\", \"scorecard\": {}, \"alerts\": {}}");
        assertNull(LastNight.read(lake), "an earlier version's summary, without the versions it counted, is none");
        Files.writeString(dir.resolve(LastNight.FILE), "{\"run\": \"run-6\", \"scor"); // a write cut short
        assertNull(LastNight.read(lake), "a record cut short is none: the night reads the tables");
    }
}
