package vn.haiphong.indicators.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The data lines of delivered text files with their physical line numbers (1 is the header), read by Spark's
 * text source in one scan, in splits. A split does not know how many lines came before it; the checksum read of each
 * file ({@link FileDigest}) does: before the scan, the splits Spark plans for it are taken from its plan, and each is
 * given the lines before it in its file and the row ids Spark will give its rows ({@code monotonically_increasing_id}:
 * the partition's index, then consecutive through the splits the partition holds, in order). The line number is the
 * row id plus that split's offset. No pass over the data is spent on counting.
 */
public final class NumberedLines {
    private NumberedLines() { }

    /**
     * {@code rows}: (value, _line, _file_name) of every non-blank line after a header; {@code dataLines}: how many,
     * by file name.
     */
    public record Lines(Dataset<Row> rows, Map<String, Long> dataLines) { }

    /** A delivered file to read and what its checksum read learned of it. */
    public record TextFile(String path, FileDigest digest) { }

    /** The files' lines; their names (the last part of the path) must differ. */
    public static Lines read(SparkSession spark, List<TextFile> files) {
        Map<String, TextFile> byName = new HashMap<>();
        Map<String, Long> dataLines = new HashMap<>();
        for (TextFile f : files) {
            byName.put(new Path(f.path()).getName(), f);
            dataLines.put(new Path(f.path()).getName(), f.digest().dataLines());
        }
        Dataset<Row> text = spark.read().text(files.stream().map(TextFile::path).toArray(String[]::new)).select(col("value"),
                monotonically_increasing_id().as("_id"), col("_metadata.file_name").as("_file_name"),
                col("_metadata.file_block_start").as("_block"));
        List<Column> offsets = new ArrayList<>();
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        for (FilePartition partition : plannedPartitions(text)) {
            long id = (long) partition.index() << 33; // monotonically_increasing_id's first id in this partition
            for (PartitionedFile split : partition.files()) {
                Path path = split.toPath();
                TextFile file = byName.get(path.getName());
                if (file == null) throw new IllegalStateException("Spark planned to read " + path + ", not one of " + byName.keySet());
                long before, upToEnd;
                try {
                    FileSystem fs = path.getFileSystem(conf);
                    before = file.digest().linesBefore(fs, path, split.start());
                    long end = split.start() + split.length();
                    upToEnd = end >= file.digest().size() ? file.digest().lines() : file.digest().linesBefore(fs, path, end);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
                offsets.add(lit(path.getName() + ":" + split.start()));
                offsets.add(lit(before - id));
                id += upToEnd - before;
            }
        }
        if (offsets.isEmpty()) return new Lines(text.select(col("value"), col("_id").as("_line"), col("_file_name")).limit(0), dataLines);
        // only a line starting with white space can be blank: the costly trim is left for those
        Column blank = when(startsWithWhitespace(col("value")),
                org.apache.spark.sql.functions.btrim(col("value"), lit(WHITESPACE)).equalTo("")).otherwise(false);
        Column offset = org.apache.spark.sql.functions.map(offsets.toArray(Column[]::new))
                .apply(concat(col("_file_name"), lit(":"), col("_block").cast("string")));
        Dataset<Row> rows = text.select(col("value"), col("_id").plus(offset).plus(1).as("_line"), col("_file_name"), blank.as("_blank"))
                .where(col("_line").gt(1).and(col("_blank").unary_$bang())).select("value", "_line", "_file_name");
        return new Lines(rows, dataLines);
    }

    /** The partitions, and the file splits in each, that Spark's plan of {@code text} reads. */
    static List<FilePartition> plannedPartitions(Dataset<Row> text) {
        SparkPlan plan = text.queryExecution().executedPlan();
        if (plan instanceof AdaptiveSparkPlanExec adaptive) plan = adaptive.initialPlan();
        List<FilePartition> out = new ArrayList<>();
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
            if (!(leaf instanceof FileSourceScanExec scan)) continue;
            for (org.apache.spark.Partition p : scan.inputRDD().partitions()) out.add((FilePartition) p);
        }
        if (out.isEmpty()) throw new IllegalStateException("no file scan in the plan of the text read:\n" + plan);
        return out;
    }

    /** Whether a string's first character is one of {@link #WHITESPACE} (or the string is empty): arithmetic, no regex. */
    static Column startsWithWhitespace(Column s) {
        Column c = org.apache.spark.sql.functions.ascii(s); // the first code point, 0 for an empty string
        return c.leq(32).or(c.isin(0x1680, 0x2028, 0x2029, 0x205F, 0x3000)).or(c.between(0x2000, 0x200A).and(c.notEqual(0x2007)));
    }

    /** The characters Java's {@code String.isBlank()} and {@code strip()} count as white space. */
    static final String WHITESPACE = " \t\n\u000B\f\r\u001C\u001D\u001E\u001F\u1680\u2000\u2001\u2002\u2003"
            + "\u2004\u2005\u2006\u2008\u2009\u200A\u2028\u2029\u205F\u3000";
}
