package vn.haiphong.indicators.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data lines of delivered text files with their physical line numbers (1 is the header), read by Spark's
 * text source in one scan, in splits. A split does not know how many lines came before it, so a first, cheap
 * pass counts the lines of each split ({@code _metadata.file_block_start}) and notes the first row id Spark gives
 * it ({@code monotonically_increasing_id}: consecutive within a split, and the same in both passes because both
 * read the same splits); the line number is the row id plus that split's offset. The same pass counts each
 * file's non-blank lines, its "rows read", independently of the parsing.
 */
public final class NumberedLines {
    private NumberedLines() { }

    /**
     * {@code rows}: (value, _line, _file_name) of every non-blank line after a header; {@code dataLines}: how many,
     * by file name.
     */
    public record Lines(Dataset<Row> rows, Map<String, Long> dataLines) { }

    /** The files' lines; their names (the last part of the path) must differ. */
    public static Lines read(SparkSession spark, List<String> paths) {
        Dataset<Row> text = spark.read().text(paths.toArray(String[]::new)).select(col("value"),
                monotonically_increasing_id().as("_id"), col("_metadata.file_name").as("_file_name"),
                col("_metadata.file_block_start").as("_block"));
        // only a line starting with white space can be blank: the costly trim is left for those
        Column blank = when(startsWithWhitespace(col("value")),
                org.apache.spark.sql.functions.btrim(col("value"), lit(WHITESPACE)).equalTo("")).otherwise(false);
        List<Row> splits = new ArrayList<>(text.groupBy("_file_name", "_block")
                .agg(count(lit(1)).as("lines"), min("_id").as("first_id"), sum(when(blank, 0).otherwise(1)).as("non_blank"))
                .collectAsList());
        splits.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparingLong(r -> r.getLong(1)));
        List<Column> offsets = new ArrayList<>();
        Map<String, Long> linesBefore = new HashMap<>(), nonBlank = new HashMap<>();
        for (Row s : splits) {
            String file = s.getString(0);
            long before = linesBefore.getOrDefault(file, 0L);
            offsets.add(lit(file + ":" + s.getLong(1)));
            offsets.add(lit(before - s.getLong(3)));
            linesBefore.put(file, before + s.getLong(2));
            nonBlank.merge(file, s.getLong(4), Long::sum);
        }
        Map<String, Long> dataLines = new HashMap<>();
        // the header is never blank (a blank one rejects the file before it is read)
        nonBlank.forEach((file, n) -> dataLines.put(file, Math.max(0, n - 1)));
        if (splits.isEmpty()) return new Lines(text.select(col("value"), col("_id").as("_line"), col("_file_name")).limit(0), dataLines);
        Column offset = org.apache.spark.sql.functions.map(offsets.toArray(Column[]::new))
                .apply(concat(col("_file_name"), lit(":"), col("_block").cast("string")));
        Dataset<Row> rows = text.select(col("value"), col("_id").plus(offset).plus(1).as("_line"), col("_file_name"), blank.as("_blank"))
                .where(col("_line").gt(1).and(col("_blank").unary_$bang())).select("value", "_line", "_file_name");
        return new Lines(rows, dataLines);
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
