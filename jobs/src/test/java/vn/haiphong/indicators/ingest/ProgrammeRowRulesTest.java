package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/** The rules of the programme sources' files (schools, housing, tourism plastics, city indicators), line by line. */
class ProgrammeRowRulesTest {
    static final Map<String, ExtractSpec> SPECS = ExtractSpec.loadAll();

    static LineParser parser(String kind, String period, String header) {
        ExtractSpec spec = SPECS.get(kind);
        Delivery d = new Delivery("/inbox/x.csv", spec.folder(), kind + "_" + period + ".csv", kind, period, 1, 10, "c1");
        return new LineParser(new ContractRules(spec, "run-1", Instant.parse("2026-11-22T00:00:00Z"), LocalDate.of(2026, 11, 22),
                Communes.load(), new Pseudonymizer(ContractRulesTest.KEY), Map.of("truong_hoc.school_code", Set.of("TH11411001"))),
                d, HeaderMapping.match(spec, ContractRules.fields(header)));
    }

    static Object get(String kind, Row r, String column) {
        StructType schema = ContractRules.parsedSchema(SPECS.get(kind));
        return r.get(schema.fieldIndex(column));
    }

    static String rules(String kind, Row r) {
        return (String) get(kind, r, "_rules");
    }

    static final String SCHOOL = "Mã trường,Tên trường,Cấp học,Loại hình,Mã xã,Mức chuẩn quốc gia,Tổng số phòng học,"
            + "Số phòng học kiên cố,Số học sinh,Số giáo viên,Trường mô hình XHCN,Số học sinh hoàn thành dự án cộng đồng";

    @Test
    void schoolCensus() {
        LineParser p = parser("truong_hoc", "2025-2026", SCHOOL);
        Row ok = p.parse("TH1,\"Trường Mầm non Hoa Sen, cơ sở 2\",Mầm non,Công lập,11299,2,20,18,1.156,30,Có,600", 2);
        assertNull(rules("truong_hoc", ok));
        assertEquals("11299", get("truong_hoc", ok, "commune_code"), "old code kept in bronze, mapped in silver");
        assertEquals(1156L, get("truong_hoc", ok, "pupils"));
        assertEquals(true, get("truong_hoc", ok, "model_school"));
        assertEquals("2", get("truong_hoc", ok, "national_standard_level"));
        assertEquals("classrooms_solid.not_above_classrooms",
                rules("truong_hoc", p.parse("TH2,A,THCS,Công lập,11311,1,20,25,600,30,Không,", 3)));
        assertEquals("school_level.allowed_values", rules("truong_hoc", p.parse("TH3,A,Đại học,Công lập,11311,1,20,20,600,30,Không,", 4)));
        assertEquals("national_standard_level.allowed_values",
                rules("truong_hoc", p.parse("TH4,A,THPT,Công lập,11311,3,20,20,600,30,Không,", 5)));
        assertEquals("pupils.format", rules("truong_hoc", p.parse("TH5,A,THPT,Công lập,11311,1,20,20,-40,30,Không,", 6)));
        assertEquals("pupils_community_project.not_above_pupils",
                rules("truong_hoc", p.parse("TH6,A,THPT,Công lập,11311,1,20,20,40,30,Không,41", 7)));
        // Listed values ignore case and Unicode normalisation.
        assertNull(rules("truong_hoc", p.parse("TH7,A,mầm NON,công lập,11311,0,20,20,40,30,KHÔNG,", 8)));
    }

    @Test
    void assessmentsNeedACensusSchoolAndTheFilesDate() {
        LineParser p = parser("danh_gia_xhcn", "2026-05-20", "Mã trường,Ngày đánh giá,Phương diện,Mã tiêu chí,Kết quả,Ghi chú");
        Row ok = p.parse("TH11411001,20/05/2026,Đội ngũ,DNGV-03,Không đạt,\"thiếu 2 giáo viên, đang tuyển\"", 2);
        assertNull(rules("danh_gia_xhcn", ok));
        assertEquals(false, get("danh_gia_xhcn", ok, "met"));
        assertEquals(LocalDate.of(2026, 5, 20), get("danh_gia_xhcn", ok, "assessment_date"));
        Row unknown = p.parse("TH00000999,20/05/2026,Đội ngũ,DNGV-03,Đạt,", 3);
        assertEquals("school_code.known", rules("danh_gia_xhcn", unknown));
        assertTrue(((String) get("danh_gia_xhcn", unknown, "_reason")).contains("line 3"));
        assertEquals("assessment_date.matches_period",
                rules("danh_gia_xhcn", p.parse("TH11411001,19/05/2026,Đội ngũ,DNGV-03,Đạt,", 4)));
        assertEquals("dimension.allowed_values", rules("danh_gia_xhcn", p.parse("TH11411001,20/05/2026,Cơ sở hạ tầng,X-1,Đạt,", 5)));
        assertEquals("met.allowed_values", rules("danh_gia_xhcn", p.parse("TH11411001,20/05/2026,Đội ngũ,X-1,Đạt yêu cầu,", 6)));
    }

    static final String PROJECT = "Mã dự án,Tên dự án,Mã xã,Chủ đầu tư,Tổng số căn,Số căn đã hoàn thành,Số căn để bán,Số căn cho thuê,"
            + "Số căn thuê mua,Ngày khởi công,Ngày hoàn thành,Hạ tầng xã hội thiết yếu,Thiết kế xanh,Lắp ghép";

    @Test
    void housingProjects() {
        LineParser p = parser("noxh_du_an", "2026-06", PROJECT);
        assertNull(rules("noxh_du_an", p.parse("P1,A,11311,B,1.200,300,840,240,120,01/03/2019,,Có,Không,Có", 2)));
        assertEquals("units_completed.not_above_units_planned",
                rules("noxh_du_an", p.parse("P1,A,11311,B,1.500,8.000,840,240,120,01/03/2019,,Có,Không,Có", 3)));
        assertEquals("completion_date.not_before_construction_start",
                rules("noxh_du_an", p.parse("P1,A,11311,B,100,0,100,0,0,01/05/2026,01/04/2026,Có,Không,Không", 4)));
        assertEquals("construction_start.not_after_period",
                rules("noxh_du_an", p.parse("P1,A,11311,B,100,0,100,0,0,01/07/2026,,Có,Không,Không", 5)));
        assertEquals("social_infrastructure.allowed_values",
                rules("noxh_du_an", p.parse("P1,A,11311,B,100,0,100,0,0,01/05/2026,,Rồi,Không,Không", 6)));
    }

    static final String APPLICATION = "Số hồ sơ,Số CCCD,Mã dự án,Nhóm đối tượng,Hình thức,Ngày nộp,Ngày có kết quả,Kết quả";

    @Test
    void applicationsPseudonymiseTheCitizenIdAndTieDecisionToStatus() throws Exception {
        LineParser p = parser("noxh_ho_so", "2026-09", APPLICATION);
        Row ok = p.parse("HS-1,031284403984,P1,Người thu nhập thấp,Thuê mua,21/08/2026,03/09/2026,Đã duyệt", 2);
        assertNull(rules("noxh_ho_so", ok));
        assertEquals(ContractRulesTest.hmac("031284403984"), get("noxh_ho_so", ok, "applicant_hash"),
                "the keyed hash of the whole citizen ID");
        assertFalse(ContractRules.parsedSchema(SPECS.get("noxh_ho_so")).simpleString().contains("citizen_id"), "no clear-text column");
        Row shortId = p.parse("HS-2,0312345678,P1,Khác,Mua,05/09/2026,,Đang xử lý", 3);
        assertEquals("citizen_id.format", rules("noxh_ho_so", shortId));
        assertFalse(((String) get("noxh_ho_so", shortId, "_raw")).contains("0312345678"), "the ID is masked in the raw text");
        assertFalse(((String) get("noxh_ho_so", shortId, "_reason")).contains("0312345678"), "and in the reason");
        assertEquals("decided_on.empty_iff_status",
                rules("noxh_ho_so", p.parse("HS-3,031200000004,P1,Khác,Mua,05/09/2026,,Đã duyệt", 4)));
        assertEquals("decided_on.empty_iff_status",
                rules("noxh_ho_so", p.parse("HS-4,031200000005,P1,Khác,Mua,05/09/2026,20/09/2026,Đang xử lý", 5)));
        assertEquals("decided_on.not_before_submitted_on",
                rules("noxh_ho_so", p.parse("HS-5,031200000003,P1,Khác,Mua,05/09/2026,02/09/2026,Từ chối", 6)));
        assertEquals("decided_on.not_after_period",
                rules("noxh_ho_so", p.parse("HS-6,031200000006,P1,Khác,Mua,05/09/2026,02/10/2026,Từ chối", 7)));
        assertEquals("priority_group.allowed_values",
                rules("noxh_ho_so", p.parse("HS-7,031200000007,P1,Sinh viên,Mua,05/09/2026,,Đang xử lý", 8)));
    }

    @Test
    void tourismInspectionsAndWeighingsBelongToTheFilesMonth() {
        LineParser inspections = parser("co_so_du_lich", "2026-06", "Mã cơ sở,Tên cơ sở,Loại hình,Mã xã,Khu vực,Ven biển,Ngày kiểm tra,"
                + "Không sử dụng nhựa dùng một lần,Đã ký cam kết");
        assertNull(rules("co_so_du_lich", inspections.parse("DL1,A,Nhà hàng,11914,Cát Bà,Có,12/06/2026,Đạt,Có", 2)));
        assertEquals("zone.allowed_values", rules("co_so_du_lich", inspections.parse("DL1,A,Nhà hàng,11914,Cát Hải,Có,12/06/2026,Đạt,Có", 3)));
        assertEquals("coastal.allowed_values", rules("co_so_du_lich", inspections.parse("DL1,A,Nhà hàng,11914,Cát Bà,Có thể,12/06/2026,Đạt,Có", 4)));
        assertEquals("inspected_on.in_period", rules("co_so_du_lich", inspections.parse("DL1,A,Nhà hàng,11914,Cát Bà,Có,02/07/2026,Đạt,Có", 5)));
        assertEquals("inspected_on.in_period", rules("co_so_du_lich", inspections.parse("DL1,A,Nhà hàng,11914,Cát Bà,Có,31/05/2026,Đạt,Có", 6)));

        LineParser waste = parser("rac_nhua", "2026-10", "Mã điểm,Tên điểm,Khu vực,Mã xã,Ngày cân,Rác thải nhựa (kg),Tổng rác thải (kg),Lượt khách");
        Row ok = waste.parse("C1,A,Đồ Sơn,11455,03/10/2026,\"19,64\",\"148,71\",2.503", 2);
        assertNull(rules("rac_nhua", ok));
        assertEquals(19.64, (Double) get("rac_nhua", ok, "plastic_kg"), 1e-12);
        assertEquals(2503L, get("rac_nhua", ok, "visitors"));
        assertEquals("plastic_kg.not_above_total_kg", rules("rac_nhua", waste.parse("C1,A,Đồ Sơn,11455,03/10/2026,\"50,5\",\"40,0\",1.000", 3)));
        assertEquals("plastic_kg.format", rules("rac_nhua", waste.parse("C1,A,Đồ Sơn,11455,03/10/2026,\"-5,0\",\"40,0\",1.000", 4)));
        assertEquals("visitors.format", rules("rac_nhua", waste.parse("C1,A,Đồ Sơn,11455,03/10/2026,\"5,0\",\"40,0\",-20", 5)));
    }

    @Test
    void cityIndicatorsMayCarryEarlierYearsButNotLaterOnes() {
        LineParser p = parser("chi_tieu_kt_xh", "2026", "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị,Năm,Giá trị,Loại số liệu");
        Row earlier = p.parse("grdp_per_capita_usd,GRDP bình quân đầu người,USD,2025,\"7.376,64\",Chính thức", 2);
        assertNull(rules("chi_tieu_kt_xh", earlier));
        assertEquals(7376.64, (Double) get("chi_tieu_kt_xh", earlier, "value"), 1e-9);
        assertEquals(-1.5, (Double) get("chi_tieu_kt_xh", p.parse("x,A,%,2026,\"-1,5\",Ước tính", 3), "value"), 1e-12,
                "a growth rate may be negative");
        assertEquals("year.not_after_period", rules("chi_tieu_kt_xh", p.parse("x,A,%,2027,240,Ước tính", 4)));
        assertEquals("value.format", rules("chi_tieu_kt_xh", p.parse("x,A,%,2026,khoảng 12,Ước tính", 5)));
        assertEquals("value_type.allowed_values", rules("chi_tieu_kt_xh", p.parse("x,A,%,2026,12,Dự kiến", 6)));
    }

    @Test
    void cityIndicatorsMayNameTheCommuneTheValueIsAbout() {
        LineParser withCommune = parser("chi_tieu_kt_xh", "2026", "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị,Năm,Giá trị,Loại số liệu,Mã xã");
        Row ward = withCommune.parse("dh_poverty_rate_pct,Tỷ lệ hộ nghèo,%,2026,\"0,4\",Ước tính,11411", 2);
        assertNull(rules("chi_tieu_kt_xh", ward));
        assertEquals("11411", get("chi_tieu_kt_xh", ward, "commune_code"));
        Row city = withCommune.parse("grdp_growth_pct,GRDP,%,2026,12,Ước tính,", 3);
        assertNull(rules("chi_tieu_kt_xh", city));
        assertNull(get("chi_tieu_kt_xh", city, "commune_code"), "an empty commune is the whole city");
        assertEquals("commune_code.format", rules("chi_tieu_kt_xh", withCommune.parse("x,A,%,2026,12,Ước tính,99999", 4)));
        // a file from before the column existed has no commune: every value is the city's
        Row old = parser("chi_tieu_kt_xh", "2025", "Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị,Năm,Giá trị,Loại số liệu")
                .parse("grdp_growth_pct,GRDP,%,2025,11,Chính thức", 2);
        assertNull(rules("chi_tieu_kt_xh", old));
        assertNull(get("chi_tieu_kt_xh", old, "commune_code"));
    }

    @Test
    void communeAssessmentsKeepScoresWithinTheirMaximumAndTheFilesYear() {
        LineParser p = parser("danh_gia_mo_hinh_xa", "2025", "Mã xã,Năm,Mô hình,Mã tiêu chí,Tên tiêu chí,Điểm,Điểm tối đa,Kết quả,Đơn vị đánh giá");
        Row ok = p.parse("11311,2025,xa_phuong_hanh_phuc,XPHP-03,Giáo dục,\"2,5\",4,Đạt,Sở Nội vụ", 2);
        assertNull(rules("danh_gia_mo_hinh_xa", ok));
        assertEquals(2.5, (Double) get("danh_gia_mo_hinh_xa", ok, "score"), 1e-12);
        assertEquals(true, get("danh_gia_mo_hinh_xa", ok, "passed"));
        assertEquals("score.not_above_max_score", rules("danh_gia_mo_hinh_xa", p.parse("11311,2025,xa_phuong_hanh_phuc,XPHP-03,G,5,4,Đạt,", 3)));
        assertEquals("max_score.positive", rules("danh_gia_mo_hinh_xa", p.parse("11311,2025,xa_phuong_hanh_phuc,XPHP-03,G,0,0,Đạt,", 4)));
        assertEquals("score.format", rules("danh_gia_mo_hinh_xa", p.parse("11311,2025,xa_phuong_hanh_phuc,XPHP-03,G,-1,4,Đạt,", 5)));
        assertEquals("year.matches_period", rules("danh_gia_mo_hinh_xa", p.parse("11311,2024,tiep_can_phap_luat,TCPL-01,G,1,4,Đạt,", 6)));
        assertEquals("model.allowed_values", rules("danh_gia_mo_hinh_xa", p.parse("11311,2025,mo_hinh_khac,X-01,G,1,4,Đạt,", 7)));
        assertEquals("passed.allowed_values", rules("danh_gia_mo_hinh_xa", p.parse("11311,2025,tiep_can_phap_luat,TCPL-01,G,1,4,Tốt,", 8)));
    }
}
