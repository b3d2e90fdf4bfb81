package vn.haiphong.indicators.lake;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta lake: one folder per table under a base path (local folder or {@code s3a://}).
 * Every write here is one Delta commit, so a run that dies leaves each table as it was before that
 * commit, and reruns converge.
 */
public final class Lake {
    private final SparkSession spark;
    private final String base;
    static final int STATS_COLUMNS = 8;

    public Lake(SparkSession spark, String base) {
        this.spark = spark;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public SparkSession spark() { return spark; }
    public String base() { return base; }
    public String path(String table) { return base + "/" + table; }

    public boolean exists(String table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    public Dataset<Row> read(String table) {
        return spark.read().format("delta").load(path(table));
    }

    /** Latest version of a table, or -1 when it does not exist. */
    public long version(String table) {
        if (!exists(table)) return -1;
        return DeltaTable.forPath(spark, path(table)).history(1).first().getLong(0);
    }

    /** The {@code userMetadata} of the table's latest commit, or null. */
    public String lastCommitMetadata(String table) {
        if (!exists(table)) return null;
        Row last = DeltaTable.forPath(spark, path(table)).history(1).select("userMetadata").first();
        return last.isNullAt(0) ? null : last.getString(0);
    }

    /**
     * Replaces the rows matching {@code condition} by {@code rows} in one commit (creating the table
     * on first use). Used to make re-ingesting a file or re-conforming a period idempotent.
     */
    public void replaceWhere(String table, Dataset<Row> rows, String condition, String... partitionBy) {
        var writer = rows.write().format("delta").option("mergeSchema", "true")
                // Data-skipping statistics on the first columns only (lineage and keys come first):
                // statistics on every column of a wide bronze table cost a third of the write.
                .option("delta.dataSkippingNumIndexedCols", String.valueOf(STATS_COLUMNS));
        if (partitionBy.length > 0) writer = writer.partitionBy(partitionBy);
        if (exists(table)) {
            writer.mode("overwrite").option("replaceWhere", condition).save(path(table));
        } else {
            writer.mode("append").save(path(table));
        }
    }

    /**
     * Overwrites a derived table unless its last commit was built from the same inputs
     * ({@code fingerprint}), so a rerun with nothing new leaves it at the same version.
     *
     * @return true when the table was written
     */
    public boolean overwriteIfChanged(String table, Dataset<Row> rows, String fingerprint, String... partitionBy) {
        return overwriteIfChanged(table, () -> rows, fingerprint, partitionBy);
    }

    /** As above, planning {@code rows} (reading its inputs) only when the table must be written. */
    public boolean overwriteIfChanged(String table, java.util.function.Supplier<Dataset<Row>> plan, String fingerprint,
                                      String... partitionBy) {
        if (fingerprint.equals(lastCommitMetadata(table))) return false;
        Dataset<Row> rows = plan.get();
        var writer = rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .option("userMetadata", fingerprint);
        if (partitionBy.length > 0) writer = writer.partitionBy(partitionBy);
        writer.save(path(table));
        return true;
    }

    /**
     * Brings a keyed table to {@code rows} with one Delta MERGE: rows of a new key are inserted, rows
     * whose values changed are updated, keys no longer present are deleted; unchanged rows are not
     * rewritten. Skipped when the last commit was built from the same inputs ({@code fingerprint}).
     * This is how latest-state-wins sources (applications, inspections, estimate vs final values)
     * update silver: a re-delivery or a later month updates a row instead of adding one.
     *
     * @return true when the table was written
     */
    public boolean mergeByKey(String table, Dataset<Row> rows, List<String> keys, String fingerprint) {
        return mergeByKey(table, () -> rows, keys, fingerprint);
    }

    /** As above, planning {@code rows} (reading bronze) only when the table must be written. */
    public boolean mergeByKey(String table, java.util.function.Supplier<Dataset<Row>> plan, List<String> keys, String fingerprint) {
        if (fingerprint.equals(lastCommitMetadata(table))) return false;
        Dataset<Row> rows = plan.get();
        if (!exists(table) || !shape(read(table)).equals(shape(rows))) {
            // First build, or the silver shape changed (a new contract column): rebuilt whole, in one commit.
            rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                    .option("userMetadata", fingerprint).save(path(table));
            return true;
        }
        String on = keys.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(java.util.stream.Collectors.joining(" AND "));
        String changed = java.util.Arrays.stream(rows.columns()).filter(c -> !keys.contains(c))
                .map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)").collect(java.util.stream.Collectors.joining(" OR "));
        String previous = spark.conf().get(USER_METADATA, null);
        spark.conf().set(USER_METADATA, fingerprint);
        try {
            var merge = DeltaTable.forPath(spark, path(table)).as("t").merge(rows.as("s"), on);
            (changed.isEmpty() ? merge : merge.whenMatched(changed).updateAll())
                    .whenNotMatched().insertAll()
                    .whenNotMatchedBySource().delete()
                    .execute();
        } finally {
            if (previous == null) spark.conf().unset(USER_METADATA); else spark.conf().set(USER_METADATA, previous);
        }
        return true;
    }

    /** Column names and types, in order, ignoring nullability. */
    private static List<String> shape(Dataset<Row> df) {
        return java.util.Arrays.stream(df.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    }

    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    /** SQL list literal of strings for conditions: ('a', 'b'). */
    public static String inList(List<String> values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('\'').append(values.get(i).replace("'", "''")).append('\'');
        }
        return sb.append(')').toString();
    }
}
