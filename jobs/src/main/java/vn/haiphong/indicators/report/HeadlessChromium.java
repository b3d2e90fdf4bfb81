package vn.haiphong.indicators.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket client:
 * open a page, evaluate JavaScript in it, collect console errors and uncaught exceptions, take screenshots, print it to
 * PDF. Editions print their PDF with it; the tests drive the report and the editions with it, and install it with
 * apt-get ({@link #ensureInstalled}) when missing. Not Selenium: its client would put another Guava, Netty and
 * OpenTelemetry on the class path that Spark shares.
 */
public final class HeadlessChromium implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Console errors and uncaught exceptions of the page, as text. */
    public final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Installs Chromium from the Debian packages when it is missing (the test machine runs as root). */
    public static void ensureInstalled() throws IOException, InterruptedException {
        installWhenMissing(BINARY, "chromium", "chromium-driver");
    }

    /** Installs Debian packages with apt-get when {@code binary} is missing (the test machine runs as root). */
    public static void installWhenMissing(String binary, String... packages) throws IOException, InterruptedException {
        if (Files.isExecutable(Path.of(binary))) return;
        List<String> install = new java.util.ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(List.of(packages));
        if (run(install) != 0 && (run(List.of("apt-get", "update", "-q")) != 0 || run(install) != 0)) {
            throw new IllegalStateException("cannot install " + String.join(", ", packages) + " with apt-get (needs root and the Debian mirrors)");
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Starts Chromium (which must be installed: {@code apt-get install chromium}) with its profile in {@code profile}. */
    public static HeadlessChromium start(Path profile, int width, int height) throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("Chromium is needed at " + BINARY + " to print the PDF (Debian: apt-get install chromium)");
        }
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String ws = null;
        for (JsonNode t : targets) if (t.path("type").asText().equals("page")) ws = t.path("webSocketDebuggerUrl").asText();
        if (ws == null) throw new IllegalStateException("no page target: " + targets);
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder buffer = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buffer.append(data);
                if (last) {
                    String message = buffer.toString();
                    buffer.setLength(0);
                    self[0].received(message);
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, socket);
        self[0].send("Runtime.enable", Map.of());
        self[0].send("Log.enable", Map.of());
        self[0].send("Page.enable", Map.of());
        return self[0];
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) f.complete(m);
                return;
            }
            String method = m.path("method").asText();
            JsonNode params = m.path("params");
            if (method.equals("Runtime.exceptionThrown")) errors.add("exception: " + params.path("exceptionDetails").toString());
            if (method.equals("Runtime.consoleAPICalled") && params.path("type").asText().equals("error")) errors.add("console.error: " + params.path("args"));
            if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) errors.add("log: " + params.path("entry"));
        } catch (IOException e) {
            errors.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    /** Sends a DevTools command and waits for its result. */
    public JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(120, TimeUnit.SECONDS);
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.get("error"));
        return r.path("result");
    }

    /** Opens a page and waits until {@code readyExpression} is true in it. */
    public void open(String url, String readyExpression, Duration limit) throws Exception {
        send("Page.navigate", Map.of("url", url));
        waitFor(readyExpression, limit);
    }

    /** Waits until a JavaScript expression is true in the page. */
    public void waitFor(String expression, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Boolean.TRUE.equals(evaluate(expression))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("not true after " + limit + ": " + expression + "; errors " + errors);
            Thread.sleep(200);
        }
    }

    /** The value of a JavaScript expression in the page (JSON types: String, Integer, Double, Boolean, List, Map, null). */
    public Object evaluate(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        return JSON.treeToValue(r.path("result").path("value"), Object.class);
    }

    /** A PNG of the page's area (CSS pixels, from the top of the document), or of the viewport when clip is null. */
    public void screenshot(Path file, double[] clip) throws Exception {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("format", "png"));
        if (clip != null) {
            params.put("clip", Map.of("x", clip[0], "y", clip[1], "width", clip[2], "height", clip[3], "scale", 1));
            params.put("captureBeyondViewport", true);
        }
        JsonNode r = send("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /**
     * The page printed as an A4 PDF, backgrounds included, with "page N / M" at the foot of each page.
     *
     * @param footer the word before the page number ("Trang", "Page")
     */
    public byte[] printPdf(String footer) throws Exception {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("paperWidth", 8.27);
        params.put("paperHeight", 11.69);
        params.put("marginTop", 0.5);
        params.put("marginBottom", 0.6);
        params.put("marginLeft", 0.45);
        params.put("marginRight", 0.45);
        params.put("printBackground", true);
        params.put("displayHeaderFooter", true);
        params.put("headerTemplate", "<div></div>");
        params.put("footerTemplate", "<div style=\"font-size:8px;width:100%;text-align:center;color:#555\">" + footer
                + " <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>");
        JsonNode r = send("Page.printToPDF", params);
        return Base64.getDecoder().decode(r.path("data").asText());
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
