package vn.haiphong.indicators.graph;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a table's build function may read: only its declared inputs. */
public interface Inputs {
    SparkSession spark();

    /** A declared input table (stored, or built in memory this night). */
    Dataset<Row> table(String name);

    /** Whether a declared input table exists (an optional input of a source never delivered does not). */
    boolean has(String name);

    /** The rows of a declared kind's active deliveries, from its bronze table (empty when none). */
    default Dataset<Row> activeRows(String kind) {
        return activeRows(kind, java.util.Set.of());
    }

    /** The rows of a declared kind's active deliveries but those with these checksums (already dealt with). */
    Dataset<Row> activeRows(String kind, java.util.Set<String> exceptChecksums);

    /**
     * This table as its last build left it, when that build ran on the same logic; null otherwise (no table, a new
     * logic version, {@code --rebuild}). For a table whose rows for a delivery never change once made: its build keeps
     * them and computes only what the last one lacked, so that its cost follows new data rather than history.
     */
    Dataset<Row> previous();

    /** The active deliveries of these kinds as a DataFrame (kind, period, file_name, checksum). */
    Dataset<Row> deliveriesFrame(String... kinds);

    /** For a {@link WriteMode.ReplaceByDelivery} table: the partitions to rebuild this night. */
    List<String> stalePartitions();
}
