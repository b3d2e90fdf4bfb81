package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private final java.util.Collection<ExtractSpec> specs = ExtractSpec.loadAll().values();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    private Delivery.Recognition read(String folder, String name) {
        return Delivery.recognise("p", folder, name, 1, "c", specs, TODAY);
    }

    @Test
    void recognisesKindPeriodAndVersion() {
        Delivery d = read("bhyt", "bhyt_the_2026-03.csv").delivery();
        assertEquals("bhyt_the", d.kind());
        assertEquals("2026-03", d.period());
        assertEquals(1, d.version());
        Delivery v3 = read("bhyt", "bhyt_tram_y_te_2026-03_v3.csv").delivery();
        assertEquals("bhyt_tram_y_te", v3.kind());
        assertEquals(3, v3.version());
        assertEquals("2025", read("dan_so", "dan_so_2025.csv").delivery().period());
        assertEquals("2026-12", read("bhyt", "bhyt_the_2026-12.csv").delivery().period(), "next month is allowed");
        assertEquals(9999, read("bhyt", "bhyt_the_2026-03_v9999.csv").delivery().version());
    }

    @Test
    void rejectsNamesOutsideTheContract() {
        assertFalse(read("bhyt", "bhyt_the_03-2026.csv").followsContract());
        assertFalse(read("dan_so", "bhyt_the_2026-03.csv").followsContract(), "wrong folder");
        assertFalse(read("bhyt", "bhyt_the_2026-03.xlsx").followsContract());
    }

    @Test
    void namesShapedLikeTheContractButImpossibleAreProblemsNamingTheFile() {
        assertProblem("bhyt", "bhyt_the_2024-11_v99999999999.csv", "file name bhyt_the_2024-11_v99999999999.csv: version _v99999999999 is out of range");
        assertProblem("bhyt", "bhyt_the_2026-03_v0.csv", "version _v0 is out of range");
        assertProblem("bhyt", "bhyt_the_2026-03_v10000.csv", "version _v10000 is out of range");
        assertProblem("bhyt", "bhyt_the_2026-13.csv", "period 2026-13 does not exist");
        assertProblem("bhyt", "bhyt_the_1899-01.csv", "period 1899-01 is before 2000");
        assertProblem("bhyt", "bhyt_the_2031-01.csv", "period 2031-01 begins after next month (2026-12)");
        assertProblem("bhyt", "bhyt_the_2027-01.csv", "period 2027-01 begins after next month");
        assertProblem("dan_so", "dan_so_2027.csv", "period 2027 begins after next month");
        assertProblem("truong_hoc", "truong_hoc_2025-2027.csv", "period 2025-2027 does not exist");
        assertProblem("truong_hoc", "danh_gia_xhcn_2026-02-30.csv", "period 2026-02-30 does not exist");
    }

    private void assertProblem(String folder, String name, String expected) {
        Delivery.Recognition r = read(folder, name);
        assertNull(r.delivery(), name);
        assertEquals(true, r.problem() != null && r.problem().contains(expected), name + ": " + r.problem());
    }
}
