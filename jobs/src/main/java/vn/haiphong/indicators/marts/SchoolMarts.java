package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;
import static vn.haiphong.indicators.marts.Measures.pct;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import vn.haiphong.indicators.reference.Communes;

/** Gold: {@code mart_schools_yearly} and {@code mart_model_schools}, from the census and the assessments. */
public final class SchoolMarts {
    private SchoolMarts() { }

    /** The five dimensions of the socialist school criteria, as delivered, and their column prefix. */
    public static final Map<String, String> DIMENSIONS = new LinkedHashMap<>();
    static {
        DIMENSIONS.put("Cơ sở vật chất", "facilities");
        DIMENSIONS.put("Đội ngũ", "staff");
        DIMENSIONS.put("Chương trình giáo dục", "curriculum");
        DIMENSIONS.put("Quản trị trường học", "governance");
        DIMENSIONS.put("Môi trường học đường", "environment");
    }

    /**
     * One row per school year, area (the city and each commune) and school level (each level and
     * {@code all}). {@code year} is the calendar year the school year ends in (2025-2026 -> 2026),
     * the year its targets are read against.
     *
     * @param schools  silver_schools
     * @param communes (area_code, area_name) of the 114 communes
     */
    public static Dataset<Row> yearly(Dataset<Row> schools, Dataset<Row> communes) {
        Dataset<Row> rows = schools.withColumn("school_level", explode(array(col("school_level"), lit("all"))));
        Dataset<Row> city = figures(rows.groupBy("school_year", "school_level"))
                .withColumn("area_level", lit("city")).withColumn("area_code", lit(Communes.CITY_CODE))
                .withColumn("area_name", lit(Communes.CITY_NAME));
        Dataset<Row> commune = figures(rows.groupBy(col("school_year"), col("school_level"), col("commune_code").as("area_code")))
                .withColumn("area_level", lit("commune"))
                .join(communes, new String[] {"area_code"}, "left");
        return city.unionByName(commune)
                .withColumn("year", substring(col("school_year"), 6, 4).cast("int"))
                .select("school_year", "year", "area_level", "area_code", "area_name", "school_level", "schools",
                        "schools_national_standard", "schools_national_standard_pct", "schools_national_standard_level2",
                        "public_schools", "classrooms", "classrooms_solid", "classrooms_solid_pct", "pupils", "teachers",
                        "pupils_community_project", "pupils_community_project_pct", "model_schools");
    }

    private static Dataset<Row> figures(org.apache.spark.sql.RelationalGroupedDataset g) {
        Column standard = col("national_standard_level").notEqual("0");
        Column reporting = col("pupils_community_project").isNotNull();
        return g.agg(count(lit(1)).as("schools"),
                        sum(when(standard, 1L).otherwise(0L)).as("schools_national_standard"),
                        sum(when(col("national_standard_level").equalTo("2"), 1L).otherwise(0L)).as("schools_national_standard_level2"),
                        sum(when(col("ownership").equalTo("Công lập"), 1L).otherwise(0L)).as("public_schools"),
                        sum("classrooms").as("classrooms"), sum("classrooms_solid").as("classrooms_solid"),
                        sum("pupils").as("pupils"), sum("teachers").as("teachers"),
                        sum("pupils_community_project").as("pupils_community_project"),
                        sum(when(reporting, col("pupils"))).as("pupils_reporting"),
                        sum(when(coalesce(col("model_school"), lit(false)), 1L).otherwise(0L)).as("model_schools"))
                .withColumn("schools_national_standard_pct", pct(col("schools_national_standard"), col("schools")))
                .withColumn("classrooms_solid_pct", pct(col("classrooms_solid"), col("classrooms")))
                // Share among the schools that reported the figure, not diluted by those that did not.
                .withColumn("pupils_community_project_pct", pct(col("pupils_community_project"), col("pupils_reporting")))
                .drop("pupils_reporting");
    }

    /**
     * One row per assessed school and assessment date: criteria assessed and met, the met share, and
     * the met share of each of the five dimensions. Name and commune come from the school's latest census.
     *
     * @param assessments silver_school_assessments
     * @param schools     silver_schools
     */
    public static Dataset<Row> modelSchools(Dataset<Row> assessments, Dataset<Row> schools) {
        Dataset<Row> latestCensus = latestCensus(schools).select(col("school_code"), col("school_name"),
                col("commune_code").as("area_code"), col("school_level"), col("model_school").as("is_model_school"));
        Column[] aggs = new Column[2 + DIMENSIONS.size() * 2];
        aggs[0] = count(lit(1)).as("criteria_assessed");
        aggs[1] = sum(when(col("met"), 1L).otherwise(0L)).as("criteria_met");
        int i = 2;
        for (Map.Entry<String, String> d : DIMENSIONS.entrySet()) {
            Column in = col("dimension").equalTo(d.getKey());
            aggs[i++] = sum(when(in, 1L)).as(d.getValue() + "_assessed");
            aggs[i++] = sum(when(in.and(col("met")), 1L).when(in, 0L)).as(d.getValue() + "_met");
        }
        Dataset<Row> out = assessments.groupBy("school_code", "assessment_date").agg(aggs[0],
                        java.util.Arrays.copyOfRange(aggs, 1, aggs.length))
                .withColumn("criteria_met_pct", pct(col("criteria_met"), col("criteria_assessed")));
        for (String prefix : DIMENSIONS.values()) {
            out = out.withColumn(prefix + "_met_pct", pct(col(prefix + "_met"), col(prefix + "_assessed")))
                    .drop(prefix + "_met", prefix + "_assessed");
        }
        out = out.withColumn("dimensions_assessed", DIMENSIONS.values().stream()
                .map(p -> when(col(p + "_met_pct").isNotNull(), 1).otherwise(0)).reduce(Column::plus).orElseThrow());
        return out.join(latestCensus, new String[] {"school_code"}, "left")
                .withColumn("year", year(col("assessment_date")))
                .select(col("school_code"), col("school_name"), col("area_code"), col("school_level"),
                        coalesce(col("is_model_school"), lit(false)).as("is_model_school"), col("assessment_date"),
                        col("year"), col("criteria_assessed"), col("criteria_met"), col("criteria_met_pct"),
                        col("facilities_met_pct"), col("staff_met_pct"), col("curriculum_met_pct"),
                        col("governance_met_pct"), col("environment_met_pct"), col("dimensions_assessed"));
    }

    /**
     * The model-school criteria's values for the scorecard, per school ({@code area_level = school})
     * and for the city: criteria met per assessment (the city: the weakest model school's latest
     * assessment of the year, since every school must reach the target), criteria met at selection
     * (each school's first assessment; the city: the weakest school), and from the census the
     * model schools' solid classrooms and pupils with a community project (the city: all model
     * schools together).
     */
    public static Dataset<Row> modelSchoolMetrics(Dataset<Row> martModelSchools, Dataset<Row> schools) {
        Dataset<Row> assessed = martModelSchools.where(col("is_model_school"));
        Dataset<Row> perSchool = assessed.select(lit("school").as("area_level"), col("school_code").as("area_code"),
                col("school_name").as("area_name"), date_format(col("assessment_date"), "yyyy-MM-dd").as("period"),
                col("year"), col("criteria_met_pct"));
        // At selection: each school's first assessment (in the year it took place); the city: the weakest school.
        Dataset<Row> first = assessed.withColumn("r", row_number().over(
                        Window.partitionBy("school_code").orderBy(col("assessment_date"))))
                .where(col("r").equalTo(1));
        Dataset<Row> atSelection = first.select(lit("school").as("area_level"), col("school_code").as("area_code"),
                        col("school_name").as("area_name"), date_format(col("assessment_date"), "yyyy-MM-dd").as("period"),
                        col("year"), col("criteria_met_pct").as("criteria_met_pct_at_selection"))
                .unionByName(first.groupBy("year").agg(min("criteria_met_pct").as("criteria_met_pct_at_selection"),
                                date_format(max("assessment_date"), "yyyy-MM-dd").as("period"))
                        .select(lit("city").as("area_level"), lit(Communes.CITY_CODE).as("area_code"),
                                lit(Communes.CITY_NAME).as("area_name"), col("period"), col("year"),
                                col("criteria_met_pct_at_selection")));
        Dataset<Row> latestOfYear = assessed.withColumn("r", row_number().over(
                        Window.partitionBy("school_code", "year").orderBy(col("assessment_date").desc())))
                .where(col("r").equalTo(1));
        Dataset<Row> cityAssessed = latestOfYear.groupBy("year").agg(min("criteria_met_pct").as("criteria_met_pct"),
                        date_format(max("assessment_date"), "yyyy-MM-dd").as("period"))
                .select(lit("city").as("area_level"), lit(Communes.CITY_CODE).as("area_code"),
                        lit(Communes.CITY_NAME).as("area_name"), col("period"), col("year"), col("criteria_met_pct"));

        Dataset<Row> model = schools.where(coalesce(col("model_school"), lit(false)))
                .withColumn("year", substring(col("school_year"), 6, 4).cast("int"));
        Dataset<Row> censusSchool = model.select(lit("school").as("area_level"), col("school_code").as("area_code"),
                col("school_name").as("area_name"), col("school_year").as("period"), col("year"),
                pct(col("classrooms_solid"), col("classrooms")).as("classrooms_solid_pct"),
                pct(col("pupils_community_project"), col("pupils")).as("pupils_community_project_pct"));
        Dataset<Row> censusCity = model.groupBy("school_year", "year").agg(
                        pct(sum("classrooms_solid"), sum("classrooms")).as("classrooms_solid_pct"),
                        pct(sum("pupils_community_project"), sum(when(col("pupils_community_project").isNotNull(), col("pupils"))))
                                .as("pupils_community_project_pct"))
                .select(lit("city").as("area_level"), lit(Communes.CITY_CODE).as("area_code"),
                        lit(Communes.CITY_NAME).as("area_name"), col("school_year").as("period"), col("year"),
                        col("classrooms_solid_pct"), col("pupils_community_project_pct"));
        return perSchool.unionByName(cityAssessed).unionByName(atSelection, true).unionByName(censusSchool, true)
                .unionByName(censusCity, true)
                .withColumn("year_complete", lit(true)).withColumn("provisional", lit(false));
    }

    /** Each school's row of its latest school year. */
    static Dataset<Row> latestCensus(Dataset<Row> schools) {
        return schools.withColumn("r", row_number().over(Window.partitionBy("school_code").orderBy(col("school_year").desc())))
                .where(col("r").equalTo(1)).drop("r");
    }

}
