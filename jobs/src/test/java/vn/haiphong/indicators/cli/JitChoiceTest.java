package vn.haiphong.indicators.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client compiler alone for a small local inbox, both compilers (the JVM's defaults) whenever the inbox may be large. */
class JitChoiceTest {
    @TempDir Path inbox;

    @Test
    void aLocalInboxBelowTheSmallNightSizeGetsTheClientCompilerAlone() throws Exception {
        Files.createDirectories(inbox.resolve("bhyt"));
        Files.write(inbox.resolve("bhyt/bhyt_the_2026-03.csv"), new byte[600]);
        Files.write(inbox.resolve("bhyt_the_2026-04.csv"), new byte[500]);
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forInbox(inbox.toString(), 64L << 20));
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forInbox(inbox.toUri().toString(), 64L << 20), "as a file: URI");
        assertEquals(JitChoice.CLIENT_ONLY, JitChoice.forInbox(inbox.toString(), 1101), "1,100 bytes in all, below 1,101");
        assertEquals(JitChoice.BOTH, JitChoice.forInbox(inbox.toString(), 1100), "files in subfolders count: 1,100 is not below 1,100");
        assertEquals(JitChoice.BOTH, JitChoice.forInbox(inbox.toString(), 0), "0: a night never counts as small");
    }

    @Test
    void anInboxThatMayBeLargeKeepsBothCompilers() {
        assertEquals(JitChoice.BOTH, JitChoice.forInbox("s3a://city-inbox/incoming", 64L << 20), "not measured from the launcher");
        assertEquals(JitChoice.BOTH, JitChoice.forInbox(inbox.resolve("missing").toString(), 64L << 20));
        assertEquals(JitChoice.BOTH, JitChoice.forInbox(null, 64L << 20));
    }
}
