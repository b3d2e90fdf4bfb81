package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.lake.Lake;

/** A night that stops the way the night before stopped says so, and that rerunning will not clear it. */
class RepeatedFailureTest extends SparkTestBase {
    @Test
    void theSameErrorTwiceInARowIsCalledRepeated(@TempDir Path tmp) {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        Instant first = Instant.parse("2026-12-01T19:00:00Z");
        assertNull(RepeatedFailure.record(lake, "bhyt_the_2026-03.csv: broken", first), "a first failure is just reported");
        String second = RepeatedFailure.record(lake, "bhyt_the_2026-03.csv: broken", first.plusSeconds(86_400));
        assertTrue(second.startsWith("This is the 2nd night in a row to stop with this same error (first at 2026-12-01T19:00:00Z)"), second);
        assertTrue(second.contains("running again will not clear it"), second);
        assertTrue(RepeatedFailure.record(lake, "bhyt_the_2026-03.csv: broken", first).contains("3rd night"));
        assertNull(RepeatedFailure.record(lake, "another error", first), "another error starts again");
        RepeatedFailure.clear(lake);
        assertNull(RepeatedFailure.record(lake, "another error", first), "a night that ended normally in between");
        assertEquals("11th", RepeatedFailure.ordinal(11));
        assertEquals("22nd", RepeatedFailure.ordinal(22));
    }
}
