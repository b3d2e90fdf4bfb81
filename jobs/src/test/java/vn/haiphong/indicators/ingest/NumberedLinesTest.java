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
        for (int i = 0; i < lines; i++) {
            physical++;
            if (i % 97 == 13 + seed) {
                file.append(i % 2 == 0 ? "   \n" : "\n");
                continue;
            }
            file.append(physical).append(",Trạm y tế ").append("ơ".repeat((i + seed) % 11)).append(i % 5 == 0 ? "\r\n" : "\n");
            rows++;
        }
        Files.writeString(csv, file.toString(), StandardCharsets.UTF_8);
        return rows;
    }

    @Test
    void everyLineKeepsItsPhysicalNumberAcrossSplitsOfSeveralFiles() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        int[] sizes = {3000, 40, 1200};
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
            NumberedLines.Lines lines = NumberedLines.read(spark(), paths);
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
        } finally {
            before.forEach((k, v) -> spark().conf().set(k, v));
        }
    }
}
