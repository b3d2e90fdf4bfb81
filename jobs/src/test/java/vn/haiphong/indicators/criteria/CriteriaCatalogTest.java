package vn.haiphong.indicators.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriteriaCatalogTest {
    static final String HEADER = "criterion_id,model_id,name_en,name_vi,unit,direction,operator,year,target,baseline_year,baseline_value,levels,metric,source";
    @TempDir Path tmp;

    private Path site(String... lines) throws IOException {
        Path f = tmp.resolve("site-criteria.csv");
        Files.writeString(f, HEADER + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void everyTargetCarriesItsVietnameseNameAndTheBaselineOfTheCriteriaExtraction() {
        CriteriaCatalog catalog = CriteriaCatalog.load();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            assertTrue(t.nameVi() != null && !t.nameVi().isBlank(), t.criterionId() + " " + t.year() + " has a Vietnamese name");
        }
        CriteriaCatalog.Target coverage = catalog.targets().stream()
                .filter(t -> t.criterionId().equals("bhyt_coverage_pct") && t.year() == 2026).findFirst().orElseThrow();
        assertEquals("Tỷ lệ người dân có bảo hiểm y tế (BHYT)", coverage.nameVi());
        assertEquals(2025, coverage.baselineYear());
        assertEquals(95.2, coverage.baselineValue());
    }

    @Test
    void aSiteCatalogReplacesTheTargetsOfItsCriteriaAndAddsNewOnes() throws IOException {
        CriteriaCatalog builtIn = CriteriaCatalog.load();
        Path f = site(
                "bhyt_coverage_pct,model_health_care_city,Health insurance coverage,Tỷ lệ BHYT,% of population,higher,>=,2026,96,,,city,mart_health_insurance_monthly.coverage_pct,site plan:L1",
                "dh_newborn_screening_pct,model_health_care_city,Newborn screening in Đông Hải,Sàng lọc sơ sinh,% of newborns,higher,>=,annual:2026-2027,90,2025,80,commune:11411,mart_city_indicators.value?indicator_code=dh_newborn_screening_pct,site plan:L2");
        CriteriaCatalog withSite = CriteriaCatalog.load(f.toString());
        List<CriteriaCatalog.Target> coverage = withSite.targets().stream().filter(t -> t.criterionId().equals("bhyt_coverage_pct")).toList();
        assertEquals(1, coverage.size(), "the site's targets replace every built-in target of that criterion");
        assertEquals(96.0, coverage.get(0).targetValue());
        assertEquals(List.of(2026, 2027), withSite.targets().stream().filter(t -> t.criterionId().equals("dh_newborn_screening_pct"))
                .map(CriteriaCatalog.Target::year).toList());
        long others = builtIn.targets().stream().filter(t -> !t.criterionId().equals("bhyt_coverage_pct")).count();
        assertEquals(others + 1 + 2, withSite.targets().size(), "every other built-in target is kept");
        assertNotEquals(builtIn.fingerprint(), withSite.fingerprint(), "a site change rebuilds the scorecard");
    }

    @Test
    void aBadLineOfASiteCatalogIsRefusedNamingFileLineAndColumn() throws IOException {
        Path f = site("ok_pct,m,OK,Được,%,higher,>=,2026,50,,,city,mart_x.a,s",
                "bad_pct,m,Bad,Sai,%,higher,=>,2026,50,,,city,mart_x.a,s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(f.toString()));
        assertTrue(e.getMessage().startsWith(f + " line 3 column 'operator': "), e.getMessage());
        Path year = site("x_pct,m,X,X,%,higher,>=,someday,50,,,city,mart_x.a,s");
        e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(year.toString()));
        assertTrue(e.getMessage().startsWith(year + " line 2 column 'year': "), e.getMessage());
        Path metric = site("x_pct,m,X,X,%,higher,>=,2026,50,,,city,somewhere,s");
        e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(metric.toString()));
        assertTrue(e.getMessage().startsWith(metric + " line 2 column 'metric': "), e.getMessage());
        Path fields = site("x_pct,m,X,X,%,higher,>=,2026,50,,,city,mart_x.a");
        e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(fields.toString()));
        assertTrue(e.getMessage().startsWith(fields + " line 2: 13 fields, the header has 14"), e.getMessage());
        Path header = tmp.resolve("no-metric.csv");
        Files.writeString(header, "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,source\n");
        e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(header.toString()));
        assertEquals(header + " line 1: missing column 'metric'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.load(tmp.resolve("absent.csv").toString()));
        assertTrue(e.getMessage().startsWith("cannot read the site catalog " + tmp.resolve("absent.csv") + " (CITY_INDICATORS_CRITERIA)"), e.getMessage());
    }
}
