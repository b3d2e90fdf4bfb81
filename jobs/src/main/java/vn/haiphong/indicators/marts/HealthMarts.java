package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import vn.haiphong.indicators.reference.Communes;

/** Gold: {@code mart_health_insurance_monthly}, one row per area (each commune, and the city) and month. */
public final class HealthMarts {
    private HealthMarts() { }

    private static final String[] STATION_COUNTS =
            {"ehr_persons", "managed_persons", "visits", "elderly_checkups", "newborns", "newborns_screened"};

    /**
     * @param insured    (period, commune_code, insured_persons), possibly split further (by sex and
     *                   birth year in silver): summed here
     * @param stations   (period, commune_code, station counts...) from silver
     * @param population (year, commune_code, population, population_60plus) from silver
     * @param communes   (area_code, area_name) of the 114 communes
     */
    public static Dataset<Row> monthly(Dataset<Row> insured, Dataset<Row> stations, Dataset<Row> population,
                                       Dataset<Row> communes) {
        insured = insured.groupBy("period", "commune_code").agg(sum("insured_persons").as("insured_persons"));
        Dataset<Row> cardPeriods = insured.select("period").distinct().withColumn("has_cards", lit(true));
        Dataset<Row> stationPeriods = stations.select("period").distinct().withColumn("has_stations", lit(true));
        Dataset<Row> periods = cardPeriods.join(stationPeriods, new String[] {"period"}, "full");

        // Every commune for every month with data: a commune missing from a month's file shows 0 insured
        // (cards) or empty station figures, rather than disappearing from the dashboards.
        Dataset<Row> grid = periods.crossJoin(communes)
                .withColumn("year", substring(col("period"), 1, 4).cast("int"));
        Dataset<Row> commune = grid
                .join(insured.select(col("period"), col("commune_code").as("area_code"), col("insured_persons")),
                        new String[] {"period", "area_code"}, "left")
                .join(stations.select(stationColumns(col("commune_code").as("area_code"))),
                        new String[] {"period", "area_code"}, "left")
                .withColumn("insured_persons",
                        when(col("has_cards"), coalesce(col("insured_persons"), lit(0L))))
                .withColumn("area_level", lit("commune"));
        commune = withPopulation(commune, population.withColumnRenamed("commune_code", "area_code"), "area_code");

        Dataset<Row> cityPopulation = population.groupBy("year").agg(
                sum("population").as("population"), sum("population_60plus").as("population_60plus"));
        Dataset<Row> city = periods.withColumn("year", substring(col("period"), 1, 4).cast("int"))
                .join(insured.groupBy("period").agg(sum("insured_persons").as("insured_persons")), new String[] {"period"}, "left")
                .join(sumStations(stations.groupBy("period")), new String[] {"period"}, "left")
                .withColumn("area_code", lit(Communes.CITY_CODE))
                .withColumn("area_name", lit("Thành phố Hải Phòng"))
                .withColumn("area_level", lit("city"));
        city = withPopulation(city.withColumn("k", lit(1)), cityPopulation.withColumn("k", lit(1)), "k");

        return commune.unionByName(city, true)
                .withColumn("coverage_pct", pct("insured_persons", "population"))
                .withColumn("managed_pct", pct("managed_persons", "population"))
                .withColumn("ehr_pct", pct("ehr_persons", "population"))
                .withColumn("elderly_checkup_pct", pct("elderly_checkups", "population_60plus"))
                .withColumn("newborn_screening_pct", pct("newborns_screened", "newborns"))
                .select("area_level", "area_code", "area_name", "period", "year", "population", "population_year",
                        "population_carried_forward", "insured_persons", "coverage_pct", "managed_persons",
                        "managed_pct", "ehr_persons", "ehr_pct", "visits", "population_60plus", "elderly_checkups",
                        "elderly_checkup_pct", "newborns", "newborns_screened", "newborn_screening_pct");
    }

    /**
     * Joins the population of the period's year, or of the latest earlier year when that year's file is
     * missing ({@code population_carried_forward} = true).
     */
    static Dataset<Row> withPopulation(Dataset<Row> rows, Dataset<Row> population, String key) {
        Dataset<Row> candidates = rows.select(col("period"), col("year"), col(key))
                .join(population.withColumnRenamed("year", "population_year"), key)
                .where(col("population_year").leq(col("year")))
                .withColumn("rank", row_number().over(Window.partitionBy(col("period"), col(key))
                        .orderBy(col("population_year").desc())))
                .where(col("rank").equalTo(1))
                .select(col("period"), col(key), col("population"), col("population_60plus"), col("population_year"),
                        col("population_year").notEqual(col("year")).as("population_carried_forward"));
        Dataset<Row> joined = rows.join(candidates, new String[] {"period", key}, "left");
        return key.equals("k") ? joined.drop("k") : joined;
    }

    private static Column pct(String part, String whole) {
        return Measures.pct(col(part), col(whole));
    }

    private static Column[] stationColumns(Column areaCode) {
        Column[] cols = new Column[STATION_COUNTS.length + 2];
        cols[0] = col("period");
        cols[1] = areaCode;
        for (int i = 0; i < STATION_COUNTS.length; i++) cols[i + 2] = col(STATION_COUNTS[i]);
        return cols;
    }

    private static Dataset<Row> sumStations(org.apache.spark.sql.RelationalGroupedDataset byPeriod) {
        Column[] rest = new Column[STATION_COUNTS.length - 1];
        for (int i = 1; i < STATION_COUNTS.length; i++) rest[i - 1] = sum(STATION_COUNTS[i]).as(STATION_COUNTS[i]);
        return byPeriod.agg(sum(STATION_COUNTS[0]).as(STATION_COUNTS[0]), rest);
    }
}
