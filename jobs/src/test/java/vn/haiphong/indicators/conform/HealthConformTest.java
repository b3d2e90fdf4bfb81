package vn.haiphong.indicators.conform;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.reference.Communes;

/** The person-once, valid-on-the-last-day and old-code rules, on hand-checkable cards. */
class HealthConformTest extends SparkTestBase {
    static final StructType CARDS = new StructType()
            .add("_source_file", DataTypes.StringType).add("_checksum", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("person_hash", DataTypes.StringType)
            .add("birth_year", DataTypes.IntegerType).add("gender", DataTypes.StringType)
            .add("commune_code", DataTypes.StringType)
            .add("valid_from", DataTypes.DateType).add("valid_to", DataTypes.DateType);

    static Object[] card(String period, String person, String commune, String from, String to) {
        return new Object[] {"f.csv", "c1", period, person, 1980, "Nam", commune, LocalDate.parse(from), LocalDate.parse(to)};
    }

    Dataset<Row> holders(Object[]... cards) {
        return HealthConform.cardHolders(df(CARDS, cards), Communes.load().codeMap(spark()));
    }

    /** The insured card holders. */
    Dataset<Row> persons(Object[]... cards) {
        return holders(cards).where(col("insured"));
    }

    @Test
    void insuredMeansACardValidOnTheLastDayOfTheMonth() {
        Dataset<Row> p = persons(
                card("2026-03", "a", "11311", "2026-01-01", "2026-12-31"),   // valid all month
                card("2026-03", "b", "11311", "2025-03-15", "2026-03-15"),   // expired mid-month, not renewed
                card("2026-03", "c", "11311", "2026-03-31", "2027-03-30"),   // starts on the last day
                card("2026-03", "d", "11311", "2025-04-01", "2026-03-31"),   // ends on the last day
                card("2026-02", "e", "11311", "2026-02-01", "2026-02-28"));  // February: last day is the 28th
        assertRows("insured persons", rows(row("2026-02", "e"), row("2026-03", "a"), row("2026-03", "c"), row("2026-03", "d")),
                rowsToJava(p.select("period", "person_hash").orderBy("period", "person_hash").collectAsList()));
    }

    @Test
    void everyCardHolderCountsOnceInsuredOrNotInTheCellOfTheCardThatStartedLast() {
        Object[] lapsed = card("2026-03", "b", "11411", "2025-03-15", "2026-03-15");   // expired mid-month
        Object[] older = card("2026-03", "b", "11311", "2024-03-15", "2025-03-14");     // an older card, elsewhere
        Object[] mistyped = card("2026-03", "f", "10525", "2925-01-01", "2925-12-31");  // starts in 2925: not valid
        Object[] typoOlder = card("2026-03", "f", "11311", "2020-01-01", "2020-12-31");
        Object[] renewed = card("2026-03", "a", "11311", "2026-03-20", "2027-03-19");   // valid; a later lapsed card loses
        Object[] lapsedLater = card("2026-03", "a", "11411", "2026-03-25", "2026-03-28");
        Dataset<Row> h = holders(lapsed, older, mistyped, typoOlder, renewed, lapsedLater);
        assertRows("one row per holder", rows(row("a", true, "11311"), row("b", false, "11411"), row("f", false, "10525")),
                rowsToJava(h.select("person_hash", "insured", "commune_code").orderBy("person_hash").collectAsList()));
        assertRows("per cell: insured and card holders", rows(row("10525", 0L, 1L), row("11311", 1L, 1L), row("11411", 0L, 1L)),
                rowsToJava(HealthConform.insuredCounts(h).select("commune_code", "insured_persons", "card_persons")
                        .orderBy("commune_code").collectAsList()));
    }

    @Test
    void aPersonCountsOnceInTheCommuneOfTheValidCardThatStartedLast() {
        Dataset<Row> p = persons(
                // renewal in the month: the old card ended on the 10th, only the new one is valid at month end
                card("2026-03", "a", "11311", "2025-03-10", "2026-03-10"),
                card("2026-03", "a", "11311", "2026-03-11", "2027-03-10"),
                // moved: both cards valid at month end; the one that started last (Đông Hải) counts
                card("2026-03", "b", "11311", "2026-01-01", "2026-12-31"),
                card("2026-03", "b", "11411", "2026-03-05", "2027-12-31"),
                // export duplicate of one row
                card("2026-03", "c", "10525", "2026-01-01", "2026-12-31"),
                card("2026-03", "c", "10525", "2026-01-01", "2026-12-31"));
        assertRows("one row per person", rows(row("a", "11311"), row("b", "11411"), row("c", "10525")),
                rowsToJava(p.select("person_hash", "commune_code").orderBy("person_hash").collectAsList()));
        assertRows("per commune", rows(row("10525", 1L), row("11311", 1L), row("11411", 1L)),
                rowsToJava(HealthConform.insuredCounts(p).groupBy("commune_code").agg(org.apache.spark.sql.functions.sum("insured_persons"))
                        .orderBy("commune_code").collectAsList()));
    }

    @Test
    void theWinningCardKeepsItsDatesCommuneBirthYearAndSex() {
        Object[] elderly = card("2026-03", "x", "11914", "2025-11-20", "2026-11-19");
        elderly[4] = 1931;
        elderly[5] = "Nữ";
        Object[] older = card("2026-03", "x", "10525", "2025-01-01", "2026-12-31");
        assertRows("decoded", rows(row("x", "11914", 1931, "Nữ", LocalDate.of(2025, 11, 20), LocalDate.of(2026, 11, 19))),
                rowsToJava(persons(elderly, older).select("person_hash", "commune_code", "birth_year", "gender",
                        "valid_from", "valid_to").collectAsList()));
    }

    @Test
    void oldCodesMapToTheirNewCommune() {
        Dataset<Row> p = persons(
                card("2025-06", "a", "11299", "2025-01-01", "2025-12-31"),   // Hùng Vương -> Hồng Bàng
                card("2025-06", "b", "11320", "2025-01-01", "2025-12-31"),   // Hoàng Văn Thụ -> Hồng Bàng
                card("2025-06", "c", "11419", "2025-01-01", "2025-12-31"),   // Nam Hải -> Đông Hải
                card("2025-06", "d", "11311", "2025-01-01", "2025-12-31"));  // old code equal to the new one
        assertRows("mapped", rows(row("11311", 3L), row("11411", 1L)),
                rowsToJava(HealthConform.insuredCounts(p).groupBy("commune_code").agg(org.apache.spark.sql.functions.sum("insured_persons"))
                        .orderBy("commune_code").collectAsList()));
    }

    @Test
    void supersededDeliveriesStopCounting() {
        Object[] v1 = card("2026-03", "a", "11311", "2026-01-01", "2026-12-31");
        Object[] v2 = card("2026-03", "b", "11311", "2026-01-01", "2026-12-31");
        v2[0] = "f_v2.csv";
        v2[1] = "c2";
        Dataset<Row> rows = vn.haiphong.indicators.graph.ActiveDelivery.rowsOf(df(CARDS, v1, v2),
                List.of(new vn.haiphong.indicators.graph.ActiveDelivery("bhyt_the", "2026-03", "f_v2.csv", "c2")));
        assertRows("only v2", rows(row("b")), rowsToJava(rows.select(col("person_hash")).collectAsList()));
    }
}
