package vn.haiphong.indicators.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    @TempDir Path tmp;

    @Test
    void embeddedDefaultUsesTheDevelopmentKeyAndSaysSo() {
        PipelineConfig c = PipelineConfig.load(Map.of(), null, null);
        assertTrue(c.embeddedLake());
        assertTrue(c.lake().endsWith("lake"));
        assertTrue(c.pseudonymKey().development());
        assertEquals("local[2]", c.sparkSettings().get("spark.master"));
    }

    @Test
    void theInboxSizeBelowWhichANightInterpretsIsInMiBAndChecked() throws Exception {
        assertEquals(64L << 20, PipelineConfig.load(Map.of(), null, null).interpretBelowBytes(), "conf/pipeline.properties");
        Path site = tmp.resolve("site.properties");
        Files.writeString(site, "pipeline.interpret_below_mib=0\n");
        assertEquals(0, PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null).interpretBelowBytes());
        Files.writeString(site, "pipeline.interpret_below_mib=lots\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null).interpretBelowBytes());
        assertTrue(e.getMessage().contains("pipeline.interpret_below_mib") && e.getMessage().contains("'lots'"), e.getMessage());
    }

    @Test
    void theTimeAStoreHasToAnswerIsInSecondsAndChecked() throws Exception {
        assertEquals(java.time.Duration.ofSeconds(30), PipelineConfig.load(Map.of(), null, null).storeAnswerWithin(), "conf/pipeline.properties");
        Path site = tmp.resolve("site.properties");
        Files.writeString(site, "store.answer_within_s=120\n");
        assertEquals(java.time.Duration.ofMinutes(2), PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null).storeAnswerWithin());
        for (String bad : new String[] {"0", "soon"}) {
            Files.writeString(site, "store.answer_within_s=" + bad + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null).storeAnswerWithin());
            assertTrue(e.getMessage().contains("store.answer_within_s") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aConfiguredLakeRequiresTheKeyFromTheEnvironment() {
        PipelineConfig c = PipelineConfig.load(Map.of(), "s3a://bucket/lake", null);
        assertFalse(c.embeddedLake());
        assertEquals("s3a://bucket/lake", c.lake());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::pseudonymKey);
        assertTrue(e.getMessage().contains(PipelineConfig.ENV_PSEUDONYM_KEY), e.getMessage());

        PipelineConfig withKey = PipelineConfig.load(Map.of(PipelineConfig.ENV_PSEUDONYM_KEY, "a-real-secret-from-env"), "/data/lake", null);
        assertFalse(withKey.pseudonymKey().development());
        assertArrayEquals("a-real-secret-from-env".getBytes(StandardCharsets.UTF_8), withKey.pseudonymKey().bytes());
    }

    @Test
    void layersApplyInOrderFileThenEnvironmentThenFlags() throws Exception {
        Path site = tmp.resolve("site.properties");
        Files.writeString(site, "lake=s3a://site/lake\ninbox=/site/inbox\nspark.sql.shuffle.partitions=64\n");
        PipelineConfig fromFile = PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null);
        assertEquals("s3a://site/lake", fromFile.lake());
        assertEquals("/site/inbox", fromFile.inbox());
        assertEquals("64", fromFile.sparkSettings().get("spark.sql.shuffle.partitions"));
        assertFalse(fromFile.embeddedLake());
        PipelineConfig fromEnv = PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString(),
                PipelineConfig.ENV_LAKE, "/env/lake"), null, null);
        assertEquals("/env/lake", fromEnv.lake());
        assertEquals("/flag/lake", PipelineConfig.load(Map.of(PipelineConfig.ENV_LAKE, "/env/lake"), "/flag/lake", null).lake());
    }

    @Test
    void theSiteCatalogComesFromTheEnvironmentOrTheSiteFile() throws Exception {
        assertEquals(null, PipelineConfig.load(Map.of(), null, null).criteriaFile(), "built-in catalog alone by default");
        Path site = tmp.resolve("site.properties");
        Files.writeString(site, "criteria=/etc/city/criteria.csv\n");
        assertEquals("/etc/city/criteria.csv", PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString()), null, null).criteriaFile());
        assertEquals("/env/criteria.csv", PipelineConfig.load(Map.of(PipelineConfig.ENV_CONF, site.toString(),
                "CITY_INDICATORS_CRITERIA", "/env/criteria.csv"), null, null).criteriaFile(), "the environment wins");
    }
}
