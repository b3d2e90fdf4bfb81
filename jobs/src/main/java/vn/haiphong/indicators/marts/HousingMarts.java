package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
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

/** Gold: {@code mart_social_housing} and {@code mart_social_housing_applications}. */
public final class HousingMarts {
    private HousingMarts() { }

    /** The resolutions count new projects and units completed from this year on. */
    public static final int PROGRAMME_START_YEAR = 2026;

    /**
     * One row per year and area (city, each commune). A project's state at the end of a year is its
     * latest month-end snapshot up to that year; units completed in a year are the growth of each
     * project's cumulative completed units over the year, summed (a project first reported in a later
     * year started from 0). The first year with data has no baseline, so its in-year figure is empty.
     * {@code period} is the latest snapshot month of the year: before December the year is not complete.
     *
     * @param projects silver_sh_projects (month-end snapshots, communes mapped to 2025)
     * @param communes (area_code, area_name)
     */
    public static Dataset<Row> yearly(Dataset<Row> projects, Dataset<Row> communes) {
        Dataset<Row> snapshots = projects.withColumn("snapshot_year", substring(col("period"), 1, 4).cast("int"));
        Dataset<Row> years = snapshots.groupBy(col("snapshot_year").as("year")).agg(max("period").as("period"));
        Dataset<Row> firstYear = snapshots.agg(min("snapshot_year").as("first_year"));
        // Each project's state at the end of each year: its latest snapshot up to that year.
        Dataset<Row> state = years.select("year").crossJoin(snapshots).where(col("snapshot_year").leq(col("year")))
                .withColumn("r", row_number().over(Window.partitionBy("project_code", "year").orderBy(col("period").desc())))
                .where(col("r").equalTo(1)).drop("r", "period");
        Dataset<Row> previous = state.select(col("project_code"), col("year").plus(1).as("year"),
                col("units_completed").as("units_completed_prev"));
        Dataset<Row> baseline = state.where(col("year").equalTo(PROGRAMME_START_YEAR - 1))
                .select(col("project_code"), col("units_completed").as("units_completed_base"));
        Dataset<Row> perProject = state.join(previous, new String[] {"project_code", "year"}, "left")
                .join(baseline, new String[] {"project_code"}, "left")
                .crossJoin(firstYear)
                .withColumn("completed_in_year", when(col("year").gt(col("first_year")),
                        col("units_completed").minus(coalesce(col("units_completed_prev"), lit(0L)))))
                .withColumn("completed_since_start", when(col("year").geq(PROGRAMME_START_YEAR),
                        col("units_completed").minus(coalesce(col("units_completed_base"), lit(0L)))))
                .withColumn("is_new", col("construction_start").geq(lit(PROGRAMME_START_YEAR + "-01-01").cast("date")));
        Dataset<Row> city = figures(perProject.groupBy("year"))
                .withColumn("area_level", lit("city")).withColumn("area_code", lit(Communes.CITY_CODE))
                .withColumn("area_name", lit(Communes.CITY_NAME));
        Dataset<Row> commune = figures(perProject.groupBy(col("year"), col("commune_code").as("area_code")))
                .withColumn("area_level", lit("commune")).join(communes, new String[] {"area_code"}, "left");
        return city.unionByName(commune).join(years, "year")
                .select("year", "period", "area_level", "area_code", "area_name", "units_completed_in_year",
                        "units_completed_since_2026", "units_completed_total", "units_planned", "projects", "new_projects",
                        "new_projects_with_infrastructure", "new_projects_with_infrastructure_pct", "units_for_sale",
                        "units_for_rent", "units_rent_to_own", "units_for_rent_or_rent_to_own_pct");
    }

    private static Dataset<Row> figures(org.apache.spark.sql.RelationalGroupedDataset g) {
        return g.agg(sum("completed_in_year").as("units_completed_in_year"),
                        sum("completed_since_start").as("units_completed_since_2026"),
                        sum("units_completed").as("units_completed_total"),
                        sum("units_planned").as("units_planned"),
                        count(lit(1)).as("projects"),
                        sum(when(col("is_new"), 1L).otherwise(0L)).as("new_projects"),
                        sum(when(col("is_new").and(col("social_infrastructure")), 1L).otherwise(0L)).as("new_projects_with_infrastructure"),
                        sum("units_for_sale").as("units_for_sale"), sum("units_for_rent").as("units_for_rent"),
                        sum("units_rent_to_own").as("units_rent_to_own"))
                .withColumn("new_projects_with_infrastructure_pct",
                        Measures.pct(col("new_projects_with_infrastructure"), col("new_projects")))
                .withColumn("units_for_rent_or_rent_to_own_pct",
                        Measures.pct(col("units_for_rent").plus(col("units_rent_to_own")), col("units_planned")));
    }

    /**
     * One row per month, priority group and form (each, and {@code all}): applications received
     * (submitted in the month), approved and rejected (decided in the month), pending at month end
     * (submitted by then and not yet decided), and the median days from submission to decision of
     * those decided in the month. Every application counts in its latest state.
     *
     * @param applications silver_sh_applications
     * @param months       (period) the months to report: every delivered month
     */
    public static Dataset<Row> applications(Dataset<Row> applications, Dataset<Row> months) {
        Dataset<Row> apps = applications.drop("period") // the month of the file that last listed it
                .withColumn("priority_group", explode(array(col("priority_group"), lit("all"))))
                .withColumn("tenure", explode(array(col("tenure"), lit("all"))))
                .withColumn("days_to_decision", datediff(col("decided_on"), col("submitted_on")));
        Column monthEnd = last_day(to_date(expr("concat(period, '-01')")));
        Dataset<Row> grid = months.distinct().withColumn("month_start", to_date(expr("concat(period, '-01')")))
                .withColumn("month_end", monthEnd);
        Column decidedInMonth = col("decided_on").between(col("month_start"), col("month_end"));
        // Only the months an application is alive in: from its submission to its decision.
        Dataset<Row> joined = apps.join(grid, col("submitted_on").leq(col("month_end"))
                .and(col("decided_on").isNull().or(col("decided_on").geq(col("month_start")))));
        return joined.groupBy("period", "priority_group", "tenure").agg(
                        sum(when(col("submitted_on").geq(col("month_start")), 1L).otherwise(0L)).as("received"),
                        sum(when(decidedInMonth.and(col("status").equalTo("Đã duyệt")), 1L).otherwise(0L)).as("approved"),
                        sum(when(decidedInMonth.and(col("status").equalTo("Từ chối")), 1L).otherwise(0L)).as("rejected"),
                        sum(when(col("decided_on").isNull().or(col("decided_on").gt(col("month_end"))), 1L).otherwise(0L)).as("pending"),
                        expr("percentile(CASE WHEN decided_on BETWEEN month_start AND month_end THEN days_to_decision END, 0.5)")
                                .as("median_days_to_decision"))
                .withColumnRenamed("tenure", "form")
                .select("period", "priority_group", "form", "received", "approved", "rejected", "pending",
                        "median_days_to_decision");
    }
}
