package vn.haiphong.indicators.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client compiler alone for a small night (what is new to it against the lake's last mark), both compilers (the
 * JVM's defaults) whenever the night may be large or cannot be measured before its JVM starts.
 */
class JitChoiceTest {
    @TempDir Path inbox;
    @TempDir Path lake;

    private Path file(String folderAndName, int bytes) throws Exception {
        Path f = inbox.resolve(folderAndName);
        Files.createDirectories(f.getParent());
        return Files.write(f, new byte[bytes]);
    }

    @Test
    void aNightIsSmallByItsNewFilesNotByItsInbox() throws Exception {
        Path march = file("bhyt/bhyt_the_2026-03.csv", 600);
        file("bhyt/bhyt_the_2026-04.csv", 500);
        file("bhyt/_notes.csv", 9000); // hidden: never read by a night, so never counted
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forNight(inbox.toString(), lake.toString(), 1101), "no mark: 1,100 new bytes, below 1,101");
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.toString(), lake.toString(), 1100), "1,100 is not below 1,100");
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.toString(), lake.toString(), 0), "0: a night never counts as small");

        // the ingest last ran with March in the inbox (as the graph records it): only April's 500 bytes are new
        String seen = "bhyt/bhyt_the_2026-03.csv|600|" + Files.getLastModifiedTime(march).toMillis();
        Files.createDirectories(lake.resolve("_city_indicators"));
        Files.writeString(lake.resolve(vn.haiphong.indicators.graph.NodeRecords.FILE),
                "{\"ingest\": {\"fingerprint\": \"k\", \"run\": \"r\", \"deliveries\": {}, \"inbox\": [\"" + seen + "\"]}, \"sinks\": {}}");
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forNight(inbox.toString(), lake.toString(), 501), "500 new bytes");
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forNight(inbox.toUri().toString(), lake.toUri().toString(), 501), "as file: URIs");
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.toString(), lake.toString(), 500));
        Files.write(march, new byte[601]); // a corrected March: new again
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.toString(), lake.toString(), 1000));
    }

    @Test
    void aNightThatCannotBeMeasuredHereKeepsBothCompilers() {
        assertEquals(JitChoice.BOTH, JitChoice.forNight("s3a://city-inbox/incoming", lake.toString(), 64L << 20), "an inbox not measured from the launcher");
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.toString(), "s3a://city-lake/lake", 64L << 20), "a lake not read from the launcher");
        assertEquals(JitChoice.BOTH, JitChoice.forNight(inbox.resolve("missing").toString(), lake.toString(), 64L << 20));
        assertEquals(JitChoice.BOTH, JitChoice.forNight(null, lake.toString(), 64L << 20));
    }
}
