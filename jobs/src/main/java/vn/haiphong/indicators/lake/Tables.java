package vn.haiphong.indicators.lake;

import java.util.List;

/** The tables users read (marts and operations), with the key that orders their exports. */
public enum Tables {
    OPS_FILE_INGESTION("ops_file_ingestion", "source", "kind", "period", "file_name", "checksum"),
    OPS_QUARANTINE("ops_quarantine", "source", "file_name", "checksum", "line_number"),
    MART_HEALTH_INSURANCE_MONTHLY("mart_health_insurance_monthly", "area_level", "area_code", "period"),
    MART_CRITERIA_SCORECARD("mart_criteria_scorecard", "criterion_id", "area_level", "area_code", "year"),
    MART_FORECAST("mart_forecast", "criterion_id", "area_level", "area_code", "year");

    public final String table;
    public final List<String> key;

    Tables(String table, String... key) {
        this.table = table;
        this.key = List.of(key);
    }
}
