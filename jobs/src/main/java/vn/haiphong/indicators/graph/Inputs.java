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
    Dataset<Row> activeRows(String kind);

    /** The active deliveries of these kinds as a DataFrame (kind, period, file_name, checksum). */
    Dataset<Row> deliveriesFrame(String... kinds);

    /** For a {@link WriteMode.ReplaceByDelivery} table: the partitions to rebuild this night. */
    List<String> stalePartitions();

    /** For an ingest step: the night's object of this type that the runner was given (the night's ingest). */
    <T> T night(Class<T> type);
}
