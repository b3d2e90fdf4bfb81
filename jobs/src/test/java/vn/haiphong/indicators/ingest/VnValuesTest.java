package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class VnValuesTest {

    @Test
    void countsUseDotsForThousands() {
        assertEquals(45312L, VnValues.count("45.312"));
        assertEquals(1234567L, VnValues.count("1.234.567"));
        assertEquals(7L, VnValues.count("7"));
        assertEquals(45312L, VnValues.count("45312"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VnValues.count("1.2345")).getMessage().contains("1.2345"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VnValues.count("-3")).getMessage().contains("negative"));
        assertThrows(IllegalArgumentException.class, () -> VnValues.count("95,2"));
    }

    @Test
    void decimalsUseCommas() {
        assertEquals(95.2, VnValues.decimal("95,2"), 1e-12);
        assertEquals(1234.5, VnValues.decimal("1.234,5"), 1e-12);
        assertEquals(-0.75, VnValues.decimal("-0,75"), 1e-12);
        assertEquals(12.0, VnValues.decimal("12"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> VnValues.decimal("95.2"));
    }

    @Test
    void datesAreDayMonthYearAndStrict() {
        assertEquals(LocalDate.of(2026, 3, 5), VnValues.date("05/03/2026"));
        assertEquals(LocalDate.of(2026, 3, 5), VnValues.date("5/3/2026"));
        assertThrows(IllegalArgumentException.class, () -> VnValues.date("31/02/2026"));
        assertThrows(IllegalArgumentException.class, () -> VnValues.date("2026-03-05"));
        assertEquals(1941, VnValues.yearOfDateOrYear("1941"));
        assertEquals(1980, VnValues.yearOfDateOrYear("01/02/1980"));
        assertEquals("2026-03", VnValues.month("03/2026"));
        assertEquals("2025-2026", VnValues.schoolYear("2025-2026"));
        assertThrows(IllegalArgumentException.class, () -> VnValues.schoolYear("2025-2027"));
    }

    @Test
    void normalisationIgnoresCaseSpacesBomAndUnicodeForm() {
        String nfd = Normalizer.normalize("Mã thẻ BHYT", Normalizer.Form.NFD);
        assertEquals(VnValues.normalise("Mã thẻ BHYT"), VnValues.normalise("\uFEFF  " + nfd.toUpperCase() + " "));
    }
}
