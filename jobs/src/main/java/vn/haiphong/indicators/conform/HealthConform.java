package vn.haiphong.indicators.conform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver transformations of the health slice. Pure DataFrame-to-DataFrame functions: the job class
 * reads bronze and writes silver around them.
 */
public final class HealthConform {
    private HealthConform() { }

    /** Maps every commune code (old or new) to its 2025 commune, keeping the delivered code. */
    public static Dataset<Row> toCurrentCommunes(Dataset<Row> rows, Dataset<Row> codeMap) {
        return rows.join(broadcast(codeMap), "commune_code", "left").drop("commune_index")
                .withColumnRenamed("commune_code", "commune_code_delivered")
                .withColumnRenamed("commune_code_2025", "commune_code");
    }

    /**
     * The card holders of each month, one row per person (the pseudonym of the last 10 characters of the card number):
     * {@code insured} when one of their cards is valid on the month's last day, and then placed in the commune of the
     * valid card that started last (ties: the later end, then the higher commune code, so the result never depends on
     * row order); a person with no valid card is placed by the card that started last of all. Export duplicates
     * collapse here too. One grouping of the month's cards by person serves both the insured persons and the persons
     * of the delivery (its distinct persons, a data-quality metric).
     *
     * <p>The winning card is found with {@code max} over one long that packs, from the most significant bits: valid
     * on the last day, start day, end day, commune index, birth year, sex. Comparing the packed longs orders cards
     * exactly as comparing those fields in turn, and a long is a fixed-width aggregation buffer, so Spark uses its
     * hash aggregate instead of sorting millions of rows (as it must for {@code max(struct)}).
     */
    public static Dataset<Row> cardHolders(Dataset<Row> cards, Dataset<Row> codeMap) {
        Column monthEnd = last_day(to_date(concat(col("period"), lit("-01"))));
        Column valid = col("valid_from").leq(monthEnd).and(col("valid_to").geq(monthEnd));
        Dataset<Row> indexed = cards.join(broadcast(codeMap), "commune_code"); // codes were checked at ingest
        Column packed = when(valid, VALID).otherwise(0L)
                .bitwiseOR(shiftleft(days("valid_from"), 35))
                .bitwiseOR(shiftleft(days("valid_to"), 18))
                .bitwiseOR(shiftleft(col("commune_index").cast("long"), 11))
                .bitwiseOR(shiftleft(col("birth_year").minus(1800).cast("long"), 1))
                .bitwiseOR(when(col("gender").equalTo("Nữ"), 1L).otherwise(0L));
        Column best = col("best");
        Dataset<Row> persons = indexed.groupBy("period", "person_hash").agg(max(packed).as("best"))
                .select(col("period"), col("person_hash"),
                        best.bitwiseAND(VALID).notEqual(0L).as("insured"),
                        date_add(lit(EPOCH), shiftright(best, 35).bitwiseAND(0x1FFFF).cast("int")).as("valid_from"),
                        date_add(lit(EPOCH), shiftright(best, 18).bitwiseAND(0x1FFFF).cast("int")).as("valid_to"),
                        shiftright(best, 11).bitwiseAND(0x7F).cast("int").as("commune_index"),
                        shiftright(best, 1).bitwiseAND(0x3FF).plus(1800).cast("int").as("birth_year"),
                        when(best.bitwiseAND(1).equalTo(1), lit("Nữ")).otherwise(lit("Nam")).as("gender"));
        Dataset<Row> communeByIndex = codeMap.select("commune_code_2025", "commune_index").distinct()
                .withColumnRenamed("commune_code_2025", "commune_code");
        return persons.join(broadcast(communeByIndex), "commune_index")
                .select("period", "person_hash", "insured", "commune_code", "birth_year", "gender", "valid_from", "valid_to");
    }

    /** Dates are packed as days since this epoch (17 bits: until the year 2258). */
    static final String EPOCH = "1900-01-01";

    /**
     * A date's days since {@link #EPOCH}, held to its 17 bits: a lapsed card may carry any date the contract lets
     * through (a mistyped start in 2925), which must not spill into the bits above it.
     */
    private static Column days(String date) {
        return least(greatest(datediff(col(date), lit(EPOCH)), lit(0)), lit(0x1FFFF)).cast("long");
    }

    /** The bit above the packed start day (bits 35-51): set for a card valid on the month's last day. */
    private static final long VALID = 1L << 52;

    /**
     * Card holders per month, commune, sex and birth year: the silver grain. {@code insured_persons} are those insured
     * on the month's last day, {@code card_persons} all the persons placed in the cell (a cell of persons whose cards
     * all lapsed has no insured person). Person-level rows are not kept beyond this step, which keeps fewer copies of
     * pseudonymised person data and still lets statisticians break coverage down by age and sex.
     */
    public static Dataset<Row> insuredCounts(Dataset<Row> persons) {
        return persons.groupBy("period", "commune_code", "gender", "birth_year")
                .agg(count_if(col("insured")).as("insured_persons"), count(lit(1)).as("card_persons"));
    }

    /** Station activity per 2025 commune and month (old-code rows of one new commune are summed). */
    public static Dataset<Row> stationsByCommune(Dataset<Row> stations, Dataset<Row> codeMap) {
        return toCurrentCommunes(stations, codeMap).groupBy("period", "commune_code").agg(
                sum("ehr_persons").as("ehr_persons"), sum("managed_persons").as("managed_persons"),
                sum("visits").as("visits"), sum("elderly_checkups").as("elderly_checkups"),
                sum("newborns").as("newborns"), sum("newborns_screened").as("newborns_screened"),
                count(lit(1)).as("station_rows"));
    }

    /** Average population per 2025 commune and year (old communes summed into their new one). */
    public static Dataset<Row> populationByCommune(Dataset<Row> population, Dataset<Row> codeMap) {
        return toCurrentCommunes(population, codeMap).groupBy("year", "commune_code").agg(
                sum("population").as("population"), sum("population_60plus").as("population_60plus"));
    }
}
