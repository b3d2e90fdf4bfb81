package vn.haiphong.indicators.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Delta lake: one folder per table under a base path (local folder or {@code s3a://}). Every write is one
 * Delta commit, through {@link #write}, so a run that dies leaves each table as it was before that commit,
 * and reruns converge.
 */
public final class Lake {
    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Delta's column statistics (min, max, null count per column) serve data skipping, which only a filtered read of
     * a table of many files gains from. Tables replaced by condition are read that way (bronze by delivery, the
     * insured persons by month): statistics on their first columns, where lineage and keys come first. Every other
     * table is written whole and read whole, so it keeps only its row count: each written row otherwise evaluates
     * three expressions per column, interpreted on a small night (12% of a one-file night's CPU samples).
     */
    static final int STATS_COLUMNS = 8;
    private static final String STATS_PROPERTY = "delta.dataSkippingNumIndexedCols";

    /**
     * A table's latest commit: version (-1 when there is no table), its {@code userMetadata}, and whether the files it
     * added carry column statistics. What rows a write added is asked of the commits that write made
     * ({@link #rowsAddedSince}), never of the latest commit, which may be an earlier night's.
     */
    public record TableState(long version, String userMetadata, boolean columnStatistics) {
        static final TableState MISSING = new TableState(-1, null, false);
        public boolean exists() { return version >= 0; }
    }

    /** One commit of a table's log: the rows it added (-1 when it adds files but does not say), its metadata, statistics. */
    private record CommitInfo(long addedRows, String userMetadata, boolean columnStatistics) { }

    private final SparkSession spark;
    private final String base;
    /** Latest commit per table, read from the Delta log once, dropped after each write here and by {@link #refresh}. */
    private final Map<String, TableState> states = new ConcurrentHashMap<>();
    /**
     * A table's whole content as committed at {@code version}, held by Spark: the rows a night wrote ({@link #keep},
     * {@code written}) or a read of the table ({@link #hold}).
     */
    private record Kept(long version, Dataset<Row> rows, Dataset<Row> served, boolean written) { }
    /** Rows kept per table, one version each; dropped when this object writes the table. */
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    public Lake(SparkSession spark, String base) {
        this.spark = spark;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public SparkSession spark() { return spark; }
    public String base() { return base; }
    public String path(String table) { return base + "/" + table; }

    public boolean exists(String table) { return state(table).exists(); }

    public Dataset<Row> read(String table) {
        Kept k = kept.get(table);
        if (k != null && k.version() == version(table)) return k.served();
        return spark.read().format("delta").load(path(table));
    }

    /**
     * Serves this object's later reads of {@code table} from {@code rows}, the table's whole content as committed at
     * {@code version} and held by Spark (a local checkpoint), for as long as that version is the table's latest (as the
     * log says after a {@link #refresh}). A night's readers after its builds (its summary, the report, the publish)
     * then neither build a Delta snapshot of each table they read (three Spark jobs and a log listing) nor decode its
     * Parquet. Columns read as nullable, as Delta stores them. The rows kept before for the table are freed.
     */
    public void keep(String table, long version, Dataset<Row> rows) {
        // (Dataset.to keeps a column that is never null as such: the rows are retyped instead, a small table's worth)
        Kept old = kept.put(table, new Kept(version, rows, spark.createDataFrame(rows.javaRDD(), nullable(rows.schema())), true));
        if (old != null && old.rows() != rows) free(old.rows());
    }

    /**
     * The table's rows, held by Spark (memory, then disk) once read, until {@link #releaseHeld}: the builds of a night
     * that read one table several times, or several builds that read it, then neither plan a Delta scan again (a Spark
     * job listing the table's files, and a snapshot of each new version) nor decode its Parquet again. A table the night
     * wrote whole ({@link #keep}) is held as the rows it wrote, the checkpoint itself, as the night's builds read them
     * before there was one cache; not {@link #read}'s retyped copy (in one noisy measurement, builds reading the copy
     * took the sample night's tables' stage from 50 s to 66 s).
     */
    public Dataset<Row> hold(String table) {
        long version = version(table);
        return kept.compute(table, (name, old) -> {
            if (old != null && old.version() == version) return old;
            if (old != null) free(old.rows());
            Dataset<Row> rows = spark.read().format("delta").load(path(name)).persist(StorageLevel.MEMORY_AND_DISK());
            return new Kept(version, rows, rows, false);
        }).rows();
    }

    /** Frees the tables {@linkplain #hold held} by reading; the rows a night wrote whole ({@link #keep}) are still served. */
    public void releaseHeld() {
        kept.values().removeIf(k -> {
            if (k.written()) return false;
            free(k.rows());
            return true;
        });
    }

    /**
     * Frees what Spark holds of {@code rows}: a local checkpoint's blocks belong to its RDD (a Dataset's unpersist()
     * only uncaches a persisted plan).
     */
    public static void free(Dataset<Row> rows) {
        if (rows.queryExecution().analyzed() instanceof org.apache.spark.sql.execution.LogicalRDD r) r.rdd().unpersist(false);
        else rows.unpersist(false);
    }

    private static StructType nullable(StructType schema) {
        StructType out = new StructType();
        for (StructField f : schema.fields()) out = out.add(f.name(), nullable(f.dataType()), true, f.metadata());
        return out;
    }

    private static DataType nullable(DataType type) {
        if (type instanceof StructType st) return nullable(st);
        if (type instanceof ArrayType a) return DataTypes.createArrayType(nullable(a.elementType()), true);
        if (type instanceof MapType m) return DataTypes.createMapType(nullable(m.keyType()), nullable(m.valueType()), true);
        return type;
    }

    /** Latest version of a table, or -1 when it does not exist. */
    public long version(String table) { return state(table).version(); }

    /** The {@code userMetadata} of the table's latest commit, or null. */
    public String lastCommitMetadata(String table) { return state(table).userMetadata(); }

    /**
     * The table's latest commit, from a listing of its {@code _delta_log} and its newest commit file: no
     * snapshot is built (a snapshot per table per stage was a large share of a small night).
     */
    public TableState state(String table) {
        return states.computeIfAbsent(table, this::readState);
    }

    /**
     * Forgets what is known of the tables' states: at the start of each night, since another process (or a
     * restore by hand) may have committed to the lake since this object last looked. Rows {@linkplain #keep kept} for a
     * table are served again only if its log still ends at their version.
     */
    public void refresh() { states.clear(); }

    private TableState readState(String table) {
        Path log = new Path(path(table) + "/_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long version = latestVersion(fs, log);
            if (version < 0) return TableState.MISSING;
            CommitInfo c = readCommit(fs, commitFile(log, version));
            return new TableState(version, c.userMetadata(), c.columnStatistics());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta log of " + path(table), e);
        }
    }

    /**
     * The rows added to {@code table} by its commits after {@code version} (-1: the table did not exist then), as their
     * Delta log reports them ({@code numOutputRows} less {@code numCopiedRows}, the rows of rewritten files a commit only
     * carried over). 0 when no commit was made since: Delta records no commit for a write with nothing to add or remove
     * (an empty quarantine, a delivery of a header alone). Asked by the writer right after its write, under the lake's
     * lock, so the commits counted are its own.
     *
     * @throws IllegalStateException when a commit adds files without saying how many rows they hold
     */
    public long rowsAddedSince(String table, long version) {
        Path log = new Path(path(table) + "/_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long latest = latestVersion(fs, log);
            long added = 0;
            for (long v = version + 1; v <= latest; v++) {
                CommitInfo c = readCommit(fs, commitFile(log, v));
                if (c.addedRows() < 0) {
                    throw new IllegalStateException(table + ": commit " + v + " adds files but its log does not say how many rows");
                }
                added += c.addedRows();
            }
            return added;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta log of " + path(table), e);
        }
    }

    /** The newest commit's version in a {@code _delta_log} folder, or -1 when there is none. */
    private static long latestVersion(FileSystem fs, Path log) throws IOException {
        FileStatus[] files;
        try {
            files = fs.listStatus(log, p -> p.getName().matches("\\d{20}\\.json"));
        } catch (FileNotFoundException e) {
            return -1;
        }
        return Arrays.stream(files).mapToLong(f -> Long.parseLong(f.getPath().getName().substring(0, 20))).max().orElse(-1);
    }

    private static Path commitFile(Path log, long version) {
        return new Path(log, String.format("%020d.json", version));
    }

    private static CommitInfo readCommit(FileSystem fs, Path commit) throws IOException {
        String userMetadata = null;
        long added = 0;
        boolean addsFiles = false;
        boolean counted = false;
        boolean columnStatistics = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{\"add\"")) {
                    addsFiles = true;
                    // the statistics are a JSON string inside the action: a column's minimum appears escaped
                    columnStatistics |= line.contains("\\\"minValues\\\":{\\\"");
                } else if (line.startsWith("{\"commitInfo\"")) {
                    JsonNode info = JSON.readTree(line).path("commitInfo");
                    JsonNode meta = info.path("userMetadata");
                    JsonNode metrics = info.path("operationMetrics");
                    if (metrics.has("numOutputRows")) {
                        counted = true;
                        added = Long.parseLong(metrics.get("numOutputRows").asText())
                                - (metrics.has("numCopiedRows") ? Long.parseLong(metrics.get("numCopiedRows").asText()) : 0);
                    }
                    userMetadata = meta.isTextual() ? meta.asText() : null;
                }
            }
        }
        // a commit that adds no file (a property change, a removal) adds no row
        return new CommitInfo(counted ? added : addsFiles ? -1 : 0, userMetadata, columnStatistics);
    }

    /**
     * The one way rows reach a table: one commit as {@code commit} says, unless the table's last commit was
     * built from the same inputs (same fingerprint), in which case {@code plan} is not even called.
     *
     * @return true when the table was written
     */
    public boolean write(String table, Supplier<Dataset<Row>> plan, Commit commit) {
        if (commit.fingerprint() != null && commit.fingerprint().equals(lastCommitMetadata(table))) return false;
        Dataset<Row> rows = plan.get();
        try {
            switch (commit.mode()) {
                case OVERWRITE -> overwrite(table, rows, commit);
                case SYNC, UPSERT -> merge(table, rows, commit);
                case REPLACE_WHERE -> replaceWhere(table, rows, commit);
            }
        } finally {
            states.remove(table);
            Kept before = kept.remove(table);
            if (before != null && before.rows() != rows) free(before.rows());
        }
        return true;
    }

    private DataFrameWriter<Row> writer(Dataset<Row> rows, Commit commit) {
        DataFrameWriter<Row> w = rows.write().format("delta");
        if (commit.fingerprint() != null) w = w.option("userMetadata", commit.fingerprint());
        if (!commit.partitionBy().isEmpty()) w = w.partitionBy(commit.partitionBy().toArray(String[]::new));
        return w;
    }

    private void overwrite(String table, Dataset<Row> rows, Commit commit) {
        DataFrameWriter<Row> w = writer(rows, commit)
                .option(STATS_PROPERTY, "0"); // a table property: it takes effect when the write creates the table
        if (!exists(table)) {
            // A table's first commit creates it: an overwrite would first ask Delta for the files to remove, a Spark
            // query over the empty table (about a third of a small table's write), and find none. Should the table
            // exist after all (created since this lake last looked), the write fails instead of adding to it.
            w.mode("errorifexists").save(path(table));
            return;
        }
        w.mode("overwrite").option("overwriteSchema", "true").save(path(table));
    }

    private void replaceWhere(String table, Dataset<Row> rows, Commit commit) {
        DataFrameWriter<Row> w = writer(rows, commit).option("mergeSchema", "true")
                // statistics on every column of a wide bronze table cost a third of the write
                .option(STATS_PROPERTY, String.valueOf(STATS_COLUMNS));
        if (exists(table)) {
            w.mode("overwrite").option("replaceWhere", commit.replaceWhere()).save(path(table));
        } else {
            w.mode("append").save(path(table));
        }
    }

    /**
     * One MERGE on the key. A first build, or a table whose shape changed (a new contract column), is written
     * whole instead. MERGE takes its commit metadata only from session configuration, so it runs in a private
     * session, active on this thread alone: concurrent builds never see each other's metadata.
     */
    private void merge(String table, Dataset<Row> rows, Commit commit) {
        if (!exists(table) || !shape(read(table)).equals(shape(rows))) {
            overwrite(table, rows, commit);
            return;
        }
        List<String> keys = commit.keys();
        // Null-safe: a key part may be empty (a city-wide indicator has no commune).
        String on = keys.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").collect(Collectors.joining(" AND "));
        String changed = Arrays.stream(rows.columns()).filter(c -> !keys.contains(c))
                .map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)").collect(Collectors.joining(" OR "));
        SparkSession session = spark.newSession();
        if (commit.fingerprint() != null) session.conf().set(USER_METADATA, commit.fingerprint());
        SparkSession previous = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get() : null;
        SparkSession.setActiveSession(session);
        try {
            var merge = DeltaTable.forPath(session, path(table)).as("t").merge(rows.as("s"), on);
            var matched = commit.mode() == Commit.Mode.UPSERT ? merge.whenMatched().updateAll()
                    : changed.isEmpty() ? merge : merge.whenMatched(changed).updateAll();
            var all = matched.whenNotMatched().insertAll();
            (commit.mode() == Commit.Mode.SYNC ? all.whenNotMatchedBySource().delete() : all).execute();
        } finally {
            if (previous == null) SparkSession.clearActiveSession(); else SparkSession.setActiveSession(previous);
        }
    }

    /** Column names and types, in order, ignoring nullability. */
    private static List<String> shape(Dataset<Row> df) {
        return Arrays.stream(df.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    }

    /** Whether a file (a report, a dictionary) exists at {@code target}: a local path or a URI of the lake's file system. */
    public boolean fileExists(String target) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot look for " + target + ": " + e.getMessage(), e);
        }
    }

    /** The text of a file beside the lake (as {@link #writeText} wrote it), or null when there is none. */
    public String readText(String target) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try (java.io.InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes a file beside the lake, if it is there. */
    public void deleteFile(String target) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try {
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a text file (a report, a dictionary) at {@code target}: a local path or a URI of any file system the lake
     * may be on. Local files are written directly, without the checksum file Hadoop's local file system adds beside them.
     */
    public void writeText(String target, String text) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try {
            String scheme = path.toUri().getScheme();
            if (scheme == null || scheme.equals("file")) {
                java.nio.file.Path local = java.nio.file.Path.of(path.toUri().getPath());
                java.nio.file.Files.createDirectories(local.toAbsolutePath().getParent());
                java.nio.file.Files.writeString(local, text, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                try (java.io.OutputStream out = fs.create(path, true)) {
                    out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

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
