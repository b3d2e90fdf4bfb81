package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/** Every quarantine rule of the health slice, on single lines. */
class ContractRulesTest {
    static final byte[] KEY = "unit-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    static final Map<String, ExtractSpec> SPECS = ExtractSpec.loadAll();
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    static LineParser parser(String kind, String file, String period, String header) {
        ExtractSpec spec = SPECS.get(kind);
        HeaderMapping mapping = HeaderMapping.match(spec, ContractRules.fields(header));
        Delivery d = new Delivery("/inbox/" + file, spec.folder(), file, kind, period, 1, 10, "abc123");
        return new LineParser(new ContractRules(spec, "run-1", Instant.parse("2026-11-22T00:00:00Z"), TODAY, Communes.load(),
                new Pseudonymizer(KEY), Map.of()), d, mapping);
    }

    static final String CARD_HEADER = "Mã thẻ BHYT,Họ và tên,Ngày sinh,Giới tính,Mã xã,Giá trị từ,Giá trị đến";
    final LineParser cards = parser("bhyt_the", "bhyt_the_2026-03.csv", "2026-03", CARD_HEADER);
    final StructType cardSchema = ContractRules.parsedSchema(SPECS.get("bhyt_the"));

    Object get(StructType schema, Row r, String name) {
        return r.get(schema.fieldIndex(name));
    }

    String rules(Row r) {
        return (String) get(cardSchema, r, "_rules");
    }

    static String hmac(String s) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    @Test
    void goodRowIsTypedAndPseudonymised() throws Exception {
        Row r = cards.parse("DN4313100000042,Nguyễn Văn An,05/03/1980,Nam,11311,01/01/2026,31/12/2026", 7);
        assertNull(rules(r), "a good row breaks no rule");
        assertEquals(hmac("3100000042"), get(cardSchema, r, "person_hash"), "HMAC-SHA-256 (first 128 bits) of the last 10 characters");
        assertEquals(1980, get(cardSchema, r, "birth_year"));
        assertEquals("Nam", get(cardSchema, r, "gender"));
        assertEquals("11311", get(cardSchema, r, "commune_code"));
        assertEquals(LocalDate.of(2026, 1, 1), get(cardSchema, r, "valid_from"));
        assertEquals(LocalDate.of(2026, 12, 31), get(cardSchema, r, "valid_to"));
        assertEquals(7L, get(cardSchema, r, "_line"));
        assertEquals("bhyt_the_2026-03.csv", get(cardSchema, r, "_source_file"));
        assertFalse(List.of(cardSchema.fieldNames()).contains("full_name"), "names are never stored");
        assertFalse(List.of(cardSchema.fieldNames()).contains("card_number"), "card numbers are never stored");
        for (int i = 0; i < r.length(); i++) {
            Object v = r.get(i);
            if (v instanceof String s) {
                assertFalse(s.contains("Nguyễn") || s.contains("DN4313100000042") || s.contains("05/03/1980"), "clear personal data in " + s);
            }
        }
    }

    @Test
    void sameSocialInsuranceNumberGivesSamePseudonymAcrossGroups() {
        Row a = cards.parse("HS4313100000042,X,1980,Nam,11311,01/01/2026,31/12/2026", 2);
        Row b = cards.parse("DN1313100000042,X,1980,Nam,11311,01/01/2026,31/12/2026", 3);
        assertEquals(get(cardSchema, a, "person_hash"), get(cardSchema, b, "person_hash"));
        assertEquals(1980, get(cardSchema, a, "birth_year"), "a birth year alone is accepted for the elderly");
    }

    @Test
    void everyCardRuleQuarantinesWithLineColumnAndMaskedRaw() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("dn4313100000042,Lê Văn Lỗi,05/03/1980,Nam,11311,01/01/2026,31/12/2026", "card_number.format"),
                Map.entry("DN431310000004,Lê Văn Lỗi,05/03/1980,Nam,11311,01/01/2026,31/12/2026", "card_number.format"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Nam,99999,01/01/2026,31/12/2026", "commune_code.format"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Nam,11311,01/06/2026,31/05/2026", "valid_to.not_before_valid_from"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/2027,Nam,11311,01/01/2026,31/12/2026", "birth_date.not_future"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,2031,Nam,11311,01/01/2026,31/12/2026", "birth_date.not_future"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Khác,11311,01/01/2026,31/12/2026", "gender.allowed_values"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Nam,11311,,31/12/2026", "valid_from.required"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Nam,11311,31/02/2026,31/12/2026", "valid_from.format"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,31/13/1980,Nam,11311,01/01/2026,31/12/2026", "birth_date.format"),
                Map.entry("DN4313100000042,Lê Văn Lỗi,05/03/1980,Nam,11311,01/01/2026", "row.field_count"),
                Map.entry("DN4313100000042,\"Lê Văn \"Lỗi,05/03/1980,Nam,11311,01/01/2026,31/12/2026", "row.malformed"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Row r = cards.parse(c.getKey(), 12);
            assertEquals(c.getValue(), rules(r), "rule for " + c.getKey());
            String reason = (String) get(cardSchema, r, "_reason");
            assertTrue(reason.startsWith("line 12: "), reason);
            String raw = (String) get(cardSchema, r, "_raw");
            assertFalse(raw.contains("Lê Văn") || raw.contains("313100000042") || raw.contains("05/03/1980"),
                    "quarantined raw text leaks personal data: " + raw);
            assertTrue(raw.contains("***"), raw);
            assertFalse(reason.contains("313100000042") || reason.contains("Lê Văn"), "reason leaks personal data: " + reason);
        }
    }

    @Test
    void severalBrokenRulesAreAllReported() {
        Row r = cards.parse("bad,Tên,01/01/2030,X,00000,01/01/2026,31/12/2026", 3);
        assertEquals(java.util.Set.of("card_number.format", "birth_date.not_future", "gender.allowed_values",
                "commune_code.format"), java.util.Set.of(rules(r).split(";")), rules(r));
    }

    @Test
    void listedValuesIgnoreCaseAndUnicodeForm() {
        Row r = cards.parse("DN4313100000042,X,05/03/1980," + Normalizer.normalize("NỮ", Normalizer.Form.NFD)
                + ",11311,01/01/2026,31/12/2026", 2);
        assertNull(rules(r));
        assertEquals("Nữ", get(cardSchema, r, "gender"));
    }

    @Test
    void oldCommuneCodesAreKnown() {
        Row r = cards.parse("DN4313100000042,X,05/03/1980,Nam,11299,01/01/2025,31/12/2025", 2);
        assertNull(rules(r), "11299 (Hùng Vương, before July 2025) is a known old code");
        assertEquals("11299", get(cardSchema, r, "commune_code"), "bronze keeps the code as delivered");
    }

    @Test
    void headerVariantsAndExtraColumnsAreMatched() {
        String nfdUpper = Normalizer.normalize("  GIÁ TRỊ ĐẾN ,Ghi chú,MÃ XÃ,mã thẻ bhyt,Họ và tên,Ngày sinh,Giới tính,Giá trị từ",
                Normalizer.Form.NFD);
        LineParser p = parser("bhyt_the", "bhyt_the_2026-03.csv", "2026-03", "\uFEFF" + nfdUpper);
        Row r = p.parse("31/12/2026,\"gọi lại, sau\",11311,DN4313100000042,X,1980,Nam,01/01/2026", 2);
        assertNull(rules(r));
        assertEquals(LocalDate.of(2026, 12, 31), get(cardSchema, r, "valid_to"));
        assertEquals("11311", get(cardSchema, r, "commune_code"));
        @SuppressWarnings("unchecked") scala.collection.Map<String, String> extra = (scala.collection.Map<String, String>) get(cardSchema, r, "_extra");
        assertEquals("gọi lại, sau", extra.get("Ghi chú").get());
    }

    @Test
    void missingColumnRejectsTheFileNamingTheColumn() {
        HeaderMapping.RejectedFile e = org.junit.jupiter.api.Assertions.assertThrows(HeaderMapping.RejectedFile.class,
                () -> HeaderMapping.match(SPECS.get("bhyt_the"),
                        ContractRules.fields("Mã thẻ BHYT,Họ và tên,Ngày sinh,Giới tính,Giá trị từ,Giá trị đến")));
        assertTrue(e.getMessage().contains("missing required column 'Mã xã'"), e.getMessage());
    }

    @Test
    void stationAndPopulationRules() {
        LineParser stations = parser("bhyt_tram_y_te", "bhyt_tram_y_te_2026-03.csv", "2026-03",
                "Mã xã,Tên trạm y tế,Số người có hồ sơ sức khỏe điện tử,Số người được quản lý sức khỏe,Số lượt khám chữa bệnh,"
                        + "Số người cao tuổi được khám định kỳ,Số trẻ sơ sinh,Số trẻ sơ sinh được sàng lọc");
        StructType s = ContractRules.parsedSchema(SPECS.get("bhyt_tram_y_te"));
        Row ok = stations.parse("11311,\"Trạm y tế Hồng Bàng, cơ sở 1\",45.312,40.001,1.234,5.600,120,100", 2);
        assertNull(get(s, ok, "_rules"));
        assertEquals(45312L, get(s, ok, "ehr_persons"));
        assertEquals("Trạm y tế Hồng Bàng, cơ sở 1", get(s, ok, "station_name"));
        assertEquals("newborns_screened.not_above_newborns", get(s, stations.parse("11311,T,1,1,1,1,10,11", 3), "_rules"));
        assertEquals("managed_persons.format", get(s, stations.parse("11311,T,1,-3,1,1,10,1", 4), "_rules"));
        assertEquals("ehr_persons.format", get(s, stations.parse("11311,T,1.2345,3,1,1,10,1", 5), "_rules"));
        assertEquals("visits.required", get(s, stations.parse("11311,T,1,3,,1,10,1", 6), "_rules"));

        LineParser population = parser("dan_so", "dan_so_2025.csv", "2025", "Mã xã,Tên xã,Năm,Dân số trung bình,Dân số từ 60 tuổi");
        StructType p = ContractRules.parsedSchema(SPECS.get("dan_so"));
        Row good = population.parse("11311,Phường Hồng Bàng,2025,45.312,8.100", 2);
        assertNull(get(p, good, "_rules"));
        assertEquals(45312L, get(p, good, "population"));
        assertEquals("population_60plus.not_above_population", get(p, population.parse("11311,X,2025,1.000,1.200", 3), "_rules"));
        assertEquals("year.matches_period", get(p, population.parse("11311,X,2024,1.000,100", 4), "_rules"));
    }
}
