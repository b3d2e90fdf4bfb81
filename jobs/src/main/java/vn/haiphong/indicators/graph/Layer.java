package vn.haiphong.indicators.graph;

/** Where a table sits in the lake; the medallion layers plus the night's own records. */
public enum Layer {
    /** Typed rows of the delivered files, with lineage; written by ingestion. */
    BRONZE,
    /** The night's records: deliveries and their outcomes, the quarantine. */
    OPS,
    /** Conformed: active deliveries only, 2025 communes, one row per business key. */
    SILVER,
    /** Marts, the scorecard and forecasts: what statisticians and dashboards read. */
    GOLD,
    /** Computed in memory for the tables that read it, never stored. */
    MEMORY
}
