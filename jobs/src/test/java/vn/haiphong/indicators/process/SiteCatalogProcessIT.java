package vn.haiphong.indicators.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad line of the site catalog stops the night before it starts: no Spark, no lake. */
class SiteCatalogProcessIT {
    @Test
    void aBadSiteCatalogStopsTheNightBeforeItStarts(@TempDir Path work) throws Exception {
        Path catalog = work.resolve("criteria.csv");
        Files.writeString(catalog, "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source\n"
                + "x_pct,m,X,%,sideways,>=,2026,50,city,mart_x.a,s\n");
        Path lake = work.resolve("lake");
        try (CommandProcess p = CommandProcess.start(work, "night", Map.of("CITY_INDICATORS_CRITERIA", catalog.toString(),
                "CITY_INDICATORS_PSEUDONYM_KEY", "site-catalog-test-key-0123"), "run", "--lake", lake.toString(),
                "--inbox", SmallInbox.write(work.resolve("inbox")).toString())) {
            assertEquals(2, p.waitFor(Duration.ofMinutes(2)), p.output());
            assertTrue(p.output().contains("error: " + catalog + " line 2 column 'direction': expected higher, lower or equality, got 'sideways'"), p.output());
            assertFalse(p.output().contains("== ingest"), "the night did not start");
            assertFalse(Files.exists(lake), "nothing was written");
        }
    }
}
