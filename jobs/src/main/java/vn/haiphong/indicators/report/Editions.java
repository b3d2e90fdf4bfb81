package vn.haiphong.indicators.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;

/**
 * Editions: the dated reports the city files, frozen. {@link #make} reads the tables of {@link EditionFigures#TABLES} as
 * they were at a moment (Delta time travel: each table's last commit at or before it), computes the figures, and writes
 * a folder that is never rewritten, {@code <lake>/_editions/<kind>/<period>/<kind>-<period>-v<N>/}:
 * {@code index.html} (self-contained, Vietnamese with the English switch), {@code report.pdf} (A4, contents with page
 * numbers, printed by headless Chromium), {@code data/figures.csv} and {@code data/changes.csv} (every figure shown, and
 * what changed since the previous edition, with the deliveries that changed it), {@code inputs/<table>/} (a Parquet
 * copy of each table at the version read) and {@code manifest.json} (kind, period, as-of, when made, each table's
 * version and rows, the catalog's and the code's versions, the SHA-256 of every file).
 *
 * <p>Reproducible: {@link #verify} checks every file against the manifest, re-reads each table at the version named
 * there or, where the lake no longer has it (its log cleaned after the retention period, or its files vacuumed), the copy
 * kept with the edition, rebuilds the figures and the changes, and compares them with the CSVs. The copy is what makes
 * this hold after any number of nights, corrections and checkpoints, whatever the tables' retention settings: gold tables
 * are small (a sample edition's copy is well under a megabyte), and a retention long enough for every edition to be
 * re-read from the log would keep every night's log of every table for years.
 *
 * <p>Each edition also goes to two lake tables, {@code ops_editions} (one row per edition) and {@code ops_edition_figures}
 * (its figures), which the publish serves as {@code dim_edition} and {@code fact_edition_figure} and the nightly report
 * reads for its links to the latest edition of each kind.
 */
public final class Editions {
    private Editions() { }

    public static final String FOLDER = "_editions";
    public static final String CATALOG_TABLE = vn.haiphong.indicators.publish.PublishedEditions.CATALOG_TABLE;
    public static final String FIGURES_TABLE = vn.haiphong.indicators.publish.PublishedEditions.FIGURES_TABLE;
    static final String MANIFEST = "manifest.json";
    static final String FIGURES = "data/figures.csv";
    static final String CHANGES = "data/changes.csv";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> DELIVERED = List.of("ingested", "accepted", "superseded");

    /** What an edition needs besides the lake: the catalog (names, fingerprint), the lineage, the code's version. */
    public record Context(CriteriaCatalog catalog, Map<String, Set<String>> kindsOfCriterion, String codeVersion, java.nio.file.Path work) { }

    /** An edition as its manifest describes it. */
    public record Listed(String id, String kind, String period, int version, Instant asOf, Instant madeAt, String folder, JsonNode manifest) { }

    /** What {@link #make} wrote. */
    public record Made(String id, String folder, int figures, int changes, String previousId) { }

    /** What {@link #verify} found: no difference means reproduced. */
    public record Verified(String id, List<String> differences, Map<String, String> readFrom) {
        public boolean reproduced() { return differences.isEmpty(); }
    }

    /**
     * Makes a new edition of the period as of {@code asOf} (null: now). The caller holds the lake's lock, so that no
     * night commits while the versions are chosen and the version number is taken.
     */
    public static Made make(Lake lake, EditionPeriod period, Instant asOf, Context context) throws Exception {
        Instant madeAt = Instant.now();
        Instant moment = asOf == null ? madeAt : asOf;
        if (moment.isAfter(madeAt)) throw new IllegalArgumentException("--as-of " + asOf + " is in the future");
        SparkSession spark = lake.spark();
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String t : EditionFigures.TABLES) versions.put(t, versionAt(lake, t, asOf));
        if (versions.get(TableNames.MART_SCORECARD) < 0) {
            throw new IllegalStateException("the lake had no scorecard " + (asOf == null ? "yet" : "at " + asOf) + ": run a night first");
        }
        FileSystem fs = fs(lake, root(lake));
        String parent = root(lake) + "/" + period.kind().id + "/" + period.period();
        List<Listed> existing = list(lake);
        int number = 1 + (int) existing.stream().filter(e -> e.kind().equals(period.kind().id) && e.period().equals(period.period()))
                .mapToInt(Listed::version).max().orElse(0);
        String id = period.kind().id + "-" + period.period() + "-v" + number;
        Listed previous = previous(existing, period);
        // a staging folder renamed into place at the end: an edition is there whole, or not at all
        for (FileStatus s : listOrEmpty(fs, new Path(parent))) if (s.getPath().getName().startsWith(".staging-")) fs.delete(s.getPath(), true);
        String staging = parent + "/.staging-" + UUID.randomUUID();

        Map<String, List<Row>> rows = new LinkedHashMap<>();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("edition_id", id).put("kind", period.kind().id).put("period", period.period()).put("version", number)
                .put("as_of", moment.toString()).put("made_at", madeAt.toString());
        ObjectNode prev = manifest.putObject("previous");
        if (previous != null) prev.put("edition_id", previous.id()).put("as_of", previous.asOf().toString()).put("folder", previous.folder());
        ArrayNode tables = manifest.putArray("tables");
        for (Map.Entry<String, Long> v : versions.entrySet()) {
            ObjectNode t = tables.addObject().put("name", v.getKey()).put("version", v.getValue());
            if (v.getValue() < 0) { rows.put(v.getKey(), List.of()); continue; }
            Dataset<Row> at = spark.read().format("delta").option("versionAsOf", v.getValue()).load(lake.path(v.getKey()));
            List<Row> collected = canonical(at.collectAsList());
            rows.put(v.getKey(), collected);
            String copy = "inputs/" + v.getKey();
            spark.createDataFrame(collected, at.schema()).coalesce(1).write().parquet(staging + "/" + copy);
            t.put("rows", collected.size()).put("copy", copy);
        }
        manifest.put("catalog_fingerprint", context.catalog().fingerprint()).put("code_version", context.codeVersion());

        List<EditionFigures.Figure> figures = EditionFigures.build(period, rows);
        List<EditionFigures.Change> changes = changes(lake, previous, period, figures, rows.get(TableNames.OPS_FILE_INGESTION), moment, context);
        writeText(fs, staging + "/" + FIGURES, csv(EditionFigures.COLUMNS, figures.stream().map(EditionFigures::cells).toList()));
        writeText(fs, staging + "/" + CHANGES, csv(EditionFigures.CHANGE_COLUMNS, changes.stream().map(EditionFigures::cells).toList()));
        String html = EditionPage.html(EditionPage.data(manifest, figures, changes, context.catalog(), null));
        writeText(fs, staging + "/index.html", html);
        writeBytes(fs, staging + "/report.pdf", EditionPage.pdf(manifest, figures, changes, context.catalog(), context.work()));

        ObjectNode files = manifest.putObject("files");
        checksums(fs, new Path(staging)).forEach(files::put);
        writeText(fs, staging + "/" + MANIFEST, JSON.writeValueAsString(manifest));
        String folder = parent + "/" + id;
        if (fs.exists(new Path(folder)) || !fs.rename(new Path(staging), new Path(folder))) {
            throw new IllegalStateException("cannot put edition " + id + " in place at " + folder + " (it is left at " + staging + ")");
        }
        record(lake, manifest, folder, figures);
        return new Made(id, folder, figures.size(), changes.size(), previous == null ? null : previous.id());
    }

    /** Every edition of the lake, by kind, period and version. */
    public static List<Listed> list(Lake lake) throws IOException {
        FileSystem fs = fs(lake, root(lake));
        FileStatus[] found = fs.globStatus(new Path(root(lake) + "/*/*/*/" + MANIFEST));
        List<Listed> out = new ArrayList<>();
        if (found == null) return out;
        for (FileStatus s : found) {
            JsonNode m = JSON.readTree(readText(fs, s.getPath()));
            Path folder = s.getPath().getParent();
            out.add(new Listed(m.path("edition_id").asText(), m.path("kind").asText(), m.path("period").asText(), m.path("version").asInt(),
                    Instant.parse(m.path("as_of").asText()), Instant.parse(m.path("made_at").asText()),
                    "file".equals(folder.toUri().getScheme()) ? folder.toUri().getPath() : folder.toString(), m));
        }
        out.sort(Comparator.comparing(Listed::kind).thenComparing(Listed::period).thenComparingInt(Listed::version));
        return out;
    }

    /** The edition with this id. */
    public static Listed find(Lake lake, String id) throws IOException {
        for (Listed l : list(lake)) if (l.id().equals(id)) return l;
        throw new IllegalArgumentException("no edition " + id + " in " + root(lake) + " (bin/city-indicators edition list)");
    }

    /** Re-reads, rebuilds and compares an edition: see the class comment. */
    public static Verified verify(Lake lake, String id, Context context) throws Exception {
        Listed e = find(lake, id);
        FileSystem fs = fs(lake, e.folder());
        List<String> differences = new ArrayList<>();
        Map<String, String> sums = checksums(fs, new Path(e.folder()));
        Map<String, String> recorded = new TreeMap<>();
        e.manifest().path("files").fields().forEachRemaining(f -> recorded.put(f.getKey(), f.getValue().asText()));
        for (String f : recorded.keySet()) {
            if (!sums.containsKey(f)) differences.add(f + ": missing");
            else if (!sums.get(f).equals(recorded.get(f))) differences.add(f + ": its content changed since the edition was made (SHA-256 differs)");
        }
        for (String f : sums.keySet()) if (!recorded.containsKey(f)) differences.add(f + ": not part of the edition");

        EditionPeriod period = EditionPeriod.parse(e.kind(), e.period());
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        Map<String, String> readFrom = new LinkedHashMap<>();
        for (JsonNode t : e.manifest().path("tables")) {
            String name = t.path("name").asText();
            long version = t.path("version").asLong();
            if (version < 0) { rows.put(name, List.of()); readFrom.put(name, "absent"); continue; }
            List<Row> read;
            try {
                read = lake.spark().read().format("delta").option("versionAsOf", version).load(lake.path(name)).collectAsList();
                readFrom.put(name, "lake version " + version);
            } catch (Exception gone) {
                // the log of that version was cleaned up, or its files vacuumed: the copy kept with the edition
                read = lake.spark().read().parquet(e.folder() + "/" + t.path("copy").asText()).collectAsList();
                readFrom.put(name, "copy kept with the edition (version " + version + " is no longer in the lake)");
            }
            if (read.size() != t.path("rows").asInt()) differences.add(name + ": " + read.size() + " rows at version " + version + ", the manifest says " + t.path("rows").asInt());
            rows.put(name, canonical(read));
        }
        List<EditionFigures.Figure> figures = EditionFigures.build(period, rows);
        compare("data/figures.csv", csvRows(readText(fs, new Path(e.folder() + "/" + FIGURES))),
                figures.stream().map(EditionFigures::cells).toList(), EditionFigures.COLUMNS, differences);
        Listed previous = e.manifest().path("previous").has("edition_id") ? find(lake, e.manifest().path("previous").path("edition_id").asText()) : null;
        List<EditionFigures.Change> changes = changes(lake, previous, period, figures, rows.get(TableNames.OPS_FILE_INGESTION), e.asOf(), context);
        compare("data/changes.csv", csvRows(readText(fs, new Path(e.folder() + "/" + CHANGES))),
                changes.stream().map(EditionFigures::cells).toList(), EditionFigures.CHANGE_COLUMNS, differences);
        return new Verified(id, differences, readFrom);
    }

    /** The previous edition of the kind: the same period's latest, else the latest of an earlier period; or none. */
    static Listed previous(List<Listed> existing, EditionPeriod period) {
        Listed best = null;
        for (Listed l : existing) {
            if (!l.kind().equals(period.kind().id) || l.period().compareTo(period.period()) > 0) continue;
            if (best == null || l.period().compareTo(best.period()) > 0 || (l.period().equals(best.period()) && l.version() > best.version())) best = l;
        }
        return best;
    }

    private static List<EditionFigures.Change> changes(Lake lake, Listed previous, EditionPeriod period, List<EditionFigures.Figure> figures,
                                                       List<Row> ledger, Instant asOf, Context context) throws IOException {
        if (previous == null) return List.of();
        FileSystem fs = fs(lake, previous.folder());
        List<EditionFigures.Figure> before = new ArrayList<>();
        for (Map<String, String> r : csvRows(readText(fs, new Path(previous.folder() + "/" + FIGURES)))) before.add(EditionFigures.parse(r));
        List<EditionFigures.Delivery> between = new ArrayList<>();
        for (Row r : ledger) {
            Instant at = r.getAs("ingested_at");
            if (at != null && at.isAfter(previous.asOf()) && !at.isAfter(asOf) && DELIVERED.contains(r.<String>getAs("status"))) {
                between.add(new EditionFigures.Delivery(r.getAs("file_name"), r.getAs("kind"), at));
            }
        }
        between.sort(Comparator.comparing(EditionFigures.Delivery::ingestedAt).thenComparing(EditionFigures.Delivery::fileName));
        return EditionFigures.changes(before, previous.period().equals(period.period()), figures, between, context.kindsOfCriterion());
    }

    /** A table's version at a moment: its last commit at or before it (-1: the table did not exist then); now: its latest. */
    static long versionAt(Lake lake, String table, Instant asOf) {
        if (!lake.exists(table)) return -1;
        if (asOf == null) return lake.version(table);
        List<Row> r = io.delta.tables.DeltaTable.forPath(lake.spark(), lake.path(table)).history()
                .where(col("timestamp").leq(lit(java.sql.Timestamp.from(asOf)))).selectExpr("max(version)").collectAsList();
        return r.isEmpty() || r.get(0).isNullAt(0) ? -1 : r.get(0).getLong(0);
    }

    /** Rows in one order whatever order the files gave them, so that the figures are built the same way each time. */
    private static List<Row> canonical(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(r -> r.mkString("\u0001")));
        return out;
    }

    private static void compare(String file, List<Map<String, String>> written, List<List<String>> rebuilt, List<String> columns, List<String> out) {
        Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        for (Map<String, String> w : written) byId.put(w.get(columns.get(0)), w);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (List<String> r : rebuilt) {
            String id = r.get(0);
            seen.add(id);
            Map<String, String> w = byId.get(id);
            if (w == null) { out.add(file + ": " + id + " rebuilt but not in the edition"); continue; }
            for (int i = 1; i < columns.size(); i++) {
                if (!w.containsKey(columns.get(i))) continue; // a column later code added: not part of what was reported
                String rebuiltValue = r.get(i) == null ? "" : r.get(i);
                if (!Objects.equals(w.get(columns.get(i)), rebuiltValue)) {
                    out.add(file + ": " + id + " " + columns.get(i) + " is " + w.get(columns.get(i)) + " in the edition, rebuilt " + rebuiltValue);
                }
            }
        }
        for (String id : byId.keySet()) if (!seen.contains(id)) out.add(file + ": " + id + " is in the edition but not rebuilt");
    }

    /** Records the edition in the lake's edition tables (replacing its rows, should a failed run have left some). */
    private static void record(Lake lake, ObjectNode manifest, String folder, List<EditionFigures.Figure> figures) {
        SparkSession spark = lake.spark();
        String id = manifest.path("edition_id").asText();
        StringBuilder versions = new StringBuilder();
        for (JsonNode t : manifest.path("tables")) versions.append(versions.length() == 0 ? "" : ";").append(t.path("name").asText()).append('=').append(t.path("version").asLong());
        StructType catalogSchema = new StructType().add("edition_id", DataTypes.StringType, false).add("kind", DataTypes.StringType)
                .add("period", DataTypes.StringType).add("edition_version", DataTypes.IntegerType).add("as_of", DataTypes.TimestampType)
                .add("made_at", DataTypes.TimestampType).add("previous_edition_id", DataTypes.StringType).add("table_versions", DataTypes.StringType)
                .add("catalog_fingerprint", DataTypes.StringType).add("code_version", DataTypes.StringType).add("folder", DataTypes.StringType)
                .add("figures", DataTypes.IntegerType);
        Row row = RowFactory.create(id, manifest.path("kind").asText(), manifest.path("period").asText(), manifest.path("version").asInt(),
                Instant.parse(manifest.path("as_of").asText()), Instant.parse(manifest.path("made_at").asText()),
                manifest.path("previous").path("edition_id").isMissingNode() ? null : manifest.path("previous").path("edition_id").asText(),
                versions.toString(), manifest.path("catalog_fingerprint").asText(), manifest.path("code_version").asText(), folder, figures.size());
        StructType figureSchema = new StructType().add("edition_id", DataTypes.StringType, false);
        for (String c : EditionFigures.COLUMNS) figureSchema = figureSchema.add(c, c.equals("year") ? DataTypes.IntegerType : DataTypes.StringType);
        List<Row> figureRows = new ArrayList<>();
        for (EditionFigures.Figure f : figures) {
            List<Object> cells = new ArrayList<>(List.of(id));
            List<String> text = EditionFigures.cells(f);
            for (int i = 0; i < text.size(); i++) cells.add(EditionFigures.COLUMNS.get(i).equals("year") ? f.year() : text.get(i));
            figureRows.add(RowFactory.create(cells.toArray()));
        }
        // figures first: a dashboard joins them to the catalog row, which comes last
        writeReplacing(lake, FIGURES_TABLE, spark.createDataFrame(figureRows, figureSchema), id);
        writeReplacing(lake, CATALOG_TABLE, spark.createDataFrame(List.of(row), catalogSchema), id);
    }

    private static void writeReplacing(Lake lake, String table, Dataset<Row> rows, String id) {
        if (!lake.exists(table)) {
            rows.write().format("delta").mode("append").save(lake.path(table));
        } else {
            rows.write().format("delta").mode("overwrite").option("replaceWhere", "edition_id = '" + id.replace("'", "''") + "'").save(lake.path(table));
        }
        lake.refresh();
    }

    /**
     * The page of each section of a printed edition: the first page after the contents whose text holds its heading
     * (compared without accents and spaces, as PDF text extraction may split them).
     */
    static Map<String, Integer> sectionPages(byte[] pdf, List<List<String>> sections) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper text = new PDFTextStripper();
            int n = doc.getNumberOfPages();
            List<String> pages = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                text.setStartPage(i);
                text.setEndPage(i);
                pages.add(fold(text.getText(doc)));
            }
            int from = 1; // page 1 holds the contents, which name every heading
            for (List<String> s : sections) {
                String heading = fold(s.get(1));
                for (int p = from; p < n; p++) {
                    if (pages.get(p).contains(heading)) {
                        out.put(s.get(0), p + 1);
                        from = p;
                        break;
                    }
                }
            }
        }
        return out;
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D')
                .replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
    }

    static String root(Lake lake) { return lake.base() + "/" + FOLDER; }

    private static FileSystem fs(Lake lake, String path) throws IOException {
        return new Path(path).getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    }

    private static FileStatus[] listOrEmpty(FileSystem fs, Path p) throws IOException {
        return fs.exists(p) ? fs.listStatus(p) : new FileStatus[0];
    }

    /** SHA-256 of every file under the folder but the manifest, by path relative to it ('/'-separated). */
    static Map<String, String> checksums(FileSystem fs, Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        String base = fs.makeQualified(folder).toUri().getPath();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            String relative = s.getPath().toUri().getPath().substring(base.length() + 1);
            if (relative.equals(MANIFEST)) continue;
            try (InputStream in = fs.open(s.getPath())) {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) d.update(buffer, 0, n);
                out.put(relative, HexFormat.of().formatHex(d.digest()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static String csv(List<String> header, List<List<String>> rows) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (List<String> r : rows) p.printRecord(r);
        }
        return w.toString();
    }

    static List<Map<String, String>> csvRows(String text) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(text))) {
            out.add(r.toMap());
        }
        return out;
    }

    private static void writeText(FileSystem fs, String path, String text) throws IOException {
        writeBytes(fs, path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(FileSystem fs, String path, byte[] bytes) throws IOException {
        Path p = new Path(path);
        String scheme = p.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            // directly, without the checksum file Hadoop's local file system adds: the manifest's SHA-256 is the edition's
            java.nio.file.Path local = java.nio.file.Path.of(p.toUri().getPath());
            Files.createDirectories(local.getParent());
            Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
            return;
        }
        try (OutputStream out = fs.create(p, false)) {
            out.write(bytes);
        }
    }

    private static String readText(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The running code's version: the jar's build version and SHA-256, or "classes" when run from a build's classes. */
    public static String codeVersion() {
        try {
            java.net.URL where = Editions.class.getProtectionDomain().getCodeSource().getLocation();
            java.nio.file.Path jar = java.nio.file.Path.of(where.toURI());
            String version = Objects.toString(Editions.class.getPackage().getImplementationVersion(), "dev");
            if (!Files.isRegularFile(jar)) return version + " (classes " + jar.getFileName() + ")";
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return version + " (jar sha256 " + HexFormat.of().formatHex(d.digest(Files.readAllBytes(jar))).substring(0, 16) + ")";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
