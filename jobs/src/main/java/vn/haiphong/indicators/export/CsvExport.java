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
import java.util.Properties;
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

    /** What an export did: rows written per table rewritten, in their order; and the tables left as they were. */
    public record Exported(Map<String, Long> written, List<String> unchanged) { }

    /** Beside the files: the Delta version of each table as last exported there. */
    static final String VERSIONS = "_exported_versions.properties";

    /**
     * Writes each of the given tables that exists in the lake to {@code out}, unless the version last exported there is
     * the table's version now and its file is still there: a night, or the command, run again on an unchanged lake rewrites
     * nothing. The versions are recorded once every table is written, so an export cut short is redone whole.
     */
    public static Exported export(Lake lake, List<TableDef> tables, Path out) {
        Properties before = new Properties(), after = new Properties();
        Path versions = out.resolve(VERSIONS);
        try {
            if (Files.exists(versions)) try (var in = Files.newBufferedReader(versions, StandardCharsets.UTF_8)) { before.load(in); }
        } catch (IOException e) {
            before.clear(); // unreadable: every table is written again
        }
        Map<String, Long> written = new LinkedHashMap<>();
        List<String> unchanged = new ArrayList<>();
        for (TableDef t : tables) {
            if (!lake.exists(t.name())) continue;
            String version = String.valueOf(lake.version(t.name()));
            after.setProperty(t.name(), version);
            if (version.equals(before.getProperty(t.name())) && Files.exists(out.resolve(t.name() + ".csv"))) {
                unchanged.add(t.name());
                continue;
            }
            Dataset<Row> df = lake.read(t.name());
            List<Column> order = new ArrayList<>();
            t.exportKey().forEach(k -> order.add(df.col(k).asc_nulls_first()));
            Dataset<Row> sorted = df.orderBy(order.toArray(Column[]::new));
            written.put(t.name(), write(sorted, out.resolve(t.name() + ".csv")));
            // the same rows, typed, for pandas / DuckDB / R: OUT/parquet/<table>/ (one file, in key order)
            sorted.coalesce(1).write().mode("overwrite").parquet(out.resolve("parquet").resolve(t.name()).toAbsolutePath().toString());
        }
        if (!written.isEmpty() || !after.equals(before)) {
            try {
                Files.createDirectories(out);
                Path tmp = out.resolve(VERSIONS + ".tmp");
                try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) { after.store(w, "Delta version of each table exported here"); }
                Files.move(tmp, versions, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the exported versions in " + out + ": " + e.getMessage(), e);
            }
        }
        return new Exported(written, unchanged);
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
