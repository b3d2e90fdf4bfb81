package vn.haiphong.indicators.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightlyJob;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * An annual edition, then a correction, then v2, over the statistics office's files of 2021-2025: v1 still verifies
 * after later nights and with Delta's log cleaned at its minimum retention, v2 differs from v1 by exactly the corrected
 * figures, its change list names the correcting delivery, the PDF's text shows the marts' figures, and the page draws
 * every chart without an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the last two add an edition and nights
class EditionIT extends SparkTestBase {
    static final Path SAMPLES = Path.of("..", "data-samples", "inbox", "chi_tieu");
    static final String CORRECTED = "hp_exports_usd_bn";
    static final String CORRECTION = "chi_tieu_kt_xh_2026_v2.csv";

    @TempDir static Path tmp;
    Lake lake;
    Path inbox;
    Editions.Context context;
    EditionPeriod year2025 = EditionPeriod.parse("year", "2025");
    Editions.Made v1;
    Editions.Made v2;
    Map<String, Long> v1Versions = new HashMap<>();

    @BeforeAll
    void twoEditionsAroundACorrection() throws Exception {
        HeadlessChromium.ensureInstalled();
        lake = new Lake(spark(), tmp.resolve("lake").toString());
        inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox.resolve("chi_tieu"));
        for (int y = 2021; y <= 2026; y++) {
            Files.copy(SAMPLES.resolve("chi_tieu_kt_xh_" + y + ".csv"), inbox.resolve("chi_tieu").resolve("chi_tieu_kt_xh_" + y + ".csv"));
        }
        context = new Editions.Context(CriteriaCatalog.load(), LakeTables.load().kindsOfCriteria(), "test", tmp.resolve("work"));
        night("night-1", false);
        v1 = Editions.make(lake, year2025, null, context);
        for (String t : EditionFigures.TABLES) v1Versions.put(t, lake.version(t));

        // the statistics office corrects one figure of 2025 in its 2026 file: Hai Phong's (former) exports, 37 -> 38 billion USD
        String original = Files.readString(inbox.resolve("chi_tieu/chi_tieu_kt_xh_2026.csv"), StandardCharsets.UTF_8);
        String corrected = original.replace(CORRECTED + ",Kim ngạch xuất khẩu (Hải Phòng cũ),tỷ USD,2025,37,", CORRECTED
                + ",Kim ngạch xuất khẩu (Hải Phòng cũ),tỷ USD,2025,38,");
        assertFalse(corrected.equals(original), "the sample has the row the correction changes");
        Files.writeString(inbox.resolve("chi_tieu").resolve(CORRECTION), corrected, StandardCharsets.UTF_8);
        night("night-2", false);
        v2 = Editions.make(lake, year2025, null, context);
    }

    void night(String runId, boolean rebuild) {
        lake.refresh();
        new NightlyJob(lake, Progress.quiet()).run(inbox.toAbsolutePath().toString(),
                new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)), runId, rebuild);
        lake.refresh();
    }

    static Map<String, Map<String, String>> figures(Editions.Made e) throws IOException {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        for (Map<String, String> r : Editions.csvRows(Files.readString(Path.of(e.folder(), "data", "figures.csv")))) out.put(r.get("figure_id"), r);
        return out;
    }

    @Test
    @Order(1)
    void theSecondEditionDiffersByExactlyTheCorrectedFiguresAndNamesTheCorrectingDelivery() throws Exception {
        assertEquals("year-2025-v1", v1.id());
        assertEquals("year-2025-v2", v2.id());
        assertEquals("year-2025-v1", v2.previousId());
        Map<String, Map<String, String>> before = figures(v1);
        Map<String, Map<String, String>> after = figures(v2);
        assertEquals(before.keySet(), after.keySet(), "the same figures");
        Set<String> differing = new TreeSet<>();
        for (String id : before.keySet()) if (!before.get(id).equals(after.get(id))) differing.add(id);
        assertFalse(differing.isEmpty());
        for (String id : differing) assertEquals(CORRECTED, after.get(id).get("criterion_id"), "only the corrected criterion's figures change: " + id);
        String value = "target||" + CORRECTED + "|31|2025|value";
        String valueId = after.keySet().stream().filter(k -> k.startsWith("target|") && k.contains("|" + CORRECTED + "|") && k.endsWith("|2025|value"))
                .findFirst().orElseThrow(() -> new AssertionError(value + " not in the edition"));
        assertEquals("37", before.get(valueId).get("value"));
        assertEquals("38", after.get(valueId).get("value"));
        assertTrue(differing.contains(valueId));

        List<Map<String, String>> changes = Editions.csvRows(Files.readString(Path.of(v2.folder(), "data", "changes.csv")));
        Set<String> changed = new TreeSet<>();
        for (Map<String, String> c : changes) {
            changed.add(c.get("figure_id"));
            assertEquals(CORRECTION, c.get("deliveries"), "the change names the correcting delivery (and no other): " + c);
        }
        assertEquals(differing, changed, "the change list is exactly the figures that differ");
        assertEquals(List.of(), Editions.csvRows(Files.readString(Path.of(v1.folder(), "data", "changes.csv"))), "the first edition has no previous one");

        // the lake's own record of the editions, for the publish and the report
        List<Row> catalog = lake.read(Editions.CATALOG_TABLE).orderBy("edition_version").collectAsList();
        assertEquals(List.of("year-2025-v1", "year-2025-v2"), catalog.stream().map(r -> r.<String>getAs("edition_id")).toList());
        assertEquals(after.size(), lake.read(Editions.FIGURES_TABLE).where("edition_id = 'year-2025-v2'").count());
        List<Map<String, Object>> linked = MorningReport.editions(lake);
        assertEquals(1, linked.size());
        assertEquals("../_editions/year/2025/year-2025-v2/index.html", linked.get(0).get("href"));
        assertTrue(Files.exists(Path.of(lake.base(), "_report").resolve(String.valueOf(linked.get(0).get("href"))).normalize()), "the link leads to the page");
    }

    @Test
    @Order(6)
    void aFrozenEditionIsReproducedAfterLaterNightsAndWithTheLogCleanedAtItsMinimumRetention() throws Exception {
        // every table the edition read keeps its log for as short as Delta allows (no shorter than the retention of
        // removed files, which goes to zero too), and checkpoints at every commit
        for (String t : EditionFigures.TABLES) {
            if (!lake.exists(t)) continue;
            spark().sql("ALTER TABLE delta.`" + lake.path(t) + "` SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 0 seconds', "
                    + "'delta.logRetentionDuration' = 'interval 0 seconds', 'delta.checkpointInterval' = '1')");
        }
        // the log of the edition's versions ages past any retention (Delta counts whole days), and nights go on
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        for (String t : EditionFigures.TABLES) {
            if (!lake.exists(t)) continue;
            try (Stream<Path> log = Files.list(Path.of(lake.path(t), "_delta_log"))) {
                for (Path f : log.toList()) Files.setLastModifiedTime(f, old);
            }
        }
        // another correction comes: its night commits to the tables it changes, each commit a checkpoint that cleans the log
        String v2text = Files.readString(inbox.resolve("chi_tieu").resolve(CORRECTION), StandardCharsets.UTF_8);
        String v3text = v2text.replaceFirst("(hp_port_cargo_mt,[^\\n]*?,2025,)(\\d+)", "$1999");
        assertFalse(v3text.equals(v2text));
        Files.writeString(inbox.resolve("chi_tieu").resolve("chi_tieu_kt_xh_2026_v3.csv"), v3text, StandardCharsets.UTF_8);
        night("night-3", false);
        String scorecard = lake.path(TableNames.MART_SCORECARD);
        long version = v1Versions.get(TableNames.MART_SCORECARD);
        assertTrue(lake.version(TableNames.MART_SCORECARD) > version);
        assertThrows(Exception.class, () -> spark().read().format("delta").option("versionAsOf", version).load(scorecard).count(),
                "the lake no longer has the version the first edition read");

        Editions.Verified first = Editions.verify(lake, v1.id(), context);
        assertEquals(List.of(), first.differences());
        assertTrue(first.reproduced());
        assertTrue(first.readFrom().get(TableNames.MART_SCORECARD).startsWith("copy kept with the edition"), first.readFrom().toString());
        assertTrue(Editions.verify(lake, v2.id(), context).reproduced());

        // a figure altered by hand is found, file and figure named
        Path csv = Path.of(v1.folder(), "data", "figures.csv");
        String text = Files.readString(csv);
        StringBuilder altered = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean theValue = line.startsWith("target|") && line.contains("|" + CORRECTED + "|31|2025|value,");
            altered.append(altered.length() == 0 ? "" : "\n").append(theValue ? line.replace(",value,37,", ",value,36,") : line);
        }
        assertFalse(altered.toString().equals(text));
        Files.writeString(csv, altered.toString());
        try {
            Editions.Verified tampered = Editions.verify(lake, v1.id(), context);
            assertFalse(tampered.reproduced());
            assertTrue(tampered.differences().stream().anyMatch(d -> d.startsWith("data/figures.csv: its content changed")), tampered.differences().toString());
            assertTrue(tampered.differences().stream().anyMatch(d -> d.contains(CORRECTED) && d.contains("value is 36 in the edition, rebuilt 37")),
                    tampered.differences().toString());
        } finally {
            Files.writeString(csv, text);
        }
        assertTrue(Editions.verify(lake, v1.id(), context).reproduced());
    }

    @Test
    @Order(5)
    void anEditionAsOfAMomentLeavesOutWhatCameLater() throws Exception {
        Editions.Listed second = Editions.find(lake, v2.id());
        // as of the first edition's moment: before the correction came, so the figures are the first edition's
        Instant asOfFirst = Editions.find(lake, v1.id()).asOf();
        Editions.Made again = Editions.make(lake, year2025, asOfFirst, context);
        assertTrue(again.id().startsWith("year-2025-v"));
        assertEquals(figures(v1), figures(again), "the lake as it was then");
        assertTrue(second.asOf().isAfter(asOfFirst));
        assertThrows(IllegalArgumentException.class, () -> Editions.make(lake, year2025, Instant.now().plus(Duration.ofDays(1)), context));
    }

    @Test
    @Order(2)
    void thePdfShowsTheMartsFiguresWithContentsAndPageNumbers() throws Exception {
        String text = pdfToText(Path.of(v2.folder(), "report.pdf"));
        assertTrue(text.contains("Mục lục"), "a table of contents");
        assertTrue(text.contains("Trang 1 /"), "page numbers");
        // every city target due in 2025, as the scorecard mart holds it, is in the PDF as the page formats it
        List<Row> due = lake.read(TableNames.MART_SCORECARD).where("area_level = 'city' AND year = 2025 AND status IN "
                + "('met', 'not_met', 'met_provisional', 'not_met_provisional') AND actual_value IS NOT NULL").collectAsList();
        assertTrue(due.size() > 20, "targets due in 2025 with a value: " + due.size());
        List<String> missing = new ArrayList<>();
        for (Row r : due) if (!text.contains(vietnamese(r.<Double>getAs("actual_value")))) missing.add(r.getAs("criterion_id") + "=" + r.getAs("actual_value"));
        assertEquals(List.of(), missing, "mart values not found in the PDF's text");
        // the contents give each section's page: the page whose text starts with that heading
        String[] pages = text.split("\f");
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d\\. [^\\d]+?)\\s{2,}(\\d+)\\s*$").matcher(line);
            if (!m.matches() || pages.length < Integer.parseInt(m.group(2))) continue;
            assertTrue(pages[Integer.parseInt(m.group(2)) - 1].strip().startsWith(m.group(1).strip()), "section '" + m.group(1) + "' on page " + m.group(2));
        }
        assertTrue(pages.length >= 4, "pages: " + pages.length);
    }

    @Test
    @Order(3)
    void thePageDrawsEveryChartWithoutAnErrorInBothLanguages() throws Exception {
        Path page = Path.of(v2.folder(), "index.html");
        String html = Files.readString(page);
        assertTrue(!html.contains("<script src") && !html.contains("<link "), "self-contained");
        try (HeadlessChromium browser = HeadlessChromium.start(tmp.resolve("browser"), 1200, 1000)) {
            browser.open(page.toUri().toString(), EditionPage.DRAWN, Duration.ofMinutes(2));
            assertEquals(List.of(), browser.errors, "no console error");
            Number charts = (Number) browser.evaluate("document.querySelectorAll('.chart').length");
            assertTrue(charts.intValue() >= 2, "charts: " + charts);
            assertEquals(charts, browser.evaluate("document.querySelectorAll('.chart[data-rendered=true] svg').length"), "every chart drawn");
            assertTrue(String.valueOf(browser.evaluate("document.getElementById('title').textContent")).startsWith("Báo cáo năm 2025"));
            // the change list on the page names the correcting delivery
            assertTrue(String.valueOf(browser.evaluate("document.getElementById('s-changes').textContent")).contains(CORRECTION));
            browser.evaluate("document.getElementById('lang').click(); true");
            browser.waitFor(EditionPage.DRAWN, Duration.ofMinutes(1));
            assertTrue(String.valueOf(browser.evaluate("document.getElementById('title').textContent")).startsWith("Annual report 2025"));
            assertEquals(List.of(), browser.errors, "no console error in English");
        }
    }

    @Test
    @Order(4)
    void editionsAreListedAndPeriodsChecked() throws Exception {
        List<Editions.Listed> all = Editions.list(lake);
        assertTrue(all.size() >= 2);
        assertEquals("year-2025-v1", all.get(0).id());
        assertEquals(Path.of(v1.folder()).toString(), all.get(0).folder());
        assertNotNull(all.get(0).manifest().path("files").path("report.pdf").asText(null));
        assertEquals(List.of("2026-04", "2026-05", "2026-06"), EditionPeriod.parse("quarter", "2026-Q2").months());
        assertThrows(IllegalArgumentException.class, () -> EditionPeriod.parse("review", "2028"));
        assertThrows(IllegalArgumentException.class, () -> Editions.find(lake, "year-2031-v1"));
    }

    /** As the page writes a number in Vietnamese: dots between thousands, a comma before at most two decimals. */
    static String vietnamese(double v) {
        DecimalFormatSymbols s = new DecimalFormatSymbols();
        s.setGroupingSeparator('.');
        s.setDecimalSeparator(',');
        DecimalFormat f = new DecimalFormat("#,##0.##", s);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(v);
    }

    /** Poppler's pdftotext, installed from the Debian packages when missing. */
    static String pdfToText(Path pdf) throws Exception {
        HeadlessChromium.installWhenMissing("/usr/bin/pdftotext", "poppler-utils");
        Path target = Files.createTempFile("edition", ".txt");
        try {
            Process p = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), target.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "pdftotext finished");
            assertEquals(0, p.exitValue());
            return Files.readString(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }
}
