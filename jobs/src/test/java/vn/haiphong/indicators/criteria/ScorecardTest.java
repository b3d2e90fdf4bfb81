package vn.haiphong.indicators.criteria;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class ScorecardTest extends SparkTestBase {
    static final String CATALOG = String.join("\n",
            "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source",
            "cov,m,Coverage,%,higher,>,2026,95.5,city;commune:11411,mart_x.coverage_pct,doc:L1",
            "cov,m,Coverage,%,higher,>=,2027,97,city;commune:11411,mart_x.coverage_pct,doc:L1",
            "cov,m,Coverage,%,higher,=,2030,universal,city;commune:11411,mart_x.coverage_pct,doc:L1",
            "chk,m,Checkups,%,higher,=,annual:2026-2027,100,city,mart_x.checkup_pct,doc:L2");
    static final StructType MART = new StructType().add("area_level", DataTypes.StringType)
            .add("area_code", DataTypes.StringType).add("period", DataTypes.StringType).add("year", DataTypes.IntegerType)
            .add("coverage_pct", DataTypes.DoubleType).add("checkup_pct", DataTypes.DoubleType);
    static final StructType AREAS = new StructType().add("area_level", DataTypes.StringType)
            .add("area_code", DataTypes.StringType).add("area_name", DataTypes.StringType);

    @Test
    void yearValueIsTheLatestMonthAndTargetsComeFromTheCatalog() throws Exception {
        CriteriaCatalog catalog = CriteriaCatalog.parse(CATALOG, "fp");
        assertRows("expanded annual targets", rows(row("chk", 2026), row("chk", 2027)),
                catalog.targets().stream().filter(t -> t.criterionId().equals("chk"))
                        .map(t -> row(t.criterionId(), t.year())).toList());
        Dataset<Row> mart = df(MART,
                row("city", "31", "2026-09", 2026, 96.0, 99.0),
                row("city", "31", "2026-10", 2026, 95.4, 100.0),     // latest month of 2026
                row("city", "31", "2027-01", 2027, 97.0, null),
                row("commune", "11411", "2026-10", 2026, 95.6, 100.0),
                row("commune", "11311", "2026-10", 2026, 99.0, 100.0)); // not an area of any criterion here
        Dataset<Row> areas = df(AREAS, row("city", "31", "City"), row("commune", "11411", "Đông Hải"),
                row("commune", "11311", "Hồng Bàng"));
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()),
                Scorecard.metricValues(List.of("mart_x.coverage_pct", "mart_x.checkup_pct"), Map.of("mart_x", mart)), areas);
        assertRows("scorecard", List.of(
                row("chk", "city", "31", 2026, 100.0, 100.0, "=", true, "met_provisional", "2026-10", true),
                row("chk", "city", "31", 2027, null, 100.0, "=", null, "no_data", null, null),
                row("cov", "city", "31", 2026, 95.4, 95.5, ">", false, "not_met_provisional", "2026-10", true),
                row("cov", "city", "31", 2027, 97.0, 97.0, ">=", true, "met_provisional", "2027-01", true),
                row("cov", "city", "31", 2030, null, null, "=", null, "no_numeric_target", null, null),
                row("cov", "commune", "11411", 2026, 95.6, 95.5, ">", true, "met_provisional", "2026-10", true),
                row("cov", "commune", "11411", 2027, null, 97.0, ">=", null, "no_data", null, null),
                row("cov", "commune", "11411", 2030, null, null, "=", null, "no_numeric_target", null, null)),
                rowsToJava(card.select("criterion_id", "area_level", "area_code", "year", "actual_value", "target_value",
                        "operator", "met", "status", "as_of_period", "provisional")
                        .orderBy("criterion_id", "area_level", "area_code", "year").collectAsList()));
        assertRows("universal is shown, not invented", rows(row("universal")),
                rowsToJava(card.where("criterion_id = 'cov' AND year = 2030 AND area_code = '31'").select("target_text").collectAsList()));
    }

    @Test
    void aNoDataVerdictNamesItsOwnerAndTheDeliveryThatWouldBringItsValue() throws Exception {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n",
                "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source,owner",
                "pci,,PCI rank,rank,lower,<=,2026,5,city,mart_city_indicators.value?indicator_code=pci_rank,doc:L1,Sở Nội vụ",
                "cov,,Coverage,%,higher,>=,2026,95.5,city,mart_health_insurance_monthly.coverage_pct,doc:L2,Sở Y tế"), "fp");
        Dataset<Row> mart = df(MART, row("city", "31", "2026-10", 2026, 96.0, null));
        Dataset<Row> areas = df(AREAS, row("city", "31", "City"));
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()),
                Scorecard.metricValues(List.of("mart_health_insurance_monthly.coverage_pct"), Map.of("mart_health_insurance_monthly", mart)), areas);
        // who sends what, from the declared tables' inputs and the delivery calendar
        Dataset<Row> awaited = vn.haiphong.indicators.pipeline.LakeTables.load().awaitedDeliveries(
                List.of("mart_city_indicators.value?indicator_code=pci_rank", "mart_health_insurance_monthly.coverage_pct"), spark());
        assertRows("awaited deliveries", rows(
                        row("mart_city_indicators.value?indicator_code=pci_rank", "chi_tieu_kt_xh (pci_rank)", "Thống kê thành phố (Statistics office)"),
                        // the mart's inputs (its stations' activity too: lineage is per mart, not per column)
                        row("mart_health_insurance_monthly.coverage_pct", "bhyt_the + bhyt_tram_y_te + dan_so",
                                "Bảo hiểm xã hội thành phố (Social Security); Sở Y tế (Department of Health); Thống kê thành phố (Statistics office)")),
                rowsToJava(awaited.orderBy("metric").collectAsList()));
        assertRows("the no_data verdict names its owner and what would bring it; a verdict with a value needs nothing",
                rows(row("cov", "met_provisional", "Sở Y tế", null, null), // October of an unfinished year
                        row("pci", "no_data", "Sở Nội vụ", "chi_tieu_kt_xh (pci_rank), 2026", "Thống kê thành phố (Statistics office)")),
                rowsToJava(Scorecard.withAwaitedDelivery(card, awaited).orderBy("criterion_id")
                        .select("criterion_id", "status", "owner", "awaited_delivery", "awaited_from").collectAsList()));
    }

    @Test
    void rangesPeriodTargetsAndFilteredMetrics() throws Exception {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n",
                "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source",
                "exp,,Exports,billion USD,higher,between,2030,75-80,city,mart_i.value?indicator_code=exp,doc:L3",
                "unemp,,Unemployment,%,lower,between,2030,2-3,city,mart_i.value?indicator_code=unemp,doc:L4",
                "units,,Units 2026-2030,units,higher,>=,2026-2030,100,city,mart_i.value?indicator_code=units,doc:L5"), "fp");
        assertRows("deciding bounds and the period's end year", rows(row("exp", 2030, 75.0, ">="), row("unemp", 2030, 3.0, "<="),
                        row("units", 2030, 100.0, ">=")),
                catalog.targets().stream().map(t -> row(t.criterionId(), t.year(), t.targetValue(), t.decidingOperator().symbol())).toList());
        StructType indicators = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("indicator_code", DataTypes.StringType).add("value", DataTypes.DoubleType);
        Dataset<Row> mart = df(indicators, row("city", "31", 2030, "exp", 76.0), row("city", "31", 2030, "unemp", 3.2),
                row("city", "31", 2030, "units", 99.0), row("city", "31", 2030, "other", 1000.0));
        Dataset<Row> values = Scorecard.metricValues(List.of("mart_i.value?indicator_code=exp", "mart_i.value?indicator_code=unemp",
                "mart_i.value?indicator_code=units"), Map.of("mart_i", mart));
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()), values, df(AREAS, row("city", "31", "City")));
        assertRows("each metric reads its own indicator", rows(
                        row("exp", 76.0, "between", "75-80", "met"), row("unemp", 3.2, "between", "2-3", "not_met"),
                        row("units", 99.0, ">=", "100", "not_met")),
                rowsToJava(card.orderBy("criterion_id").select("criterion_id", "actual_value", "operator", "target_text", "status")
                        .collectAsList()));
    }

    @Test
    void averageGrowthUndatedOpenEndedAndSameYearTargets() throws Exception {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n",
                "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source",
                "g,,GRDP growth,% per year,higher,>=,avg:2026-2028,10,city,mart_i.value?indicator_code=g,doc:L1",
                "r,,Rank,rank,lower (better rank),<=,unspecified,5,city,mart_i.value?indicator_code=r,doc:L2",
                "u,,Units after 2030,units,higher,>=,after:2030,100,city,mart_i.value?indicator_code=u,doc:L3",
                "p,,Police model unit,binary,equality,=,before:2028,1,commune:11411,mart_i.value?indicator_code=p,doc:L4",
                "d,,Online dossiers,%,higher,>=,annual:2027-2028,80,city,mart_i.value?indicator_code=d,doc:L5",
                "d,,Online dossiers,%,higher,>,2028,85,city,mart_i.value?indicator_code=d,doc:L6"), "fp");
        org.junit.jupiter.api.Assertions.assertEquals(List.of("d 2027 annual:2027-2028 null", "d 2028 2028 null",
                        "d 2028 annual:2027-2028 null", "g 2028 avg:2026-2028 2026", "p 2028 before:2028 null",
                        "r null unspecified null", "u null after:2030 2031"),
                catalog.targets().stream().map(t -> t.criterionId() + " " + t.year() + " " + t.targetPeriod() + " " + t.periodStart())
                        .sorted().toList(), "due years and the first year looked at");
        StructType indicators = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("indicator_code", DataTypes.StringType).add("value", DataTypes.DoubleType);
        Dataset<Row> mart = df(indicators, row("city", "31", 2026, "g", 12.0), row("city", "31", 2027, "g", 9.0),
                row("city", "31", 2024, "r", 7.0), row("city", "31", 2026, "r", 4.0),
                row("city", "31", 2029, "u", 80.0), row("commune", "11411", 2027, "p", 1.0), row("city", "31", 2028, "d", 83.0));
        List<String> metrics = catalog.targets().stream().map(CriteriaCatalog.Target::metric).distinct().toList();
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()), Scorecard.metricValues(metrics, Map.of("mart_i", mart)),
                df(AREAS, row("city", "31", "City"), row("commune", "11411", "Đông Hải")));
        assertRows("each target judged on its own value", rows(
                        row("d", "31", 2027, "annual:2027-2028", null, "no_data", null, null),
                        row("d", "31", 2028, "2028", 83.0, "not_met", false, "2028"),
                        row("d", "31", 2028, "annual:2027-2028", 83.0, "met", false, "2028"),
                        row("g", "31", 2026, null, 12.0, "no_target_for_year", false, "2026"),
                        row("g", "31", 2027, null, 9.0, "no_target_for_year", false, "2027"),
                        // (1.12 x 1.09)^(1/2) - 1: two of the period's three years so far, so provisional
                        row("g", "31", 2028, "avg:2026-2028", 10.489819, "met_provisional", true, "2027"),
                        row("p", "11411", 2027, null, 1.0, "no_target_for_year", false, "2027"),
                        row("p", "11411", 2028, "before:2028", null, "no_data", null, null),
                        // no due date: the latest value decides
                        row("r", "31", null, "unspecified", 4.0, "met", false, "2026"),
                        row("r", "31", 2024, null, 7.0, "no_target_for_year", false, "2024"),
                        row("r", "31", 2026, null, 4.0, "no_target_for_year", false, "2026"),
                        // only a value after 2030 counts
                        row("u", "31", null, "after:2030", null, "no_data", null, null),
                        row("u", "31", 2029, null, 80.0, "no_target_for_year", false, "2029")),
                rowsToJava(card.selectExpr("criterion_id", "area_code", "year", "target_period", "ROUND(actual_value, 6)", "status",
                        "provisional", "as_of_period").orderBy("criterion_id", "area_code", "year", "target_period").collectAsList()));
    }

    @Test
    void catalogRejectsUnsupportedForms() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.parse(
                "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source\n"
                        + "x,m,X,%,higher,>=,sometime,1,city,mart_x.a,s", "fp"));
    }

    @Test
    void projectCatalogLoadsWithTheIdsOfTheCriteriaExtraction() {
        CriteriaCatalog catalog = CriteriaCatalog.load();
        List<String> ids = catalog.targets().stream().map(CriteriaCatalog.Target::criterionId).distinct().sorted().toList();
        org.junit.jupiter.api.Assertions.assertTrue(ids.containsAll(List.of("bhyt_coverage_pct", "station_exam_mgmt_pct",
                "elderly_checkup_pct", "newborn_screening_rate_pct")), ids.toString());
        CriteriaCatalog.Target universal = catalog.targets().stream()
                .filter(t -> t.criterionId().equals("bhyt_coverage_pct") && t.year() == 2030).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertNull(universal.targetValue());
        org.junit.jupiter.api.Assertions.assertEquals("universal", universal.targetText());
    }
    static final String JUDGED = "criterion_id,model_id,name_en,unit,direction,operator,year,target,levels,metric,source,"
            + "judged_for,from_units,universe_size,approx,stretch_target,row_kind,owner";

    /**
     * Who is judged and over which units, as the resolutions mean it (criteria extraction, NOTES section 7), each case
     * computed by hand: at least 114 clubs city-wide, one per unit, is met by 114 units with one club each; a count of
     * units and a share of units are taken over all 114 units, provisional while some have not reported; the delivered
     * city figure wins over the communes' sum.
     */
    @Test
    void cityWideTargetsAboutUnitsAreJudgedForTheCityOverAllUnits() {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n", JUDGED,
                "clubs,m,Clubs,clubs,higher,>=,annual:2026-2027,114,city,mart_i.value?indicator_code=clubs,doc:L1,city,sum,,,,target,Culture",
                "space,m,Units with a performance space,units,higher,=,2026,114,city,mart_i.value?indicator_code=space,doc:L2,city,count_units,114,,,target,Culture",
                "friendly,m,Friendly communes,% of communes,higher,=,2027,100,city,mart_a.communes_meeting_pct?model=f,doc:L3,city,share_of_units,114,,,target,Home Affairs"),
                "fp");
        StructType indicators = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("indicator_code", DataTypes.StringType).add("value", DataTypes.DoubleType);
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 114; i++) rows.add(row("commune", String.valueOf(10000 + i), 2026, "clubs", 1.0)); // one club each
        for (int i = 0; i < 100; i++) rows.add(row("commune", String.valueOf(10000 + i), 2027, "clubs", 1.0)); // 100 reported
        rows.add(row("city", "31", 2027, "clubs", 120.0)); // ... but the city's own figure is delivered: it is the value
        for (int i = 0; i < 110; i++) rows.add(row("commune", String.valueOf(10000 + i), 2026, "space", i < 100 ? 1.0 : 0.0));
        StructType assessed = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("model", DataTypes.StringType).add("communes_assessed", DataTypes.LongType)
                .add("communes_meeting", DataTypes.LongType).add("communes_meeting_pct", DataTypes.DoubleType);
        Dataset<Row> values = Scorecard.metricValues(List.of("mart_i.value?indicator_code=clubs", "mart_i.value?indicator_code=space",
                        "mart_a.communes_meeting_pct?model=f"),
                Map.of("mart_i", df(indicators, rows.toArray(Object[][]::new)),
                        "mart_a", df(assessed, row("city", "31", 2027, "f", 10L, 10L, 100.0)))); // 10 assessed, all pass
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()), values, df(AREAS, row("city", "31", "City"),
                row("commune", "10000", "A")));
        assertRows("judged once, for the city", rows(
                        row("clubs", "city", 2026, 114.0, "met", null, null, null, false, "Culture"),
                        row("clubs", "city", 2027, 120.0, "met", null, null, null, false, "Culture"),
                        // 10 of 114 units assessed and all pass: 8.77%, not 100%
                        row("friendly", "city", 2027, 8.7719, "not_met_provisional", 10L, 114, 10L, true, "Home Affairs"),
                        // 100 of the 110 units reporting have one; 4 have not reported
                        row("space", "city", 2026, 100.0, "not_met_provisional", 100L, 114, 110L, true, "Culture")),
                rowsToJava(card.select("criterion_id", "area_level", "year", "actual_value", "status", "units_meeting",
                        "units_in_universe", "units_reporting", "provisional", "owner").orderBy("criterion_id", "year").collectAsList()));
    }

    /** "khoảng 1.500" is met within the site's band; a stretch target gets its own verdict; a pass rule is listed, not scored. */
    @Test
    void approximateStretchAndPassRuleTargets() {
        CriteriaCatalog catalog = CriteriaCatalog.parse(String.join("\n", JUDGED,
                "perf,m,Performances,performances per year,higher,=,annual:2026-2027,1500,city,mart_i.value?indicator_code=perf,doc:L1,city,none,,yes,,target,Culture",
                "pci,,PCI rank,rank,lower (better rank),<=,annual:2026-2027,5,city,mart_i.value?indicator_code=pci,doc:L2,city,none,,,3,target,",
                "iip,,IIP growth,% per year,higher,>=,2026,15.5,city,mart_i.value?indicator_code=iip,doc:L3,city,none,,,16,target,",
                "title,m,Branch title threshold,% completion,higher,>=,2026,80,city,mart_i.value?indicator_code=title,doc:L4,each_youth_branch,none,,,,pass_rule,Youth Union"),
                "fp").withApproxTolerance(5);
        StructType indicators = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("year", DataTypes.IntegerType).add("indicator_code", DataTypes.StringType).add("value", DataTypes.DoubleType);
        Dataset<Row> mart = df(indicators, row("city", "31", 2026, "perf", 1480.0), row("city", "31", 2027, "perf", 1400.0),
                row("city", "31", 2026, "pci", 4.0), row("city", "31", 2027, "pci", 2.0), row("city", "31", 2026, "iip", 15.7),
                row("city", "31", 2026, "title", 85.0));
        List<String> metrics = catalog.targets().stream().map(CriteriaCatalog.Target::metric).distinct().toList();
        Dataset<Row> card = Scorecard.build(catalog.toDataFrame(spark()), Scorecard.metricValues(metrics, Map.of("mart_i", mart)),
                df(AREAS, row("city", "31", "City")));
        assertRows("verdicts", rows(
                        row("iip", 2026, 15.7, "met", 16.0, "not_met", null),          // firm 15.5 met, strive for 16 not
                        row("pci", 2026, 4.0, "met", 3.0, "not_met", null),            // rank 4: at most 5, not top 3
                        row("pci", 2027, 2.0, "met", 3.0, "met", null),
                        row("perf", 2026, 1480.0, "met", null, null, 5.0),            // within 5% of about 1,500
                        row("perf", 2027, 1400.0, "not_met", null, null, 5.0),        // 100 short: beyond 75
                        row("title", 2026, 85.0, "pass_rule", null, null, null)),
                rowsToJava(card.select("criterion_id", "year", "actual_value", "status", "stretch_target", "stretch_status",
                        "tolerance_pct").orderBy("criterion_id", "year").collectAsList()));
        org.junit.jupiter.api.Assertions.assertNull(card.where("criterion_id = 'title'").first().getAs("met"), "a rule is not judged");
        org.junit.jupiter.api.Assertions.assertNotEquals(catalog.fingerprint(), catalog.withApproxTolerance(10).fingerprint(),
                "another band rebuilds the scorecard");
    }

    @Test
    void aBadJudgementCellIsRefusedWithLineAndColumn() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CriteriaCatalog.parse(
                JUDGED + "\nx,m,X,%,higher,>=,2026,1,city,mart_x.a,s,city,average,,,,target,", "fp"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("conf/criteria.csv line 2 column 'from_units'"), e.getMessage());
    }
}
