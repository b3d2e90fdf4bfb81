package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryTest {
    private final java.util.Collection<ExtractSpec> specs = ExtractSpec.loadAll().values();

    @Test
    void recognisesKindPeriodAndVersion() {
        Delivery d = Delivery.recognise("p", "bhyt", "bhyt_the_2026-03.csv", 1, "c", specs).orElseThrow();
        assertEquals("bhyt_the", d.kind());
        assertEquals("2026-03", d.period());
        assertEquals(1, d.version());
        Delivery v3 = Delivery.recognise("p", "bhyt", "bhyt_tram_y_te_2026-03_v3.csv", 1, "c", specs).orElseThrow();
        assertEquals("bhyt_tram_y_te", v3.kind());
        assertEquals(3, v3.version());
        assertEquals("2025", Delivery.recognise("p", "dan_so", "dan_so_2025.csv", 1, "c", specs).orElseThrow().period());
    }

    @Test
    void rejectsNamesOutsideTheContract() {
        assertTrue(Delivery.recognise("p", "bhyt", "bhyt_the_2026-13.csv", 1, "c", specs).isEmpty());
        assertTrue(Delivery.recognise("p", "bhyt", "bhyt_the_03-2026.csv", 1, "c", specs).isEmpty());
        assertTrue(Delivery.recognise("p", "dan_so", "bhyt_the_2026-03.csv", 1, "c", specs).isEmpty(), "wrong folder");
        assertTrue(Delivery.recognise("p", "bhyt", "bhyt_the_2026-03.xlsx", 1, "c", specs).isEmpty());
    }
}
