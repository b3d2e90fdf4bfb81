package vn.haiphong.indicators.lake;

/**
 * The names of the lake's tables that more than one stage refers to by name: written once here, declared by
 * {@code pipeline.LakeTables} (which builds them), read by the report, the editions, the publish and the ingest. A
 * table only its own declaration names keeps its name there.
 */
public final class TableNames {
    private TableNames() { }

    public static final String OPS_FILE_INGESTION = "ops_file_ingestion";
    public static final String OPS_QUARANTINE = "ops_quarantine";
    public static final String OPS_DELIVERY_PROFILES = "ops_delivery_profiles";
    public static final String OPS_DATA_QUALITY = "ops_data_quality";
    public static final String OPS_ALERTS = "ops_alerts";
    /** Written by the editions (a night's sink, or the edition command). */
    public static final String OPS_EDITIONS = "ops_editions";
    public static final String OPS_EDITION_FIGURES = "ops_edition_figures";
    public static final String SILVER_INSURED = "silver_insured_commune_month";
    public static final String SILVER_STATIONS = "silver_health_stations";
    public static final String SILVER_POPULATION = "silver_population";
    public static final String MART_HEALTH_INSURANCE_MONTHLY = "mart_health_insurance_monthly";
    public static final String MART_MODEL_SCHOOLS = "mart_model_schools";
    public static final String SCORECARD_BASE = "criteria_scorecard_base";
    public static final String MART_SCORECARD = "mart_criteria_scorecard";
    public static final String MART_FORECAST = "mart_forecast";
    public static final String MART_MODEL_SUMMARY = "mart_model_summary";
    public static final String MART_COMMUNE_INDEX = "mart_commune_index";
    public static final String MART_INDEX_METHOD = "mart_index_method";
    public static final String MART_DELIVERY_COMPLETENESS = "mart_delivery_completeness";
}
