package vn.haiphong.indicators.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The composite index on hand-made units whose figures can be worked out on paper. */
class CompositeIndexTest {
    static CompositeIndex.Component c(String domain, String name, double lower, double upper, double weight) {
        return new CompositeIndex.Component("t", domain, name, name, name, "criterion:" + name, lower, upper, weight, 1);
    }

    static Map<String, CompositeIndex.Result> byUnit(List<CompositeIndex.Result> results, int year) {
        return results.stream().filter(r -> r.year() == year).collect(Collectors.toMap(CompositeIndex.Result::unit, Function.identity()));
    }

    @Test
    void normalisationIsTheDistanceToTheTargetWithinDeclaredBounds() {
        CompositeIndex.Component coverage = c("health", "cov", 90, 100, 1);
        assertEquals(50.0, coverage.normalise(95), 1e-12);
        assertEquals(0.0, coverage.normalise(85), 1e-12, "below the floor scores 0");
        assertEquals(100.0, coverage.normalise(101), 1e-12, "beyond the target scores 100");
        CompositeIndex.Component poverty = c("social", "poor", 10, 2, 1); // lower is better: bounds reversed
        assertEquals(50.0, poverty.normalise(6), 1e-12);
        assertEquals(100.0, poverty.normalise(1), 1e-12);
    }

    @Test
    void componentsAverageWithinDomainsAndDomainsAverageEqually() {
        List<CompositeIndex.Component> method = List.of(c("a", "a1", 0, 100, 1), c("a", "a2", 0, 100, 1), c("b", "b1", 0, 100, 1));
        List<CompositeIndex.Observation> obs = List.of(new CompositeIndex.Observation("U", 2025, "a1", 100),
                new CompositeIndex.Observation("U", 2025, "a2", 50), new CompositeIndex.Observation("U", 2025, "b1", 20));
        CompositeIndex.Result u = CompositeIndex.compute(method, obs, 0, 1).get(0);
        // domain a = (100 + 50) / 2 = 75, domain b = 20; index = (75 + 20) / 2 = 47.5 (not (100 + 50 + 20) / 3)
        assertEquals(75.0, u.domains().get("a"), 1e-12);
        assertEquals(20.0, u.domains().get("b"), 1e-12);
        assertEquals(47.5, u.index(), 1e-12);
        // a declared weight of 3 on a1: domain a = (3 x 100 + 50) / 4 = 87.5; index = (87.5 + 20) / 2 = 53.75
        List<CompositeIndex.Component> weighted = List.of(c("a", "a1", 0, 100, 3), c("a", "a2", 0, 100, 1), c("b", "b1", 0, 100, 1));
        assertEquals(53.75, CompositeIndex.compute(weighted, obs, 0, 1).get(0).index(), 1e-12);
    }

    @Test
    void aUnitMissingMoreThanAFifthOfTheComponentsHasNoIndexAndNoRank() {
        List<CompositeIndex.Component> method = new ArrayList<>();
        for (int i = 1; i <= 5; i++) method.add(c("a", "x" + i, 0, 100, 1));
        List<CompositeIndex.Observation> obs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) obs.add(new CompositeIndex.Observation("four", 2025, "x" + i, 80)); // 80%: enough
        for (int i = 1; i <= 3; i++) obs.add(new CompositeIndex.Observation("three", 2025, "x" + i, 90)); // 60%: not
        Map<String, CompositeIndex.Result> r = byUnit(CompositeIndex.compute(method, obs, 50, 1), 2025);
        assertEquals(80.0, r.get("four").index(), 1e-12);
        assertEquals(80.0, r.get("four").coveragePct(), 1e-12);
        assertEquals(1, r.get("four").rank());
        assertNull(r.get("three").index(), "listed, but without an index");
        assertNull(r.get("three").rank());
        assertEquals(60.0, r.get("three").coveragePct(), 1e-12);
    }

    @Test
    void ranksTheirChangeAndTheirUncertaintyBand() {
        List<CompositeIndex.Component> method = List.of(c("a", "a1", 0, 100, 1), c("b", "b1", 0, 100, 1));
        List<CompositeIndex.Observation> obs = new ArrayList<>();
        // 2024: P 90/90 (index 90), Q 61/59 (60), R 59/61 (60, tie broken by name: Q first), S 20/20 (20)
        // 2025: Q 59/62 and R 62/59 (both 60.5, each stronger in one domain); S climbs to 95/95
        double[][] y2024 = {{90, 90}, {61, 59}, {59, 61}, {20, 20}};
        double[][] y2025 = {{90, 90}, {59, 62}, {62, 59}, {95, 95}};
        String[] units = {"P", "Q", "R", "S"};
        for (int u = 0; u < 4; u++) {
            obs.add(new CompositeIndex.Observation(units[u], 2024, "a1", y2024[u][0]));
            obs.add(new CompositeIndex.Observation(units[u], 2024, "b1", y2024[u][1]));
            obs.add(new CompositeIndex.Observation(units[u], 2025, "a1", y2025[u][0]));
            obs.add(new CompositeIndex.Observation(units[u], 2025, "b1", y2025[u][1]));
        }
        List<CompositeIndex.Result> all = CompositeIndex.compute(method, obs, 400, 7);
        Map<String, CompositeIndex.Result> y24 = byUnit(all, 2024), y25 = byUnit(all, 2025);
        assertEquals(List.of(1, 2, 2, 4), List.of(y24.get("P").rank(), y24.get("Q").rank(), y24.get("R").rank(), y24.get("S").rank()),
                "competition ranks: Q and R tie at 60");
        assertNull(y24.get("P").rankChange(), "no previous year");
        // 2025: S 95 (1), P 90 (2), Q and R 60.5 (3, tied)
        assertEquals(List.of(2, 3, 3, 1), List.of(y25.get("P").rank(), y25.get("Q").rank(), y25.get("R").rank(), y25.get("S").rank()));
        assertEquals(Integer.valueOf(-1), y25.get("P").rankChange(), "2 -> ... down one place");
        assertEquals(Integer.valueOf(3), y25.get("S").rankChange(), "4 -> 1: up three places");
        // far from the others, S and P never change places with Q and R: their bands are their ranks;
        // Q and R are level: a draw weighting one domain more puts one ahead, so both bands span 3-4
        assertEquals(List.of(1, 1), List.of(y25.get("S").rankP05(), y25.get("S").rankP95()));
        assertEquals(List.of(2, 2), List.of(y25.get("P").rankP05(), y25.get("P").rankP95()));
        assertEquals(List.of(3, 4), List.of(y25.get("R").rankP05(), y25.get("R").rankP95()));
        assertEquals(List.of(3, 4), List.of(y25.get("Q").rankP05(), y25.get("Q").rankP95()));
        // the same seed gives the same band: the mart is reproducible night after night
        assertEquals(y25.get("Q").rankP95(), byUnit(CompositeIndex.compute(method, obs, 400, 7), 2025).get("Q").rankP95());
    }

    @Test
    void theResolutionsScoringIsThePointsGivenOverThePointsPossible() {
        List<CompositeIndex.Component> method = List.of(c("d", "a", 0, 100, 1), c("d", "b", 0, 100, 1));
        // A: 3 of 4 points and 10 of 20; B: 4 of 4 and 8 of 20. By points A has 13/24, B 12/24: A ranks first,
        // although a mean of the shares (62.5 against 70) would put B first.
        List<CompositeIndex.Observation> obs = List.of(new CompositeIndex.Observation("A", 2025, "a", 75, 4),
                new CompositeIndex.Observation("A", 2025, "b", 50, 20), new CompositeIndex.Observation("B", 2025, "a", 100, 4),
                new CompositeIndex.Observation("B", 2025, "b", 40, 20));
        Map<String, CompositeIndex.Result> r = byUnit(CompositeIndex.compute(CompositeIndex.Scoring.POINTS, method, obs, 100, 1), 2025);
        assertEquals(100.0 * 13 / 24, r.get("A").index(), 1e-12);
        assertEquals(13.0, r.get("A").points(), 1e-12);
        assertEquals(24.0, r.get("A").pointsPossible(), 1e-12);
        assertEquals(50.0, r.get("B").index(), 1e-12);
        assertEquals(1, r.get("A").rank());
        assertEquals(2, r.get("B").rank());
        assertNull(r.get("A").rankP05(), "the city's scoring is not an assumption to vary: no band");
        assertEquals(70.0, byUnit(CompositeIndex.compute(method, obs, 0, 1), 2025).get("B").index(), 1e-12, "the OECD mean differs");
    }

    @Test
    void theHappyCommuneRankingIsTheResolutionsTwentyFiveCriteriaWithTheSpecialZonesApart() {
        Map<String, CompositeIndex.Index> indices = CompositeIndex.indices().stream()
                .collect(Collectors.toMap(CompositeIndex.Index::id, Function.identity()));
        CompositeIndex.Index happy = indices.get(CompositeIndex.HAPPY_COMMUNE);
        assertEquals(java.util.Set.of("phuong", "xa"), happy.units());
        assertEquals(CompositeIndex.Scoring.POINTS, happy.scoring());
        assertEquals("primary", happy.role());
        List<CompositeIndex.Component> method = CompositeIndex.load();
        List<CompositeIndex.Component> criteria = CompositeIndex.of(method, CompositeIndex.HAPPY_COMMUNE);
        assertEquals(25, criteria.size(), "000:L1622-1643 lists 25 criteria, and nothing else");
        for (int i = 1; i <= 25; i++) {
            assertEquals(String.format("assessment:xa_phuong_hanh_phuc/XPHP-%02d", i), criteria.get(i - 1).source());
        }
        CompositeIndex.Index zones = indices.get(CompositeIndex.HAPPY_SPECIAL_ZONE);
        assertEquals(java.util.Set.of("dac_khu"), zones.units(), "ranked apart (000:L1646-1647)");
        assertTrue(CompositeIndex.of(method, CompositeIndex.HAPPY_SPECIAL_ZONE).isEmpty(), "no criteria until the city chooses them");
        CompositeIndex.Index extra = indices.get(CompositeIndex.SUPPLEMENTARY);
        assertEquals("supplementary", extra.role());
        assertTrue(CompositeIndex.of(method, CompositeIndex.SUPPLEMENTARY).stream().allMatch(x -> x.source().startsWith("criterion:")),
                "the project's measured components are a separate index");
        assertTrue(CompositeIndex.of(method, CompositeIndex.CIVILIZED_CITY).size() >= 5);
    }
}
