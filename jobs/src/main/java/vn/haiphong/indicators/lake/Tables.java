package vn.haiphong.indicators.lake;

import java.util.List;

/** The tables users read (marts and operations), with the key that orders their exports. */
public enum Tables {
    OPS_FILE_INGESTION("ops_file_ingestion", "source", "kind", "period", "file_name", "checksum"),
    OPS_QUARANTINE("ops_quarantine", "source", "file_name", "checksum", "line_number"),
    MART_HEALTH_INSURANCE_MONTHLY("mart_health_insurance_monthly", "area_level", "area_code", "period"),
    MART_SCHOOLS_YEARLY("mart_schools_yearly", "school_year", "area_level", "area_code", "school_level"),
    MART_MODEL_SCHOOLS("mart_model_schools", "school_code", "assessment_date"),
    MART_SOCIAL_HOUSING("mart_social_housing", "year", "area_level", "area_code"),
    MART_SOCIAL_HOUSING_APPLICATIONS("mart_social_housing_applications", "period", "priority_group", "form"),
    MART_TOURISM_PLASTICS("mart_tourism_plastics", "period", "zone", "coastal"),
    MART_CITY_INDICATORS("mart_city_indicators", "indicator_code", "year"),
    MART_CRITERIA_SCORECARD("mart_criteria_scorecard", "criterion_id", "area_level", "area_code", "year"),
    MART_FORECAST("mart_forecast", "criterion_id", "area_level", "area_code", "year");

    public final String table;
    public final List<String> key;

    Tables(String table, String... key) {
        this.table = table;
        this.key = List.of(key);
    }
}
