package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.reference.Communes;

/** Gold: {@code mart_city_indicators}. */
public final class IndicatorMarts {
    private IndicatorMarts() { }

    /**
     * One row per indicator, area (the city, or the commune of {@code Mã xã}) and year, the value in force: a final value over an estimate, a later
     * file over an earlier one of the same type (applied in silver). {@code provisional} marks estimates.
     *
     * @param indicators silver_city_indicators
     */
    public static Dataset<Row> cityIndicators(Dataset<Row> indicators) {
        return indicators.select(col("indicator_code"), col("year"), col("value"), col("unit"),
                when(col("value_type").equalTo("Chính thức"), lit("final")).otherwise(lit("estimate")).as("value_type"),
                col("indicator_name"), col("period").as("reported_in_file_year"), col("_source_file").as("source_file"),
                when(col("commune_code").isNull(), lit("city")).otherwise(lit("commune")).as("area_level"),
                coalesce(col("commune_code"), lit(Communes.CITY_CODE)).as("area_code"),
                lit(true).as("year_complete"), col("value_type").notEqual("Chính thức").as("provisional"));
    }
}
