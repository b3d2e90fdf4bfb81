package vn.haiphong.indicators.lake;

import java.util.List;

/**
 * How {@link Lake#write} commits rows to a table. {@code fingerprint} (what the rows were built from) goes
 * to the commit's {@code userMetadata}; a write whose fingerprint equals the table's last one is skipped
 * without even planning its rows. A null fingerprint always writes.
 *
 * @param keys          for {@link Mode#SYNC} and {@link Mode#UPSERT}: the business key
 * @param replaceWhere  for {@link Mode#REPLACE_WHERE}: which rows the new rows replace
 */
public record Commit(Mode mode, String fingerprint, List<String> keys, String replaceWhere, List<String> partitionBy) {
    public enum Mode {
        /** The table becomes the rows, in one commit. */
        OVERWRITE,
        /** One MERGE on the key: new keys inserted, changed rows updated, keys no longer present deleted. */
        SYNC,
        /** One MERGE on the key: new keys inserted, existing keys updated, nothing deleted. */
        UPSERT,
        /** The rows matching a condition are replaced (the table created on first use). */
        REPLACE_WHERE
    }

    public static Commit overwrite(String fingerprint) {
        return new Commit(Mode.OVERWRITE, fingerprint, List.of(), null, List.of());
    }

    public static Commit sync(List<String> keys, String fingerprint) {
        return new Commit(Mode.SYNC, fingerprint, List.copyOf(keys), null, List.of());
    }

    public static Commit upsert(List<String> keys) {
        return new Commit(Mode.UPSERT, null, List.copyOf(keys), null, List.of());
    }

    public static Commit replaceWhere(String condition, String fingerprint, String... partitionBy) {
        return new Commit(Mode.REPLACE_WHERE, fingerprint, List.of(), condition, List.of(partitionBy));
    }
}
