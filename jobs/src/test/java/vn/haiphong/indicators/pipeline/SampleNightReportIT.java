package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.lake.TableNames;
/** The sample night's morning report, opened in a browser. */
class SampleNightReportIT extends SampleNight {
    @Test
    void theMorningReportOpensOfflineInABrowserWithEveryChartAndTheMartsFigures() throws Exception {
        Path page = Path.of("target", "report", "index.html").toAbsolutePath();
        int charted = vn.haiphong.indicators.report.ReportPage.write(lake, vn.haiphong.indicators.criteria.CriteriaCatalog.load(),
                page.toString());
        assertTrue(charted > 100, "criteria with a city series: " + charted);
        String html = Files.readString(page);
        assertTrue(!html.contains("<script src") && !html.contains("<link "), "self-contained: nothing loaded from elsewhere");
        Path shots = Path.of("target", "report-screenshots").toAbsolutePath();
        vn.haiphong.indicators.report.HeadlessChromium.ensureInstalled();
        try (vn.haiphong.indicators.report.HeadlessChromium browser = vn.haiphong.indicators.report.HeadlessChromium.start(
                tmp.resolve("chromium-profile"), 1400, 1000)) {
            // ECharts draws on the next animation frames: ready when the script ran and every chart says it finished
            String drawn = "window.reportReady === true && Array.from(document.querySelectorAll('.chart')).every(function (d) { "
                    + "return d.getAttribute('data-rendered') === 'true'; })";
            browser.open(page.toUri().toString(), drawn, java.time.Duration.ofMinutes(2));
            assertEquals(List.of(), browser.errors, "no console error");
            assertEquals("vi", browser.evaluate("document.documentElement.lang"));
            // every chart drawn: ECharts finished, with SVG paths in it
            long charts = ((Number) browser.evaluate("document.querySelectorAll('.chart').length")).longValue();
            assertTrue(charts >= charted + 2, "one chart per criterion, commune criterion and the ranking: " + charts);
            assertEquals(0, ((Number) browser.evaluate("Array.from(document.querySelectorAll('.chart')).filter(function (d) { "
                    + "return d.getAttribute('data-rendered') !== 'true' || d.querySelectorAll('svg path').length === 0; }).length")).intValue(),
                    "charts not rendered");
            assertEquals(Boolean.TRUE, browser.evaluate("document.querySelector('[data-criterion=\"bhyt_coverage_pct\"]') !== null"));
            assertEquals(Boolean.TRUE, browser.evaluate("document.querySelector('[data-commune-criterion=\"bhyt_coverage_pct\"]') !== null"));
            assertEquals(Boolean.TRUE, browser.evaluate("document.querySelector('[data-ranking]') !== null"), "the commune ranking");
            // the figures on the page are the marts'
            for (Row r : lake.read("mart_model_summary").where("area_level = 'city' AND year = 2026").collectAsList()) {
                String model = r.getAs("model_id");
                for (String part : List.of("met", "on_track", "acceleration_needed", "off_track", "no_data")) {
                    String figure = (model.equals("all") ? "city" : model) + "." + part;
                    assertEquals(String.valueOf(r.<Long>getAs(part)), digits(browser.evaluate(
                            "document.querySelector('[data-figure=\"" + figure + "\"]').textContent")), figure);
                }
            }
            for (Row r : lake.read("ops_quarantine").selectExpr("explode(split(rules, ';')) AS rule").groupBy("rule").count().collectAsList()) {
                assertEquals(String.valueOf(r.getLong(1)), digits(browser.evaluate("document.querySelector('[data-figure=\"rule."
                        + r.getString(0) + "\"]').textContent")), "quarantined rows of rule " + r.getString(0));
            }
            Set<String> alerts = new java.util.TreeSet<>();
            for (Row r : lake.read(TableNames.OPS_ALERTS).collectAsList()) {
                alerts.add(r.getAs("check") + "|" + r.getAs("series") + "|" + r.getAs("subject") + "|" + r.getAs("t"));
            }
            assertEquals(alerts, new java.util.TreeSet<>((List<?>) browser.evaluate("Array.from(document.querySelectorAll('[data-alert]'))"
                    + ".map(function (e) { return e.getAttribute('data-alert'); })")), "the alerts on the page are ops_alerts");
            // the reporting units: each sender's reporting rate of the year as the completeness mart gives it, and its receipts
            int thisYear = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
            List<Row> senders = lake.read(TableNames.MART_DELIVERY_COMPLETENESS).where(col("year").equalTo(thisYear))
                    .select("sender_id", "sender_reporting_rate_pct").distinct().collectAsList();
            assertTrue(senders.size() >= 5, "the senders of the calendar: " + senders);
            for (Row r : senders) {
                Object shown = browser.evaluate("document.querySelector('[data-figure=\"sender." + r.getString(0) + ".reporting_rate\"]').textContent");
                String expected = r.isNullAt(1) ? "–" : new java.math.BigDecimal(r.getDouble(1)).setScale(1, java.math.RoundingMode.HALF_EVEN)
                        .stripTrailingZeros().toPlainString();
                assertEquals(r.isNullAt(1) ? expected : digits(expected), r.isNullAt(1) ? shown : digits(String.valueOf(shown)), r.getString(0));
            }
            assertEquals("../_receipts/bhxh/index.html", browser.evaluate("document.querySelector('#senders-table a').getAttribute('href')"));
            browser.screenshot(shots.resolve("first-screen.png"), null);
            List<?> box = (List<?>) browser.evaluate("(function () { var r = document.querySelector('[data-criterion=\"bhyt_coverage_pct\"]')"
                    + ".getBoundingClientRect(); return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; })()");
            browser.screenshot(shots.resolve("criterion-bhyt_coverage_pct.png"), new double[] {((Number) box.get(0)).doubleValue(),
                    ((Number) box.get(1)).doubleValue(), ((Number) box.get(2)).doubleValue(), ((Number) box.get(3)).doubleValue()});
            // the language switch: English everywhere, charts redrawn, and back
            browser.evaluate("document.getElementById('lang').click()");
            browser.waitFor(drawn, java.time.Duration.ofMinutes(1));
            assertEquals("en", browser.evaluate("document.documentElement.lang"));
            assertTrue(String.valueOf(browser.evaluate("document.querySelector('#overview h2').textContent")).startsWith("Overview"));
            assertTrue(String.valueOf(browser.evaluate("document.querySelector('#models').textContent"))
                    .contains("City of universal, comprehensive health care"), "models in English");
            assertEquals(0, ((Number) browser.evaluate("Array.from(document.querySelectorAll('.chart')).filter(function (d) { "
                    + "return d.getAttribute('data-rendered') !== 'true'; }).length")).intValue(), "charts redrawn in English");
            browser.screenshot(shots.resolve("first-screen-en.png"), null);
            browser.evaluate("document.getElementById('lang').click()");
            assertEquals("vi", browser.evaluate("document.documentElement.lang"));
            assertEquals(List.of(), browser.errors, "no console error after switching");
        }
        assertTrue(Files.size(shots.resolve("first-screen.png")) > 10_000 && Files.size(shots.resolve("criterion-bhyt_coverage_pct.png")) > 5_000);
    }

    @Test
    void everyKindOfEditionOfTheSampleNightShowsItsSectionsAndDrawsEveryChart() throws Exception {
        vn.haiphong.indicators.report.HeadlessChromium.ensureInstalled();
        var context = new vn.haiphong.indicators.report.Editions.Context(vn.haiphong.indicators.criteria.CriteriaCatalog.load(),
                LakeTables.load().kindsOfCriteria(), "test", tmp.resolve("kinds-work"));
        Map<String, List<String>> sections = Map.of(
                "commune-scoring/2025", List.of("s-changes", "s-ranking", "s-communes"),
                "review/2027", List.of("s-models", "s-targets", "s-changes", "s-risk", "s-nodata", "s-recommend", "s-progress", "s-forecast"),
                "month/2026-10", List.of("s-monthly", "s-models", "s-targets", "s-changes", "s-risk", "s-nodata", "s-recommend"),
                "quarter/2026-Q4", List.of("s-monthly", "s-models", "s-targets", "s-changes", "s-risk", "s-nodata", "s-recommend"),
                "half-year/2026-H2", List.of("s-monthly", "s-models", "s-targets", "s-changes", "s-risk", "s-nodata", "s-recommend"));
        Map<String, Map<String, Map<String, String>>> figures = new HashMap<>();
        try (vn.haiphong.indicators.report.HeadlessChromium browser = vn.haiphong.indicators.report.HeadlessChromium.start(
                tmp.resolve("kinds-chromium"), 1200, 1000)) {
            for (Map.Entry<String, List<String>> kind : new TreeMap<>(sections).entrySet()) {
                String[] kp = kind.getKey().split("/");
                var made = vn.haiphong.indicators.report.Editions.make(lake, vn.haiphong.indicators.report.EditionPeriod.parse(kp[0], kp[1]), null, context);
                assertTrue(Files.size(Path.of(made.folder(), "report.pdf")) > 10_000, made.id() + ": its PDF");
                Map<String, Map<String, String>> byId = new HashMap<>();
                for (CSVRecord r : org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                        .parse(Files.newBufferedReader(Path.of(made.folder(), "data", "figures.csv")))) byId.put(r.get("figure_id"), r.toMap());
                figures.put(kind.getKey(), byId);
                browser.open(Path.of(made.folder(), "index.html").toUri().toString(), vn.haiphong.indicators.report.EditionPage.DRAWN,
                        java.time.Duration.ofMinutes(2));
                assertEquals(List.of(), browser.errors, made.id() + ": no console error");
                assertEquals(kind.getValue(), browser.evaluate("Array.from(document.querySelectorAll('#sections section')).map(function (s) { return s.id; })"),
                        made.id() + ": its sections");
                Number charts = (Number) browser.evaluate("document.querySelectorAll('.chart').length");
                assertTrue(charts.intValue() >= 1, made.id() + ": charts " + charts);
                assertEquals(charts, browser.evaluate("document.querySelectorAll('.chart[data-rendered=true] svg').length"), made.id() + ": every chart drawn");
            }
        }
        // the ranking as the index mart holds it, each commune's rank and score
        List<Row> ranked = lake.read("mart_commune_index").where("index_id = 'happy_commune' AND year = 2025 AND rank IS NOT NULL").collectAsList();
        assertTrue(ranked.size() > 50, "communes ranked in 2025: " + ranked.size());
        for (Row r : ranked) {
            Map<String, String> rank = figures.get("commune-scoring/2025").get("ranking|happy_commune||" + r.getAs("area_code") + "|2025|rank");
            assertNotNull(rank, "the edition ranks " + r.getAs("area_code"));
            assertEquals(String.valueOf(r.<Integer>getAs("rank")), rank.get("value"));
        }
        assertTrue(figures.get("commune-scoring/2025").keySet().stream().anyMatch(k -> k.startsWith("commune_criteria|")), "each commune's criteria");
        // the month's health figures as the mart holds them
        Row month = lake.read("mart_health_insurance_monthly").where("area_level = 'city' AND period = '2026-10'").collectAsList().get(0);
        assertEquals(vn.haiphong.indicators.report.EditionFigures.number(month.getAs("coverage_pct")),
                figures.get("month/2026-10").get("monthly|model_health_care_city||31|2026-10|coverage_pct").get("value"));
        assertTrue(figures.get("quarter/2026-Q4").containsKey("monthly|model_health_care_city||31|2026-10|coverage_pct"));
        // the review: progress since the baseline and the forecasts to 2030
        assertTrue(figures.get("review/2027").keySet().stream().anyMatch(k -> k.startsWith("progress|") && k.endsWith("|baseline")));
        assertTrue(figures.get("review/2027").keySet().stream().anyMatch(k -> k.startsWith("forecast|") && k.contains("|2030|point")));
    }
}
