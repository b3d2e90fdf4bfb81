package vn.haiphong.indicators.graph;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A delivered file in force: the latest version of its kind and period ({@code ops_file_ingestion}
 * status {@code ingested}). What a table built from a kind read is the set of these.
 */
public record ActiveDelivery(String kind, String period, String fileName, String checksum) {

    /**
     * The bronze rows of these deliveries: a superseded delivery's rows stay in bronze for audit but stop
     * counting here. The period filter comes first: bronze is partitioned by it, so only those folders are read.
     */
    public static Dataset<Row> rowsOf(Dataset<Row> bronze, List<ActiveDelivery> active) {
        return bronze.where(col("period").isin(active.stream().map(ActiveDelivery::period).distinct().toArray()))
                .where(col("_checksum").isin(active.stream().map(ActiveDelivery::checksum).toArray()));
    }
}
