package vn.haiphong.indicators.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The figures of an edition from hand-made scorecard rows: no Spark job, no file. */
class EditionFiguresTest {
    static final StructType CARD = new StructType().add("criterion_id", DataTypes.StringType).add("model_id", DataTypes.StringType)
            .add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType).add("area_name", DataTypes.StringType)
            .add("year", DataTypes.IntegerType).add("target_period", DataTypes.StringType).add("actual_value", DataTypes.DoubleType)
            .add("target_value", DataTypes.DoubleType).add("operator", DataTypes.StringType).add("status", DataTypes.StringType)
            .add("unit", DataTypes.StringType).add("name_en", DataTypes.StringType).add("owner", DataTypes.StringType)
            .add("awaited_from", DataTypes.StringType).add("awaited_delivery", DataTypes.StringType)
            .add("next_target_year", DataTypes.IntegerType).add("p_meet_next_target", DataTypes.DoubleType)
            .add("forecast_next_target", DataTypes.DoubleType).add("progress_status", DataTypes.StringType).add("p_meet_2030", DataTypes.DoubleType);

    static Row card(String id, int year, Double actual, Double target, String op, String status, Integer due, Double p) {
        return new GenericRowWithSchema(new Object[] {id, "model_socialist_social_housing", "city", "31", "Hải Phòng", year, null, actual, target, op,
                status, "units", id + " in English", "Sở Xây dựng", "no_data".equals(status) ? "Sở Xây dựng" : null,
                "no_data".equals(status) ? "noxh_du_an" : null, due, p, p == null ? null : 40000.0, null, null}, CARD);
    }

    /** Social housing: 49,400 units by 2030; 10,000 done by 2025 and 14,100 by 2026. */
    static List<Row> housing() {
        return List.of(card("sh_units", 2025, 10000.0, null, null, "no_target_for_year", 2030, 0.2),
                card("sh_units", 2026, 14100.0, 7135.0, ">=", "met", 2030, 0.12),
                card("sh_units", 2030, null, 49400.0, ">=", "no_data", null, null),
                card("sh_rent", 2026, null, 30.0, ">=", "no_data", null, null),
                card("sh_quality", 2026, 95.0, 90.0, ">=", "not_met_provisional", 2027, 0.7));
    }

    @Test
    void theTargetsDueAreTheYearsWithTheirVerdictAndWhoAnswersOrOwes() {
        List<EditionFigures.Figure> f = EditionFigures.targets(housing(), EditionPeriod.parse("year", "2026"));
        assertEquals(List.of("sh_quality", "sh_rent", "sh_units"), f.stream().map(EditionFigures.Figure::criterionId).toList());
        EditionFigures.Figure rent = f.get(1);
        assertEquals("no_data", rent.status());
        assertEquals("Sở Xây dựng", rent.responsible());
        assertEquals("noxh_du_an", rent.note(), "the awaited delivery");
        EditionFigures.Figure units = f.get(2);
        assertEquals("14100", units.value());
        assertEquals("7135", units.target());
        assertEquals("target|model_socialist_social_housing|sh_units|31|2026|value", units.id());
        // a review covers every year of the term up to it
        assertEquals(4, EditionFigures.targets(housing(), EditionPeriod.parse("review", "2030")).size());
    }

    @Test
    void theTargetsAtRiskAreTheLeastLikelyBelowOneInTwo() {
        List<EditionFigures.Figure> f = EditionFigures.atRisk(housing(), 2026);
        assertEquals(2, f.size(), "sh_units at 12% (its 2026 row, the latest up to the year); sh_quality at 70% is not at risk");
        assertEquals("p_meet", f.get(0).measure());
        assertEquals("0.12", f.get(0).value());
        assertEquals(2030, f.get(0).year());
        assertEquals("49400", f.get(0).target());
        assertEquals("40000", f.get(1).value(), "the forecast for the deadline");
    }

    @Test
    void aRecommendationSaysWhatTheTargetNeedsAYearAgainstWhatTheLastYearGave() {
        List<EditionFigures.Figure> f = EditionFigures.recommendations(housing(), 2026);
        assertEquals(2, f.size());
        // (49,400 - 14,100) / (2030 - 2026) = 8,825 a year; 2026 gave 14,100 - 10,000 = 4,100
        assertEquals("8825", f.get(0).value());
        assertEquals("4100", f.get(1).value());
        assertEquals("Để đạt 49.400 units vào năm 2030 cần +8.825 mỗi năm; năm 2026 thay đổi +4.100.", f.get(0).note());
        assertEquals("To reach 49,400 units by 2030 needs +8,825 a year; 2026 changed by +4,100.", f.get(1).note());
        // on pace: no sentence (the data does not call for one)
        List<Row> fast = new ArrayList<>(housing());
        fast.set(0, card("sh_units", 2025, 1000.0, null, null, "no_target_for_year", 2030, 0.2));
        assertEquals(List.of(), EditionFigures.recommendations(fast, 2026));
        // without the year before the latest: nothing either
        assertEquals(List.of(), EditionFigures.recommendations(housing().subList(1, 5), 2026));
    }

    @Test
    void changesNameTheDeliveriesBetweenTheEditionsThatFeedTheFigure() {
        List<EditionFigures.Figure> before = EditionFigures.targets(housing(), EditionPeriod.parse("year", "2026"));
        List<Row> corrected = new ArrayList<>(housing());
        corrected.set(1, card("sh_units", 2026, 14200.0, 7135.0, ">=", "met", 2030, 0.12));
        List<EditionFigures.Figure> after = EditionFigures.targets(corrected, EditionPeriod.parse("year", "2026"));
        List<EditionFigures.Delivery> between = List.of(new EditionFigures.Delivery("noxh_du_an_2026-10_v2.csv", "noxh_du_an", Instant.EPOCH),
                new EditionFigures.Delivery("bhyt_the_2026-10.csv", "bhyt_the", Instant.EPOCH));
        List<EditionFigures.Change> c = EditionFigures.changes(before, true, after, between, Map.of("sh_units", Set.of("noxh_du_an")));
        assertEquals(1, c.size());
        assertEquals("14100", c.get(0).before());
        assertEquals("14200", c.get(0).after());
        assertEquals("noxh_du_an_2026-10_v2.csv", c.get(0).deliveries(), "only the delivery of a kind the criterion is built from");
        assertEquals(List.of(), EditionFigures.changes(before, true, before, between, Map.of()));
        // the month before: the same figures matched without their year
        List<EditionFigures.Figure> lastYear = EditionFigures.targets(housing(), EditionPeriod.parse("year", "2026")).stream()
                .map(x -> new EditionFigures.Figure(x.section(), x.modelId(), x.criterionId(), x.areaCode(), x.areaName(), 2025, null, x.measure(),
                        x.value(), x.target(), x.operator(), x.unit(), x.status(), x.responsible(), x.note())).toList();
        assertEquals(1, EditionFigures.changes(lastYear, false, after, List.of(), Map.of()).size());
        assertNull(EditionFigures.changes(lastYear, false, after, List.of(), Map.of()).get(0).deliveries());
    }

    @Test
    void numbersAreCanonicalTextAndPeriodsAreChecked() {
        assertEquals("0.1", EditionFigures.number(0.1));
        assertEquals("13.3753893815", EditionFigures.number(13.375389381536817));
        assertEquals("58200", EditionFigures.number(58200.0));
        assertEquals("3", EditionFigures.number(3L));
        assertNull(EditionFigures.number(Double.NaN));
        assertEquals(List.of("2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"), EditionPeriod.parse("half-year", "2026-H2").months());
        assertEquals(List.of("2026-03"), EditionPeriod.parse("month", "2026-03").months());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EditionPeriod.parse("quarter", "2026-03"));
        assertTrue(e.getMessage().contains("2026-Q1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EditionPeriod.parse("weekly", "2026"));
        assertTrue(EditionPeriod.parse("review", "2027").covers(2026) && !EditionPeriod.parse("review", "2027").covers(2028));
    }

    @Test
    void theContentsFoldAccentsAndSpacesToFindAHeading() {
        assertEquals("1.chitieudenhan", Editions.fold("1. Chỉ tiêu đến\nhạn"));
    }
}
