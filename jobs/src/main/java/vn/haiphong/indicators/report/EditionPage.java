package vn.haiphong.indicators.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.config.ClasspathCsv;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.ModelSummary;

/**
 * An edition's page and its PDF: the template {@code report/edition.html} with ECharts and the edition's data inlined
 * (as the morning report is: one file that opens offline), printed to A4 by headless Chromium. The PDF is printed twice:
 * the first print says on which page each section starts, which the second prints in the table of contents.
 */
public final class EditionPage {
    private EditionPage() { }

    static final String TEMPLATE = "/report/edition.html";
    /** How long the page may take to draw its charts before printing. */
    static final Duration DRAWN_WITHIN = Duration.ofMinutes(2);
    /** The page drew every chart: the JavaScript ran and ECharts finished each one. */
    public static final String DRAWN = "document.readyState === 'complete' && document.body.getAttribute('data-ready') === 'true' && Array.from(document.querySelectorAll('.chart'))"
            + ".every(function (d) { return d.getAttribute('data-rendered') === 'true'; })";

    /** The page's data: the edition (from its manifest), its figures and changes, criteria and model names, TOC pages. */
    static Map<String, Object> data(JsonNode manifest, List<EditionFigures.Figure> figures, List<EditionFigures.Change> changes,
                                    CriteriaCatalog catalog, Map<String, Integer> pages) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", manifest.path("edition_id").asText());
        e.put("kind", manifest.path("kind").asText());
        e.put("period", manifest.path("period").asText());
        e.put("version", manifest.path("version").asInt());
        e.put("as_of", cityTime(manifest.path("as_of").asText()));
        e.put("made_at", cityTime(manifest.path("made_at").asText()));
        JsonNode prev = manifest.path("previous");
        e.put("previous_id", prev.has("edition_id") ? prev.path("edition_id").asText() : null);
        e.put("previous_as_of", prev.has("as_of") ? cityTime(prev.path("as_of").asText()) : null);
        out.put("edition", e);
        List<Map<String, String>> f = new ArrayList<>();
        for (EditionFigures.Figure x : figures) f.add(row(EditionFigures.COLUMNS, EditionFigures.cells(x)));
        out.put("figures", f);
        List<Map<String, String>> c = new ArrayList<>();
        for (EditionFigures.Change x : changes) c.add(row(EditionFigures.CHANGE_COLUMNS, EditionFigures.cells(x)));
        out.put("changes", c);
        Map<String, Map<String, String>> names = new LinkedHashMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            Map<String, String> n = new LinkedHashMap<>();
            n.put("vi", t.nameVi());
            n.put("en", t.nameEn());
            names.putIfAbsent(t.criterionId(), n);
        }
        out.put("names", names);
        Map<String, Map<String, Object>> models = new LinkedHashMap<>();
        for (CSVRecord r : ClasspathCsv.records(ModelSummary.RESOURCE)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", r.get("number"));
            m.put("vi", r.get("name_vi"));
            m.put("en", r.get("name_en"));
            models.put(r.get("model_id"), m);
        }
        out.put("models", models);
        out.put("pages", pages);
        return out;
    }

    private static Map<String, String> row(List<String> columns, List<String> cells) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), cells.get(i));
        return m;
    }

    /** An instant as Hai Phong's clock reads it, to the second. */
    static String cityTime(String instant) {
        return java.time.Instant.parse(instant).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toLocalDateTime().withNano(0).toString()
                .replace('T', ' ');
    }

    /** The self-contained page. */
    static String html(Map<String, Object> data) {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/"); // "</" would end the script element
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ReportPage.resource(TEMPLATE).replace("<script>/*ECHARTS*/</script>", "<script>" + ReportPage.resource(ReportPage.ECHARTS) + "</script>")
                .replace("/*DATA*/", json);
    }

    /**
     * The edition printed to A4 in Vietnamese: printed once to find each section's page, then again with those pages in
     * the contents.
     *
     * @param work a local folder for the browser's profile and the page
     */
    static byte[] pdf(JsonNode manifest, List<EditionFigures.Figure> figures, List<EditionFigures.Change> changes, CriteriaCatalog catalog,
                      Path work) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "edition-print-");
        try {
            Path page = dir.resolve("index.html");
            Files.writeString(page, html(data(manifest, figures, changes, catalog, null)));
            try (HeadlessChromium browser = HeadlessChromium.start(dir.resolve("profile"), 1000, 1400)) {
                browser.open(page.toUri().toString(), DRAWN, DRAWN_WITHIN);
                if (!browser.errors.isEmpty()) throw new IllegalStateException("the edition's page reports errors: " + browser.errors);
                byte[] first = browser.printPdf("Trang");
                @SuppressWarnings("unchecked") List<List<String>> sections = (List<List<String>>) browser.evaluate(
                        "Array.from(document.querySelectorAll('#sections section')).map(function (s) { return [s.id, s.querySelector('h2').textContent]; })");
                Map<String, Integer> pages = Editions.sectionPages(first, sections);
                browser.evaluate("window.editionPages(" + new ObjectMapper().writeValueAsString(pages) + "); true");
                browser.waitFor(DRAWN, DRAWN_WITHIN);
                return browser.printPdf("Trang");
            }
        } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
        }
    }
}
