package vn.haiphong.indicators.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.haiphong.indicators.criteria.CriteriaCatalog;

/**
 * The sample {@code chi_tieu} values of every criterion the catalog reads from the statistics office's file
 * ({@code mart_city_indicators.value?indicator_code=...}) beyond the hand-written series of
 * {@link ProgrammeSamples#INDICATORS}: for the city, for Đông Hải ward's own plan targets, or for every commune.
 *
 * <p>Plausible, not real: each series sits near its first target (a deterministic spread of about -12% to +5%
 * of it, mirrored where lower is better, percentages capped at 100), so that some targets are met and others not.
 * A pre-merger plan's series (all its targets due by 2025) runs 2021-2025 as final values and ends at the actual
 * of the calibration table where NOTES section 5.7 gives one; the others have final values for 2024 and 2025 and
 * an estimate for 2026 (communes: 2025 and 2026).
 */
final class CatalogIndicators {
    private CatalogIndicators() { }

    static final String METRIC = "mart_city_indicators.value?indicator_code=";

    /** Former Hai Phong and Hai Duong 2025 actuals, NOTES.md section 5.7 (004 Appendix 1). */
    static final Map<String, Double> ACTUALS_2025 = Map.ofEntries(
            Map.entry("hp_grdp_growth_pct", 11.39), Map.entry("hp_iip_growth_pct", 15.62),
            Map.entry("hp_manufacturing_share_pct", 46.40), Map.entry("hp_hitech_share_pct", 68.00),
            Map.entry("hp_domestic_revenue_bn", 51000.0), Map.entry("hp_total_investment_bn", 981260.0),
            Map.entry("hp_ntm_communes_pct", 100.0), Map.entry("hp_jobs_created", 58200.0),
            Map.entry("hp_trained_labour_pct", 87.5), Map.entry("hp_poor_households_pct", 0.0),
            Map.entry("hp_clean_water_households_pct", 100.0), Map.entry("hp_waste_collection_urban_pct", 100.0),
            Map.entry("hp_waste_collection_rural_pct", 98.0), Map.entry("hp_waste_modern_treatment_pct", 10.0),
            Map.entry("hp_urban_wastewater_treated_pct", 40.77),
            Map.entry("hd_grdp_growth_pct", 9.8), Map.entry("hd_growth_industry_pct", 12.32),
            Map.entry("hd_growth_services_pct", 6.67), Map.entry("hd_growth_agri_pct", 5.03),
            Map.entry("hd_grdp_per_capita_usd", 4913.0), Map.entry("hd_grdp_per_capita_vnd_mn", 122.6),
            Map.entry("hd_income_per_capita_vnd_mn", 85.2), Map.entry("hd_share_industry_grdp_pct", 63.8),
            Map.entry("hd_tfp_pct", 33.2), Map.entry("hd_unemployment_pct", 1.1), Map.entry("hd_underemployment_pct", 0.65),
            Map.entry("hd_trained_labour_certified_pct", 33.0), Map.entry("hd_bhyt_coverage_pct", 95.0),
            Map.entry("hd_bhxh_participation_pct", 55.0), Map.entry("hd_urbanization_pct", 45.0), Map.entry("hd_hdi", 0.786),
            Map.entry("hd_beds_per_10k", 34.5), Map.entry("hd_doctors_per_10k", 12.5),
            Map.entry("hd_cultural_villages_pct", 93.0), Map.entry("hd_cultural_agencies_pct", 86.0),
            Map.entry("hd_online_services_level4_pct", 35.0), Map.entry("hd_new_enterprises_growth_pct", 6.5));

    /** Rows of the 2026 file (header {@link ProgrammeSamples#INDICATOR_HEADER_WITH_COMMUNE}). */
    static List<String[]> rows(List<String> communes) {
        List<String> handWritten = ProgrammeSamples.INDICATORS.stream().map(ProgrammeSamples.Indicator::code).toList();
        Map<String, List<CriteriaCatalog.Target>> byCriterion = new LinkedHashMap<>();
        for (CriteriaCatalog.Target t : CriteriaCatalog.load().targets()) {
            if (t.metric().startsWith(METRIC) && !handWritten.contains(t.criterionId())) {
                byCriterion.computeIfAbsent(t.criterionId(), k -> new ArrayList<>()).add(t);
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (List<CriteriaCatalog.Target> targets : byCriterion.values()) {
            CriteriaCatalog.Target first = reference(targets);
            if (first == null) continue; // no number anywhere (prev_year, unquantified): nothing plausible to invent
            boolean historical = targets.stream().allMatch(t -> t.year() != null && t.year() <= 2025);
            // a city-wide target about units (at least 114 clubs, one per unit) is delivered as the units' own figures,
            // from which the city's is computed: one club per commune, or a performance space in most communes
            // (only where the units are the communes: a count of schools or clusters stays the city's own figure)
            Integer universe = first.judgement().universeSize();
            boolean fromUnits = first.rollsUpFromCommunes() && (first.judgement().fromUnits().equals("sum")
                    || universe != null && (universe == 114 || universe == 67));
            for (String level : fromUnits ? new String[] {"commune"} : first.levels().split(";")) {
                List<String> areas = level.equals("city") ? List.of("")
                        : level.equals("commune") ? communes : List.of(level.substring("commune:".length()));
                for (String area : areas) {
                    int from = historical ? 2021 : area.isEmpty() ? 2024 : 2025;
                    int to = historical ? 2025 : 2026;
                    for (int year = from; year <= to; year++) {
                        double v = fromUnits ? unitValue(first, area) : value(first, area, year, historical);
                        rows.add(new String[] {first.criterionId(), first.nameVi() == null ? first.nameEn() : first.nameVi(),
                                first.unit(), String.valueOf(year), ProgrammeSamples.number(v),
                                year == 2026 ? "Ước tính" : "Chính thức", area});
                    }
                }
            }
        }
        return rows;
    }

    /** The target the series is drawn near: the first numeric one due (undated ones last). */
    private static CriteriaCatalog.Target reference(List<CriteriaCatalog.Target> targets) {
        return targets.stream().filter(t -> t.targetValue() != null)
                .min(java.util.Comparator.comparing((CriteriaCatalog.Target t) -> t.year() == null ? 9999 : t.year()))
                .orElse(null);
    }

    /** A unit's own figure of a city-wide target about units: its share of the target (one club), or whether it has one. */
    static double unitValue(CriteriaCatalog.Target t, String area) {
        if (t.judgement().fromUnits().equals("count_units")) {
            // about as many units have one as the target asks, a few short: 3 of 114 host model schools, most have a space
            double share = Math.min(1, t.targetValue() / t.judgement().universeSize()) * 0.95;
            return Math.floorMod((t.criterionId() + "|" + area).hashCode(), 1000) < share * 1000 ? 1 : 0;
        }
        double each = t.targetValue() / (t.judgement().universeSize() == null ? 114 : t.judgement().universeSize());
        return each >= 1 ? Math.rint(each) : Math.round(each * 100) / 100.0;
    }

    static double value(CriteriaCatalog.Target t, String area, int year, boolean historical) {
        if (historical && year == 2025 && ACTUALS_2025.containsKey(t.criterionId())) return ACTUALS_2025.get(t.criterionId());
        double target = t.targetValue();
        // an approximate target just under its number (met within the band); a stretch target met on the firm line only
        if (t.judgement().approx() && !t.unit().startsWith("%")) return Math.rint(target * 0.98);
        if (t.judgement().stretchTarget() != null) {
            double between = (target + t.judgement().stretchTarget()) / 2;
            return t.unit().contains("rank") ? Math.rint(between) : Math.round(between * 100) / 100.0;
        }
        double u = Math.floorMod((t.criterionId() + "|" + area).hashCode(), 1000) / 1000.0;
        int dueYear = t.year() == null ? 2030 : t.year();
        double trend = 0.015 * Math.max(0, dueYear - year); // further from the due year, further from the target
        String unit = t.unit().toLowerCase(java.util.Locale.ROOT);
        double v;
        if (unit.startsWith("binary")) {
            v = u > 0.3 ? 1 : 0;
        } else if (t.direction().startsWith("lower")) {
            v = target * (1.12 - 0.17 * u + trend);
        } else if (t.direction().equals("equality") && target > 0) {
            v = target * (0.92 + 0.08 * u - trend / 2);
        } else {
            v = target * (0.88 + 0.17 * u - trend);
        }
        if (t.scale() == vn.haiphong.indicators.criteria.Scale.PERCENT) v = Math.min(v, 100); // a share, not a growth rate
        if (unit.contains("rank")) return Math.max(1, Math.rint(v));
        if (target == Math.rint(target) && Math.abs(target) >= 10) return Math.rint(v);
        return Math.round(v * 100) / 100.0;
    }
}
