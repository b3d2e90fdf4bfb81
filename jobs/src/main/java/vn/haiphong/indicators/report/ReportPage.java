package vn.haiphong.indicators.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.lake.Lake;

/**
 * The morning report as one self-contained HTML file: the page ({@code report/index.html}), Apache ECharts
 * ({@code dist/echarts.min.js} of its npm package, a Maven dependency) and the report's data as JSON, all inlined, so
 * that it opens from disk, offline, with no server. ECharts because it is a maintained Apache project that draws
 * forecast fans (stacked areas), ranked bars with a target line and rank bands in one library, renders to SVG (crisp
 * screenshots, testable DOM), and comes as a single file to inline; Vega-Lite would need three (vega, vega-lite,
 * vega-embed) and a compile step in the browser.
 */
public final class ReportPage {
    private ReportPage() { }

    public static final String ECHARTS_VERSION = "6.0.0";
    static final String ECHARTS = "/META-INF/resources/_static/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";
    static final String TEMPLATE = "/report/index.html";
    /** Where a night writes the report inside the lake (any file system the lake is on). */
    public static final String IN_LAKE = "_report/index.html";

    /** The page for this data. */
    public static String html(Map<String, Object> data) {
        String json;
        try {
            // "</" would end the script element the JSON sits in
            json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource(TEMPLATE).replace("<script>/*ECHARTS*/</script>", "<script>" + resource(ECHARTS) + "</script>")
                .replace("/*DATA*/", json);
    }

    /**
     * Builds the report of the lake and writes it to {@code target} (a local path or a URI of the lake's file system).
     *
     * @return the number of criteria charted
     */
    public static int write(Lake lake, CriteriaCatalog catalog, String target) {
        Map<String, Object> data = MorningReport.build(lake, catalog, LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).getYear(),
                Instant.now().atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toLocalDateTime().withNano(0).toString().replace('T', ' '));
        String page = html(data);
        lake.writeText(target, page);
        return ((java.util.List<?>) data.get("criteria")).size();
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
