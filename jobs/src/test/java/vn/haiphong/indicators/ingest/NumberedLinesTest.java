package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;

/** Physical line numbers of files read by Spark in many splits, blank lines and both line endings included. */
class NumberedLinesTest extends SparkTestBase {
    @TempDir Path dir;

    /** A file whose data lines each name their own line number; returns how many non-blank data lines it has. */
    static int write(Path csv, int lines, int seed) throws Exception {
        // Some lines are blank (counted, not returned), some end in CRLF, and the Vietnamese text makes lines of
        // different byte lengths, so split borders fall mid-line.
        StringBuilder file = new StringBuilder("line,text\n");
        int physical = 1, rows = 0;
        if (seed == 1) file.insert(0, "\uFEFF"); // a byte-order mark before the header
        for (int i = 0; i < lines; i++) {
            physical++;
            if (i % 97 == 13 + seed) {
                // blank: spaces, nothing, or the white space of other scripts (each ends a line its own way)
                file.append(i % 3 == 0 ? "   \n" : i % 3 == 1 ? "\n" : "\u3000\t\u2028\r\n");
                continue;
            }
            // a lone \r ends a line too (not before an empty line: "\r\n" is one line ending) (Spark's reader, like Hadoop's, takes \n, \r\n and \r); an ideographic space
            // first does not make a line blank
            file.append(physical).append(i % 89 == 5 ? ",\u3000Trạm" : ",Trạm y tế ").append("ơ".repeat((i + seed) % 11))
                    .append(i % 5 == 0 ? "\r\n" : i % 7 == 3 && (i + 1) % 97 != 13 + seed ? "\r" : "\n");
            rows++;
        }
        Files.writeString(csv, file.toString(), StandardCharsets.UTF_8);
        return rows;
    }

    @Test
    void everyLineKeepsItsPhysicalNumberAcrossSplitsOfSeveralFiles() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        // the first file spans several of FileDigest's granules, so that splits are numbered from a kept count
        int[] sizes = {30000, 40, 1200};
        for (int f = 0; f < sizes.length; f++) {
            Path csv = dir.resolve("file_" + f + ".csv");
            expected.put(csv.getFileName().toString(), (long) write(csv, sizes[f], f));
            paths.add(csv.toString());
        }
        Map<String, String> before = new TreeMap<>();
        // splits of 4 KB, packed several to a partition (a tiny open cost), so that a partition holds splits of
        // different files
        Map<String, String> small = Map.of("spark.sql.files.maxPartitionBytes", "4096", "spark.sql.files.openCostInBytes", "1");
        small.keySet().forEach(k -> before.put(k, spark().conf().get(k)));
        small.forEach((k, v) -> spark().conf().set(k, v));
        try {
            long splits = spark().read().text(paths.toArray(String[]::new)).select("_metadata.file_path", "_metadata.file_block_start")
                    .distinct().count();
            assertTrue(splits >= 20, "the files are read in many splits: " + splits);
            org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
            List<NumberedLines.TextFile> files = new ArrayList<>();
            for (String p : paths) files.add(new NumberedLines.TextFile(p, FileDigest.read(fs, new org.apache.hadoop.fs.Path(p))));
            assertTrue(Files.size(Path.of(paths.get(0))) > 3 * FileDigest.GRANULE, "several granules");
            NumberedLines.Lines lines = NumberedLines.read(spark(), files);
            assertEquals(expected, new TreeMap<>(lines.dataLines()), "non-blank lines after the header, per file");
            Map<String, Map<Long, String>> byFile = new TreeMap<>();
            for (Row r : lines.rows().collectAsList()) {
                byFile.computeIfAbsent(r.getString(2), k -> new TreeMap<>()).put(r.getLong(1), r.getString(0));
            }
            List<String> wrong = new ArrayList<>();
            byFile.forEach((file, rows) -> {
                assertEquals(expected.get(file).intValue(), rows.size(), file + ": one row per non-blank data line, each with its own number");
                rows.forEach((n, text) -> {
                    if (!text.startsWith(n + ",")) wrong.add(file + " line " + n + " holds '" + text + "'");
                });
            });
            assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), "rows numbered as in their file");
            // the quarantine's Java reading of lines by number gives the bytes Spark's text source gives
            for (int f = 0; f < paths.size(); f++) {
                Map<Long, String> spark = byFile.get(Path.of(paths.get(f)).getFileName().toString());
                Map<Long, String> picked = new TreeMap<>();
                FileDigest.pick(fs, new org.apache.hadoop.fs.Path(paths.get(f)), spark.keySet())
                        .forEach((n, bytes) -> picked.put(n, new String(bytes, StandardCharsets.UTF_8)));
                assertEquals(spark, picked, paths.get(f));
            }
        } finally {
            before.forEach((k, v) -> spark().conf().set(k, v));
        }
    }
}
