package vn.haiphong.indicators.graph;

import java.util.List;

/** How a declared table is written: the one choice a declaration makes about I/O. */
public sealed interface WriteMode {
    /** Replaced whole, in one commit. */
    record Overwrite() implements WriteMode { }

    /**
     * One Delta MERGE on the business key: new keys inserted, changed rows updated, keys no longer
     * present deleted, unchanged rows not rewritten (latest-state sources).
     */
    record MergeByKey(List<String> keys) implements WriteMode { }

    /**
     * Only the partitions whose active delivery changed are rebuilt and replaced ({@code replaceWhere});
     * the table keeps each partition's delivery checksum in {@code _checksum}. For large monthly sources,
     * so that a new month costs that month, not the history.
     */
    record ReplaceByDelivery(String kind, String partitionColumn) implements WriteMode { }

    /** Written by ingestion (bronze, ops), not by the runner; declared for order, export and change detection. */
    record Ingested() implements WriteMode { }

    /**
     * Written outside the night's graph, by {@code by} (the editions, made by a sink or a command), and declared so that
     * the tables and sinks reading it see it move.
     */
    record Recorded(String by) implements WriteMode { }

    /** Not stored: built in memory for the tables that read it. */
    record InMemory() implements WriteMode { }

    static WriteMode overwrite() { return new Overwrite(); }

    static WriteMode mergeByKey(List<String> keys) { return new MergeByKey(List.copyOf(keys)); }
}
