package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import vn.haiphong.indicators.reference.Communes;

/** Gold: {@code mart_tourism_plastics}. */
public final class TourismMarts {
    private TourismMarts() { }

    /** The pilot's baseline year: plastic per visitor is compared with the same month of this year. */
    public static final int BASELINE_YEAR = 2025;
    public static final String ALL = "all";

    /**
     * One row per month, zone ({@code Khu vực}, and {@code all}) and {@code coastal} ({@code yes},
     * {@code no}, {@code all}). Inspection figures count each business in the state of its latest
     * inspection up to the month's end. Weighing figures (sites are not split by coastal, so on the
     * {@code coastal = all} rows only): plastic kg per 1,000 visitors in the month, the same month of
     * 2025, the reduction, and the same for the year to date against the same months of 2025.
     * {@code area_level}/{@code area_code} name the zone ({@code zone}) or the city (zone {@code all}).
     *
     * @param inspections silver_tourism_inspections
     * @param weighings   silver_plastic_weighings
     * @param months      (period) the months to report: every delivered month of either file
     */
    public static Dataset<Row> plastics(Dataset<Row> inspections, Dataset<Row> weighings, Dataset<Row> months) {
        Dataset<Row> grid = months.distinct().withColumn("month_end", last_day(to_date(expr("concat(period, '-01')"))));
        Dataset<Row> latest = inspections.drop("period").join(grid, col("inspected_on").leq(col("month_end")))
                .withColumn("r", row_number().over(Window.partitionBy("period", "business_code")
                        .orderBy(col("inspected_on").desc(), col("_line").desc())))
                .where(col("r").equalTo(1))
                .withColumn("zone", explode(array(col("zone"), lit(ALL))))
                .withColumn("coastal", explode(array(when(col("coastal"), lit("yes")).otherwise(lit("no")), lit(ALL))));
        Dataset<Row> inspected = latest.groupBy("period", "zone", "coastal").agg(
                        count(lit(1)).as("businesses_inspected"),
                        sum(when(col("plastic_free"), 1L).otherwise(0L)).as("businesses_plastic_free"),
                        sum(when(col("commitment_signed"), 1L).otherwise(0L)).as("businesses_commitment_signed"))
                .withColumn("plastic_free_pct", Measures.pct(col("businesses_plastic_free"), col("businesses_inspected")));

        Dataset<Row> monthly = weighings.withColumn("period", date_format(col("weighed_on"), "yyyy-MM"))
                .withColumn("zone", explode(array(col("zone"), lit(ALL))))
                .groupBy("period", "zone").agg(round(sum("plastic_kg"), 2).as("plastic_kg"), round(sum("total_kg"), 2).as("total_kg"),
                        sum("visitors").as("visitors"))
                .withColumn("year", substring(col("period"), 1, 4).cast("int"))
                .withColumn("month", substring(col("period"), 6, 2).cast("int"));
        Dataset<Row> base = monthly.where(col("year").equalTo(BASELINE_YEAR)).select(col("zone"), col("month"),
                col("plastic_kg").as("base_kg"), col("visitors").as("base_visitors"));
        Dataset<Row> withBase = monthly.join(base, new String[] {"zone", "month"}, "left");
        // Year to date: this year's months up to this one, against the same months of the baseline year.
        Dataset<Row> ytd = withBase.as("m").join(withBase.as("e"), col("m.zone").equalTo(col("e.zone"))
                        .and(col("m.year").equalTo(col("e.year"))).and(col("e.month").leq(col("m.month"))))
                .groupBy(col("m.period").as("period"), col("m.zone").as("zone")).agg(
                        sum(when(col("e.base_kg").isNotNull(), col("e.plastic_kg"))).as("ytd_kg"),
                        sum(when(col("e.base_kg").isNotNull(), col("e.visitors"))).as("ytd_visitors"),
                        sum("e.base_kg").as("ytd_base_kg"), sum("e.base_visitors").as("ytd_base_visitors"));
        // Reductions from the exact ratios; the ratios shown are rounded to 4 decimals.
        Column perThousand = per1000(col("plastic_kg"), col("visitors"));
        Column basePerThousand = per1000(col("base_kg"), col("base_visitors"));
        Column ytdPerThousand = per1000(col("ytd_kg"), col("ytd_visitors"));
        Column ytdBasePerThousand = per1000(col("ytd_base_kg"), col("ytd_base_visitors"));
        Dataset<Row> weighed = withBase.join(ytd, new String[] {"period", "zone"})
                .withColumn("reduction_pct", reduction(perThousand, basePerThousand))
                .withColumn("reduction_ytd_pct", reduction(ytdPerThousand, ytdBasePerThousand))
                .withColumn("plastic_kg_per_1000_visitors", round(perThousand, 4))
                .withColumn("baseline_kg_per_1000_visitors", round(basePerThousand, 4))
                .withColumn("plastic_kg_per_1000_visitors_ytd", round(ytdPerThousand, 4))
                .withColumn("baseline_kg_per_1000_visitors_ytd", round(ytdBasePerThousand, 4))
                .withColumn("coastal", lit(ALL))
                .select("period", "zone", "coastal", "plastic_kg", "total_kg", "visitors", "plastic_kg_per_1000_visitors",
                        "baseline_kg_per_1000_visitors", "reduction_pct", "plastic_kg_per_1000_visitors_ytd",
                        "baseline_kg_per_1000_visitors_ytd", "reduction_ytd_pct");

        return inspected.join(weighed, new String[] {"period", "zone", "coastal"}, "full")
                .withColumn("year", substring(col("period"), 1, 4).cast("int"))
                .withColumn("area_level", when(col("zone").equalTo(ALL), lit("city")).otherwise(lit("zone")))
                .withColumn("area_code", when(col("zone").equalTo(ALL), lit(Communes.CITY_CODE)).otherwise(col("zone")))
                .select("period", "year", "zone", "coastal", "area_level", "area_code", "businesses_inspected",
                        "businesses_plastic_free", "plastic_free_pct", "businesses_commitment_signed", "plastic_kg",
                        "total_kg", "visitors", "plastic_kg_per_1000_visitors", "baseline_kg_per_1000_visitors",
                        "reduction_pct", "plastic_kg_per_1000_visitors_ytd", "baseline_kg_per_1000_visitors_ytd",
                        "reduction_ytd_pct");
    }

    private static Column per1000(Column kg, Column visitors) {
        return when(visitors.gt(0), kg.multiply(1000.0).divide(visitors));
    }

    /** Reduction in percent of the baseline (negative when plastic grew). */
    private static Column reduction(Column current, Column baseline) {
        return when(baseline.gt(0), org.apache.spark.sql.functions.round(lit(100.0).minus(current.multiply(100.0).divide(baseline)), 4));
    }
}
