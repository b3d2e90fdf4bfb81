package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** The programme marts on small inputs whose figures can be checked by hand. */
class ProgrammeMartsTest extends SparkTestBase {

    static Dataset<Row> table(String columns, String values) {
        return spark().sql("SELECT * FROM VALUES " + values + " AS t(" + columns + ")");
    }

    static final String SCHOOL_COLUMNS = "school_year, school_code, school_name, school_level, ownership, commune_code, "
            + "national_standard_level, classrooms, classrooms_solid, pupils, teachers, model_school, pupils_community_project";

    static Dataset<Row> schools() {
        return table(SCHOOL_COLUMNS,
                "('2025-2026', 'A', 'Mầm non A', 'Mầm non', 'Công lập', '10606', '2', 10L, 10L, 300L, 20L, true, 150L),"
                + "('2025-2026', 'B', 'Tiểu học B', 'Tiểu học', 'Công lập', '10606', '0', 20L, 15L, 600L, 30L, false, CAST(NULL AS BIGINT)),"
                + "('2025-2026', 'C', 'THCS C', 'THCS', 'Tư thục', '11411', '1', 30L, 20L, 900L, 40L, true, 900L),"
                + "('2026-2027', 'A', 'Mầm non A', 'Mầm non', 'Công lập', '10606', '2', 10L, 10L, 310L, 20L, true, 310L)");
    }

    @Test
    void schoolsYearlyCountsStandardsClassroomsAndProjectsPerAreaAndLevel() {
        Dataset<Row> communes = table("area_code, area_name", "('10606', 'Xã Nam Sách'), ('11411', 'Phường Đông Hải')");
        Dataset<Row> mart = SchoolMarts.yearly(schools(), communes);
        assertRows("city, all levels, 2025-2026", rows(row("2025-2026", 2026, 3L, 2L, 66.6667, 60L, 45L, 75.0, 1800L, 1050L, 87.5, 2L)),
                rowsToJava(mart.where("area_level = 'city' AND school_level = 'all' AND school_year = '2025-2026'")
                        .select("school_year", "year", "schools", "schools_national_standard", "schools_national_standard_pct",
                                "classrooms", "classrooms_solid", "classrooms_solid_pct", "pupils", "pupils_community_project",
                                "pupils_community_project_pct", "model_schools").collectAsList()));
        // Community projects: 1,050 of the 1,200 pupils of the schools that reported (B did not) = 87.5%.
        assertRows("communes, all levels, 2025-2026", rows(
                        row("10606", "Xã Nam Sách", 2L, 1L, 50.0, 83.3333),
                        row("11411", "Phường Đông Hải", 1L, 1L, 100.0, 66.6667)),
                rowsToJava(mart.where("area_level = 'commune' AND school_level = 'all' AND school_year = '2025-2026'")
                        .orderBy("area_code").select("area_code", "area_name", "schools", "schools_national_standard",
                                "schools_national_standard_pct", "classrooms_solid_pct").collectAsList()));
        assertRows("one level", rows(row(1L, 0L, 0.0)),
                rowsToJava(mart.where("area_level = 'city' AND school_level = 'Tiểu học' AND school_year = '2025-2026'")
                        .select("schools", "schools_national_standard", "schools_national_standard_pct").collectAsList()));
    }

    static Dataset<Row> assessments() {
        StringBuilder v = new StringBuilder();
        // School A on 2026-05-20: 10 criteria, 2 per dimension; met 6 (facilities 2/2, staff 1/2, curriculum 1/2, governance 1/2, environment 1/2).
        String[] dims = {"Cơ sở vật chất", "Đội ngũ", "Chương trình giáo dục", "Quản trị trường học", "Môi trường học đường"};
        for (int d = 0; d < 5; d++) {
            for (int c = 0; c < 2; c++) {
                boolean met = c == 0 || d == 0;
                v.append(v.length() > 0 ? "," : "").append(String.format("('A', DATE'2026-05-20', '%s', 'K%d-%d', %s)", dims[d], d, c, met));
            }
        }
        // School C: 2 criteria on 2026-05-20 (1 met), all 2 met on 2026-11-10.
        v.append(",('C', DATE'2026-05-20', 'Đội ngũ', 'DNGV-01', true), ('C', DATE'2026-05-20', 'Đội ngũ', 'DNGV-02', false)");
        v.append(",('C', DATE'2026-11-10', 'Đội ngũ', 'DNGV-01', true), ('C', DATE'2026-11-10', 'Đội ngũ', 'DNGV-02', true)");
        return table("school_code, assessment_date, dimension, criterion_code, met", v.toString());
    }

    @Test
    void modelSchoolsShareOfCriteriaMetOverallAndPerDimension() {
        Dataset<Row> mart = SchoolMarts.modelSchools(assessments(), schools());
        assertRows("per school and date", rows(
                        row("A", "Mầm non A", "10606", "2026-05-20", 10L, 6L, 60.0, 100.0, 50.0, 50.0, 50.0, 50.0, 5),
                        row("C", "THCS C", "11411", "2026-05-20", 2L, 1L, 50.0, null, 50.0, null, null, null, 1),
                        row("C", "THCS C", "11411", "2026-11-10", 2L, 2L, 100.0, null, 100.0, null, null, null, 1)),
                rowsToJava(mart.orderBy("school_code", "assessment_date").selectExpr("school_code", "school_name", "area_code",
                        "CAST(assessment_date AS STRING)", "criteria_assessed", "criteria_met", "criteria_met_pct",
                        "facilities_met_pct", "staff_met_pct", "curriculum_met_pct", "governance_met_pct",
                        "environment_met_pct", "dimensions_assessed").collectAsList()));

        Dataset<Row> metrics = SchoolMarts.modelSchoolMetrics(mart, schools());
        // The city: the weakest school's latest assessment of 2026 (A 60%, C 100%) and at selection (A 60%, C 50%).
        assertRows("city criteria met", rows(row("2026-11-10", 2026, 60.0, null), row("2026-05-20", 2026, null, 50.0)),
                rowsToJava(metrics.where("area_level = 'city' AND (criteria_met_pct IS NOT NULL OR criteria_met_pct_at_selection IS NOT NULL)")
                        .orderBy(col("criteria_met_pct").asc_nulls_last())
                        .select("period", "year", "criteria_met_pct", "criteria_met_pct_at_selection").collectAsList()));
        // Model schools A and C together: classrooms 30 of 40 solid; pupils with a project (150 + 900) / 1,200.
        assertRows("city census of model schools", rows(row("2025-2026", 2026, 75.0, 87.5), row("2026-2027", 2027, 100.0, 100.0)),
                rowsToJava(metrics.where("area_level = 'city' AND classrooms_solid_pct IS NOT NULL").orderBy("period")
                        .select("period", "year", "classrooms_solid_pct", "pupils_community_project_pct").collectAsList()));
        assertRows("school C", rows(row("2025-2026", 66.6667, 100.0)),
                rowsToJava(metrics.where("area_level = 'school' AND area_code = 'C' AND classrooms_solid_pct IS NOT NULL")
                        .select("period", "classrooms_solid_pct", "pupils_community_project_pct").collectAsList()));
    }

    static final String PROJECT_COLUMNS = "period, project_code, commune_code, units_planned, units_completed, units_for_sale, "
            + "units_for_rent, units_rent_to_own, construction_start, social_infrastructure";

    @Test
    void socialHousingCompletionsAreTheGrowthOfCumulativeCounts() {
        Dataset<Row> projects = table(PROJECT_COLUMNS,
                "('2024-12', 'P1', '11311', 1000L, 400L, 700L, 200L, 100L, DATE'2020-01-01', true),"
                + "('2025-12', 'P1', '11311', 1000L, 900L, 700L, 200L, 100L, DATE'2020-01-01', true),"
                + "('2026-06', 'P1', '11311', 1000L, 1000L, 700L, 200L, 100L, DATE'2020-01-01', true),"
                // P2 first reported in 2025 with 100 done: those count in 2025 (it started from 0).
                + "('2025-12', 'P2', '11411', 500L, 100L, 500L, 0L, 0L, DATE'2024-06-01', false),"
                // P2 is missing from the June 2026 file: its December 2025 state stands.
                + "('2026-06', 'P3', '11411', 300L, 0L, 0L, 300L, 0L, DATE'2026-03-01', true),"
                + "('2026-06', 'P4', '11411', 200L, 0L, 200L, 0L, 0L, DATE'2026-04-01', false)");
        Dataset<Row> communes = table("area_code, area_name", "('11311', 'Phường Hồng Bàng'), ('11411', 'Phường Đông Hải')");
        Dataset<Row> mart = HousingMarts.yearly(projects, communes);
        assertRows("city by year", rows(
                        row(2024, "2024-12", null, null, 400L, 1L, 0L, null, 30.0),
                        row(2025, "2025-12", 600L, null, 1000L, 2L, 0L, null, 20.0),
                        row(2026, "2026-06", 100L, 100L, 1100L, 4L, 2L, 50.0, 30.0)),
                rowsToJava(mart.where("area_level = 'city'").orderBy("year").select("year", "period", "units_completed_in_year",
                        "units_completed_since_2026", "units_completed_total", "projects", "new_projects",
                        "new_projects_with_infrastructure_pct", "units_for_rent_or_rent_to_own_pct").collectAsList()));
        assertRows("commune 11411 in 2026", rows(row(0L, 0L, 100L, 3L, 2L)),
                rowsToJava(mart.where("area_level = 'commune' AND area_code = '11411' AND year = 2026").select(
                        "units_completed_in_year", "units_completed_since_2026", "units_completed_total", "projects",
                        "new_projects").collectAsList()));
    }

    @Test
    void applicationsReceivedDecidedPendingAndMedianDays() {
        Dataset<Row> apps = table("application_number, period, priority_group, tenure, submitted_on, decided_on, status",
                "('H1', '2026-09', 'Khác', 'Mua', DATE'2026-08-10', DATE'2026-09-09', 'Đã duyệt'),"    // 30 days
                + "('H2', '2026-08', 'Khác', 'Mua', DATE'2026-08-20', DATE'2026-08-30', 'Từ chối'),"    // 10 days
                + "('H3', '2026-09', 'Khác', 'Thuê', DATE'2026-09-01', CAST(NULL AS DATE), 'Đang xử lý'),"
                + "('H4', '2026-09', 'Hộ tái định cư', 'Mua', DATE'2026-09-05', DATE'2026-09-25', 'Đã duyệt')"); // 20 days
        Dataset<Row> months = table("period", "('2026-08'), ('2026-09')");
        Dataset<Row> mart = HousingMarts.applications(apps, months);
        assertRows("all groups and forms", rows(
                        row("2026-08", 2L, 0L, 1L, 1L, 10.0),
                        row("2026-09", 2L, 2L, 0L, 1L, 25.0)),
                rowsToJava(mart.where("priority_group = 'all' AND form = 'all'").orderBy("period").select("period", "received",
                        "approved", "rejected", "pending", "median_days_to_decision").collectAsList()));
        assertRows("one group, one form", rows(row("2026-09", 0L, 1L, 0L, 0L, 30.0)),
                rowsToJava(mart.where("priority_group = 'Khác' AND form = 'Mua' AND period = '2026-09'").select("period", "received",
                        "approved", "rejected", "pending", "median_days_to_decision").collectAsList()));
    }

    @Test
    void plasticFreeShareUsesEachBusinessesLatestInspectionAndWeighingsCompareWith2025() {
        Dataset<Row> inspections = table("business_code, zone, coastal, inspected_on, plastic_free, commitment_signed, _line, period",
                "('B1', 'Cát Bà', true, DATE'2025-06-10', false, true, 2L, '2025-06'),"
                + "('B1', 'Cát Bà', true, DATE'2026-06-10', true, true, 2L, '2026-06'),"
                + "('B2', 'Cát Bà', true, DATE'2025-06-11', true, false, 3L, '2025-06'),"
                + "('B3', 'Khác', false, DATE'2026-06-12', false, false, 4L, '2026-06')");
        Dataset<Row> weighings = table("site_code, zone, weighed_on, plastic_kg, total_kg, visitors",
                "('S1', 'Cát Bà', DATE'2025-06-03', 20.0, 100.0, 1000L),"
                + "('S1', 'Cát Bà', DATE'2025-07-03', 30.0, 100.0, 1000L),"
                + "('S1', 'Cát Bà', DATE'2026-06-03', 8.0, 100.0, 1000L),"
                + "('S1', 'Cát Bà', DATE'2026-07-03', 9.0, 100.0, 600L)");
        Dataset<Row> months = table("period", "('2025-06'), ('2025-07'), ('2026-06'), ('2026-07')");
        Dataset<Row> mart = TourismMarts.plastics(inspections, weighings, months);
        assertRows("inspections, city", rows(
                        row("2025-06", "yes", 2L, 1L, 50.0), row("2025-07", "yes", 2L, 1L, 50.0),
                        row("2026-06", "no", 1L, 0L, 0.0), row("2026-06", "yes", 2L, 2L, 100.0)),
                rowsToJava(mart.where("zone = 'all' AND coastal <> 'all' AND period IN ('2025-06', '2025-07', '2026-06')")
                        .orderBy("period", "coastal").select("period", "coastal", "businesses_inspected",
                                "businesses_plastic_free", "plastic_free_pct").collectAsList()));
        // July 2026: 15 kg per 1,000 visitors against 30 in July 2025 (50% less); year to date (8 + 9) / 1,600
        // = 10.625 against (20 + 30) / 2,000 = 25 (57.5% less).
        assertRows("weighings, Cát Bà", rows(
                        row("2026-06", 8.0, 20.0, 60.0, 60.0),
                        row("2026-07", 15.0, 30.0, 50.0, 57.5)),
                rowsToJava(mart.where("zone = 'Cát Bà' AND coastal = 'all' AND year = 2026").orderBy("period").select("period",
                        "plastic_kg_per_1000_visitors", "baseline_kg_per_1000_visitors", "reduction_pct",
                        "reduction_ytd_pct").collectAsList()));
        assertRows("area of a zone row", rows(row("zone", "Cát Bà")),
                rowsToJava(mart.where("zone = 'Cát Bà' AND coastal = 'all' AND period = '2026-07'").select("area_level", "area_code")
                        .collectAsList()));
    }

    @Test
    void communeAssessmentsSumCriteriaAndTakeTheVerdictFromTheOverallRow() {
        Dataset<Row> silver = table("year, commune_code, model, criterion_code, score, max_score, passed",
                "(2025, '10606', 'xa_phuong_hanh_phuc', 'XPHP-01', 3.0, 4.0, true),"
                + "(2025, '10606', 'xa_phuong_hanh_phuc', 'XPHP-02', 1.5, 4.0, false),"
                + "(2025, '10606', 'xa_phuong_hanh_phuc', 'TONG', 4.5, 8.0, false),"
                + "(2025, '11411', 'xa_phuong_hanh_phuc', 'XPHP-01', 4.0, 4.0, true),"
                + "(2025, '11411', 'xa_phuong_hanh_phuc', 'XPHP-02', 3.5, 4.0, true),"
                + "(2025, '11411', 'xa_phuong_hanh_phuc', 'TONG', 7.5, 8.0, true),"
                // a commune scored without an overall row has no verdict: not counted as assessed for the share
                + "(2025, '11311', 'xa_phuong_hanh_phuc', 'XPHP-01', 2.0, 4.0, true)");
        Dataset<Row> communes = table("area_code, area_name", "('10606', 'Xã Nam Sách'), ('11411', 'Phường Đông Hải'), ('11311', 'Phường Hồng Bàng')");
        Dataset<Row> mart = AssessmentMarts.communeAssessments(silver, communes);
        assertRows("per commune", rows(
                        row("10606", 2L, 1L, 4.5, 8.0, 56.25, false),
                        row("11311", 1L, 1L, 2.0, 4.0, 50.0, null),
                        row("11411", 2L, 2L, 7.5, 8.0, 93.75, true)),
                rowsToJava(mart.where("area_level = 'commune'").orderBy("area_code").select("area_code", "criteria_assessed",
                        "criteria_met", "score", "max_score", "score_pct", "standard_met").collectAsList()));
        // 1 of the 2 communes with a verdict meets the standard; mean score (56.25 + 50 + 93.75) / 3 = 66.6667
        assertRows("the city", rows(row("31", 2L, 1L, 50.0, 66.6667)),
                rowsToJava(mart.where("area_level = 'city'").select("area_code", "communes_assessed", "communes_meeting",
                        "communes_meeting_pct", "score_pct").collectAsList()));
    }
}
