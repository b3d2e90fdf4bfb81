package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.Scorecard;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.lake.TableNames;

/** The declarations are the one list: docs/architecture.md's table list and the scorecard's marts follow from them. */
class LakeTablesTest {
    static final Path README = Path.of("..", "docs", "architecture.md");
    static final String BEGIN = "<!-- tables:begin -->\n", END = "<!-- tables:end -->";

    @Test
    void theReadmeListsExactlyTheDeclaredTables() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String block = readme.substring(readme.indexOf(BEGIN) + BEGIN.length(), readme.indexOf(END));
        String expected = LakeTables.load().markdown();
        if (System.getProperty("updateReadme") != null && !block.equals(expected)) {
            Files.writeString(README, readme.replace(BEGIN + block + END, BEGIN + expected + END), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, block, "README table list is stale: run the tests with -DupdateReadme=true");
    }

    @Test
    void everyMetricOfTheCatalogNamesADeclaredTableThatTheScorecardReads() {
        LakeTables tables = LakeTables.load();
        TableDef base = tables.get(TableNames.SCORECARD_BASE);
        for (CriteriaCatalog.Target t : CriteriaCatalog.load().targets()) {
            String mart = Scorecard.Metric.parse(t.metric()).mart();
            tables.get(mart); // throws when not declared
            assertTrue(base.allInputs().contains(mart), t.criterionId() + ": the scorecard reads " + mart);
        }
    }

    @Test
    void aCriterionNamingAnUndeclaredMartStopsTheNightInsteadOfScoringNoData() throws IOException {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n",
                "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source",
                "x,,X,%,higher,>=,2030,1,city,mart_nowhere.value,doc:L1"), "fp");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LakeTables(vn.haiphong.indicators.ingest.ExtractSpec.loadAll(),
                        vn.haiphong.indicators.reference.Communes.load(), catalog));
        assertEquals("conf/criteria.csv: metric mart_nowhere.value names mart_nowhere, which is not a declared table", e.getMessage());
    }

    @Test
    void aNightUpToATableBuildsItAndWhatItReadsAfterTheWholeIngest() {
        LakeTables tables = LakeTables.load();
        List<String> upTo = tables.upTo(List.of(TableNames.MART_HEALTH_INSURANCE_MONTHLY)).stream().map(TableDef::name).toList();
        for (TableDef t : tables.all()) {
            if (!t.builtByRunner()) assertTrue(upTo.contains(t.name()), "the ingest runs whole: " + t.name());
        }
        for (String in : tables.get(TableNames.MART_HEALTH_INSURANCE_MONTHLY).allInputs()) {
            assertTrue(in.startsWith("kind:") || upTo.contains(in), "what the mart reads: " + in);
        }
        assertTrue(upTo.contains(TableNames.MART_HEALTH_INSURANCE_MONTHLY) && upTo.contains(TableNames.SILVER_INSURED), upTo.toString());
        assertTrue(!upTo.contains(TableNames.MART_SCORECARD) && !upTo.contains("mart_forecast"), "nothing that reads it: " + upTo);
        assertEquals(tables.all().stream().map(TableDef::name).filter(upTo::contains).toList(), upTo, "in declaration order");
        assertEquals(tables.all().size(), tables.upTo(tables.all().stream().map(TableDef::name).toList()).size());
    }

    @Test
    void exportedTablesComeInDeclarationOrder() {
        List<String> names = LakeTables.load().exported().stream().map(TableDef::name).toList();
        assertEquals(List.of("ops_file_ingestion", "ops_quarantine", "mart_health_insurance_monthly", "mart_schools_yearly",
                "mart_model_schools", "mart_social_housing", "mart_social_housing_applications", "mart_tourism_plastics",
                "mart_commune_assessments", "mart_city_indicators", "mart_criteria_scorecard", "mart_forecast", "mart_model_summary", "mart_commune_index", "mart_index_method",
                "ops_data_quality", "mart_delivery_completeness", "ops_alerts"), names);
    }
}
