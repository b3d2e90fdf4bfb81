package vn.haiphong.indicators.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** Who owes what, on a hand-made calendar and ledger whose figures are worked out on paper. */
class CompletenessTest extends SparkTestBase {
    static final String HEADER = String.join(",", DeliveryCalendar.COLUMNS);
    static final String CALENDAR = String.join("\n", HEADER,
            "cards,bhyt_the,,bhxh,Bảo hiểm xã hội,monthly,1,15,2026-08,by the 15th",
            "ranks,chi_tieu_kt_xh,pci_rank;dti_rank,thong_ke,Thống kê,yearly,1,31,2025,by 31 January");
    static final StructType FILES = new StructType().add("file_name", DataTypes.StringType).add("kind", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("status", DataTypes.StringType).add("rows_read", DataTypes.LongType)
            .add("rows_quarantined", DataTypes.LongType).add("ingested_at", DataTypes.TimestampType);
    static final StructType INDICATORS = new StructType().add("indicator_code", DataTypes.StringType).add("year", DataTypes.IntegerType)
            .add("_source_file", DataTypes.StringType);

    static java.time.Instant at(String instant) {
        return java.time.Instant.parse(instant);
    }

    static LocalDate d(String day) {
        return LocalDate.parse(day);
    }

    @Test
    void onTimeLateOverdueAndNotYetDueWithDhis2sRates() {
        Dataset<Row> files = df(FILES,
                row("bhyt_the_2026-08.csv", "bhyt_the", "2026-08", "ingested", 100L, 5L, at("2026-09-10T02:00:00Z")), // on time
                // 18:00 UTC on the 15th is 01:00 on the 16th in Hai Phong: a day late
                row("bhyt_the_2026-09.csv", "bhyt_the", "2026-09", "ingested", 50L, 0L, at("2026-10-15T18:00:00Z")),
                row("bhyt_the_2026-10.csv", "bhyt_the", "2026-10", "rejected", 0L, 0L, at("2026-11-01T02:00:00Z")), // unusable: not received
                row("chi_tieu_kt_xh_2025.csv", "chi_tieu_kt_xh", "2025", "ingested", 40L, 0L, at("2026-01-20T02:00:00Z")));
        Dataset<Row> indicators = df(INDICATORS, row("pci_rank", 2025, "chi_tieu_kt_xh_2025.csv"), row("grdp", 2025, "chi_tieu_kt_xh_2025.csv"));
        Dataset<Row> mart = Completeness.build(files, indicators, DeliveryCalendar.of("test", CALENDAR), LocalDate.of(2026, 11, 20), spark());
        assertRows("each period as of 20 November 2026",
                rows(row("cards", "2026-08", d("2026-09-15"), true, true, d("2026-09-10"), null, null, "on_time", 100L, 5L),
                        row("cards", "2026-09", d("2026-10-15"), true, true, d("2026-10-16"), 1, null, "late", 50L, 0L),
                        row("cards", "2026-10", d("2026-11-15"), true, false, null, null, 5, "overdue", 0L, 0L),
                        row("cards", "2026-11", d("2026-12-15"), false, false, null, null, null, "not_yet_due", 0L, 0L),
                        row("ranks", "2025", d("2026-01-31"), true, true, d("2026-01-20"), null, null, "on_time", 0L, 0L),
                        row("ranks", "2026", d("2027-01-31"), false, false, null, null, null, "not_yet_due", 0L, 0L)),
                rowsToJava(mart.orderBy("delivery_id", "reporting_period").select("delivery_id", "reporting_period", "due_date", "expected", "received",
                        "received_on", "days_late", "days_overdue", "status", "rows_read", "rows_quarantined").collectAsList()));
        // the social security office in 2026: 3 periods expected, 2 received, 1 on time; 5 of 150 rows quarantined
        Row cards = mart.where("delivery_id = 'cards' AND reporting_period = '2026-08'").first();
        assertEquals(3L, (Long) cards.getAs("sender_expected"));
        assertEquals(66.67, (Double) cards.getAs("sender_reporting_rate_pct"), 1e-9);
        assertEquals(33.33, (Double) cards.getAs("sender_timeliness_pct"), 1e-9);
        assertEquals(3.33, (Double) cards.getAs("sender_quarantine_rate_pct"), 1e-9);
        // the overdue period is an alert with its sender and days overdue
        assertRows("overdue", rows(row("bhxh/cards", "2026-10", 5.0)),
                rowsToJava(Completeness.overdueSeries(mart).select("subject", "t", "value").collectAsList()));
    }

    @Test
    void aBadCalendarLineIsRefusedWithFileLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeliveryCalendar.of("site.csv",
                HEADER + "\ncards,bhyt_the,,bhxh,BHXH,monthly,1,15,2026/08,x"));
        assertEquals("site.csv line 2 column 'first_period': a monthly period is written YYYY-MM, got '2026/08'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeliveryCalendar.of("site.csv", HEADER + "\ncards,bhyt_the,,bhxh,BHXH,weekly,1,15,2026-08,x"));
        assertTrue(e.getMessage().startsWith("site.csv line 2 column 'frequency'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeliveryCalendar.of("site.csv", HEADER + "\ncards,bhyt_the,,bhxh,BHXH,monthly,1,32,2026-08,x"));
        assertTrue(e.getMessage().startsWith("site.csv line 2 column 'due_day'"), e.getMessage());
    }

    @Test
    void aSiteCalendarReplacesLinesByIdAndAddsNewOnes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path site = dir.resolve("deliveries.csv");
        java.nio.file.Files.writeString(site, HEADER + "\nbhyt_the,bhyt_the,,bhxh,BHXH,monthly,1,10,2026-06,by the 10th\n"
                + "ward_plan,chi_tieu_kt_xh,ward_income;ward_jobs,ubnd_dong_hai,UBND phường Đông Hải,quarterly,1,15,2026-Q1,by the 15th\n");
        DeliveryCalendar calendar = DeliveryCalendar.load(site.toString());
        DeliveryCalendar.Line cards = calendar.lines().stream().filter(l -> l.deliveryId().equals("bhyt_the")).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2026, 7, 10), cards.due("2026-06"), "the site's due day");
        DeliveryCalendar.Line ward = calendar.lines().stream().filter(l -> l.deliveryId().equals("ward_plan")).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2026, 4, 15), ward.due("2026-Q1"));
        assertEquals(java.util.List.of("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"), ward.periodsBegunBy(LocalDate.of(2026, 12, 7)));
        assertEquals(DeliveryCalendar.load(null).lines().size() + 1, calendar.lines().size(), "one line replaced, one added");
        assertTrue(!calendar.fingerprint().equals(DeliveryCalendar.load(null).fingerprint()), "a site file changes what the mart depends on");
        java.nio.file.Files.writeString(site, HEADER + "\nx,bhyt_the,,Bad Sender,BHXH,monthly,1,10,2026-06,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeliveryCalendar.load(site.toString()));
        assertTrue(e.getMessage().startsWith(site + " line 2 column 'sender_id'"), e.getMessage());
    }

    @Test
    void theBuiltInCalendarCoversEveryPeriodicKindOfTheContract() {
        DeliveryCalendar calendar = DeliveryCalendar.load(null);
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        calendar.lines().forEach(l -> kinds.add(l.kind()));
        for (var spec : vn.haiphong.indicators.ingest.ExtractSpec.loadAll().values()) {
            if (!spec.periodType().equals("date")) assertTrue(kinds.contains(spec.kind()), spec.kind() + " has a calendar line");
        }
        // a school year is due a month after it ends on 31 May
        DeliveryCalendar.Line schools = calendar.lines().stream().filter(l -> l.kind().equals("truong_hoc")).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2026, 6, 30), schools.due("2025-2026"));
    }
}
