package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/** Rejected files, duplicate deliveries, corrections and a run that died midway, on tiny inboxes. */
class IngestRecoveryTest extends SparkTestBase {
    static final String HEADER = "Mã thẻ BHYT,Họ và tên,Ngày sinh,Giới tính,Mã xã,Giá trị từ,Giá trị đến\n";
    static final Pseudonymizer KEY = new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    @TempDir Path tmp;

    static void write(Path inbox, String folder, String name, String text) throws IOException {
        Files.createDirectories(inbox.resolve(folder));
        Files.writeString(inbox.resolve(folder).resolve(name), text, StandardCharsets.UTF_8);
    }

    static String cards(int n, String commune) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("DN43131%08d,Tên %d,01/01/1980,Nam,%s,01/01/2026,31/12/2026%n", i, i, commune));
        }
        return sb.toString();
    }

    NightlyJob.Outcome night(Lake lake, Path inbox) {
        return new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), KEY, "run", false);
    }

    Map<String, String> statuses(Lake lake) {
        Map<String, String> s = new TreeMap<>();
        for (Row r : lake.read("ops_file_ingestion").collectAsList()) {
            s.put((String) r.getAs("file_name"), r.getAs("status") + (r.getAs("message") == null ? "" : ": " + r.getAs("message")));
        }
        return s;
    }

    @Test
    void badFilesAreRejectedWholeAndDuplicatesSkipped() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(3, "11311"));
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(3, "11311").replace("Mã xã,", "Ma xa cu,"));
        write(inbox, "bhyt", "the_bhyt_thang_4.csv", cards(1, "11311"));
        night(lake, inbox);
        Map<String, String> s = statuses(lake);
        assertEquals("ingested", s.get("bhyt_the_2026-03.csv"));
        assertTrue(s.get("bhyt_the_2026-04.csv").startsWith("rejected: missing required column 'Mã xã'"), s.get("bhyt_the_2026-04.csv"));
        assertTrue(s.get("the_bhyt_thang_4.csv").startsWith("rejected: file name follows no contract"), s.get("the_bhyt_thang_4.csv"));

        // The same bytes delivered again under another name change nothing but the record of it.
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", cards(3, "11311"));
        night(lake, inbox);
        assertTrue(statuses(lake).get("bhyt_the_2026-03_v2.csv").startsWith("skipped_duplicate: byte-identical to bhyt_the_2026-03.csv"));
        assertEquals(3, lake.read("bronze_bhyt_the").count());
        assertEquals(3L, (Long) lake.read("mart_health_insurance_monthly")
                .where("area_level = 'city' AND period = '2026-03'").first().getAs("insured_persons"));
    }

    @Test
    void aCorrectionReplacesThePeriodEverywhereDownstream() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(4, "11311"));
        night(lake, inbox);
        write(inbox, "bhyt", "bhyt_the_2026-03_v2.csv", cards(6, "11411"));
        NightlyJob.Outcome o = night(lake, inbox);
        assertEquals(List.of("2026-03"), o.periodsConformed());
        assertEquals("superseded", statuses(lake).get("bhyt_the_2026-03.csv"));
        assertRows("only the correction counts", rows(row("11411", 6L)),
                rowsToJava(lake.read("mart_health_insurance_monthly")
                        .where("area_level = 'commune' AND period = '2026-03' AND insured_persons > 0")
                        .select("area_code", "insured_persons").collectAsList()));
        assertEquals(10, lake.read("bronze_bhyt_the").count(), "bronze keeps both deliveries for audit");
    }

    @Test
    void aRunThatDiedBeforeRecordingItsFilesCompletesOnRerunWithoutDuplicates() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        write(inbox, "bhyt", "bhyt_the_2026-03.csv", cards(5, "11311"));
        night(lake, inbox);
        long opsVersion = lake.version("ops_file_ingestion");
        write(inbox, "bhyt", "bhyt_the_2026-04.csv", cards(7, "11311") + "bad,row\n");
        night(lake, inbox);
        // Simulate a crash after bronze and quarantine were written but before ops_file_ingestion was:
        DeltaTable.forPath(spark(), lake.path("ops_file_ingestion")).restoreToVersion(opsVersion);
        assertEquals(1, lake.read("ops_file_ingestion").count());
        night(lake, inbox);
        assertEquals(12, lake.read("bronze_bhyt_the").count(), "the April rows are in bronze once");
        assertEquals(1, lake.read("ops_quarantine").where(col("file_name").equalTo("bhyt_the_2026-04.csv")).count());
        assertEquals(7L, (Long) lake.read("mart_health_insurance_monthly")
                .where("area_level = 'city' AND period = '2026-04'").first().getAs("insured_persons"));
    }
}
