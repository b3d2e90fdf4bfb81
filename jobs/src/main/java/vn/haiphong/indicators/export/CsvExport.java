package vn.haiphong.indicators.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.graph.TableDef;

/**
 * Writes each mart and ops table to {@code OUT/<table>.csv}: one file, header line, UTF-8, '.' as the
 * decimal mark, ISO dates and timestamps, rows in key order; and to {@code OUT/parquet/<table>/} with its types,
 * for pandas ({@code pd.read_parquet}), DuckDB ({@code read_parquet('OUT/parquet/<table>/*.parquet')}) and R. Rows stream to the driver one partition
 * at a time, so a large quarantine does not need to fit in memory.
 */
public final class CsvExport {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME
            .withZone(ZoneId.of("Asia/Ho_Chi_Minh"));

    private CsvExport() { }

    /** @return rows written per table, for the given tables that exist in the lake, in their order */
    public static Map<String, Long> exportAll(Lake lake, List<TableDef> tables, Path out) {
        Map<String, Long> written = new LinkedHashMap<>();
        for (TableDef t : tables) {
            if (!lake.exists(t.name())) continue;
            Dataset<Row> df = lake.read(t.name());
            List<Column> order = new ArrayList<>();
            t.exportKey().forEach(k -> order.add(df.col(k).asc_nulls_first()));
            Dataset<Row> sorted = df.orderBy(order.toArray(Column[]::new));
            written.put(t.name(), write(sorted, out.resolve(t.name() + ".csv")));
            // the same rows, typed, for pandas / DuckDB / R: OUT/parquet/<table>/ (one file, in key order)
            sorted.coalesce(1).write().mode("overwrite").parquet(out.resolve("parquet").resolve(t.name()).toAbsolutePath().toString());
        }
        return written;
    }

    public static long write(Dataset<Row> df, Path file) {
        long n = 0;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
                         .setHeader(df.columns()).build())) {
                Iterator<Row> it = df.toLocalIterator();
                List<String> cells = new ArrayList<>(df.columns().length);
                while (it.hasNext()) {
                    Row r = it.next();
                    cells.clear();
                    for (int i = 0; i < r.length(); i++) cells.add(format(r.get(i)));
                    p.printRecord(cells);
                    n++;
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return n;
    }

    static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) return "";
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Float f) return format(f.doubleValue());
        if (v instanceof BigDecimal b) return b.stripTrailingZeros().toPlainString();
        if (v instanceof LocalDate d) return d.toString();
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof Instant i) return TIMESTAMP.format(i);
        if (v instanceof java.sql.Timestamp ts) return TIMESTAMP.format(ts.toInstant());
        return v.toString();
    }
}
