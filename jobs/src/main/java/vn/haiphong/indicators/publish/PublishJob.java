package vn.haiphong.indicators.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.graph.Layer;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.LakeLock;
import vn.haiphong.indicators.reference.Communes;

/**
 * The publish stage: the lake's gold tables, as a star schema ({@link StarSchema}), into the configured PostgreSQL
 * ({@link Publisher}: atomic, idempotent, logged), holding the lake's lock so that it reads one night's tables; then
 * the data dictionary as Markdown beside the lake ({@code <lake>/_published/data_dictionary.md}).
 */
public final class PublishJob {
    private PublishJob() { }

    public static final String DICTIONARY_FILE = "_published/data_dictionary.md";

    /** What a publish did: the result, where (without password), and where the dictionary was written (null if not). */
    public record Outcome(Publisher.Result result, String target, String dictionary) { }

    /** The gold tables published: every exported gold table of the declarations. */
    public static List<TableDef> published(List<TableDef> declared) {
        return declared.stream().filter(t -> t.layer() == Layer.GOLD && t.exported()).toList();
    }

    /**
     * Where to publish: null with {@code config.publishUrl()} {@code off}; the embedded cluster beside a local lake
     * ({@code <lake>-postgres}) for {@code embedded}; else the JDBC URL with the user and the environment's password.
     */
    public static Target target(PipelineConfig config, int embeddedPort) throws IOException {
        String url = config.publishUrl();
        if (url.equals("off")) return null;
        if (!url.equals("embedded")) return new Target(url, config.publishUser(), config.publishPassword(), null, config.publishReadRole());
        String lake = config.lake();
        if (lake.contains("://") && !lake.startsWith("file:")) {
            throw new IllegalStateException("the embedded PostgreSQL keeps its data beside a local lake, and " + lake + " is not one: "
                    + "set " + PipelineConfig.ENV_PUBLISH_URL + " (and _USER, _PASSWORD) to a PostgreSQL, or publish.url=off");
        }
        EmbeddedPostgres pg = EmbeddedPostgres.start(embeddedHome(lake), embeddedPort);
        // the night publishes as the owner role, never the superuser; BI tools read as the read-only role
        return new Target(pg.jdbcUrl(), pg.owner().user(), pg.owner().password(), pg, EmbeddedPostgres.READER);
    }

    /** The embedded cluster of a local lake: the folder {@code <lake>-postgres} beside it. */
    public static Path embeddedHome(String lake) {
        Path p = Path.of(lake.startsWith("file:") ? java.net.URI.create(lake).getPath() : lake).toAbsolutePath().normalize();
        return p.resolveSibling(p.getFileName() + "-postgres");
    }

    /**
     * A database to publish into, and the role dashboards read it with (null: none granted); closing stops the embedded
     * server this opened (not one already serving).
     */
    public record Target(String url, String user, String password, EmbeddedPostgres embedded, String readRole) implements AutoCloseable {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** The URL and user, never the password. */
        public String describe() {
            return url + " (user " + user + (embedded != null ? ", embedded" : "") + ")";
        }

        @Override
        public String toString() { return describe(); } // a record's own would print the password

        @Override
        public void close() throws IOException {
            if (embedded != null) embedded.close();
        }
    }

    /**
     * Publishes the lake's gold tables, unless these versions were published already.
     *
     * @param lockWait how long to wait for a night holding the lake; null when the caller holds the lake's lock (the
     *                 night, which publishes after its tables)
     */
    public static Outcome run(Lake lake, List<TableDef> declared, CriteriaCatalog catalog, Communes communes,
                              StarSchema.Thresholds thresholds, Target target, String runId, Duration lockWait, Progress progress)
            throws SQLException, IOException {
        progress.stage("publish to " + target.describe());
        try (LakeLock lock = lockWait == null ? null : LakeLock.acquire(lake.base(), lake.spark().sparkContext().hadoopConfiguration(),
                runId, "publish", Duration.ofMinutes(10), lockWait, progress::step);
             Connection c = target.connect()) {
            lake.refresh();
            List<TableDef> gold = published(declared);
            String versions = Publisher.lakeVersions(lake, gold) + ";catalog=" + catalog.fingerprint().substring(0, 12)
                    + ";min_count=" + thresholds.minCount() + ";min_rate_numerator=" + thresholds.minRateNumerator()
                    + ";editions=" + PublishedEditions.version(lake);
            if (versions.equals(Publisher.lastPublished(c))) {
                progress.step("these lake versions are published already: nothing to do");
                return new Outcome(new Publisher.Result(false, Map.of(), 0, versions), target.describe(), null);
            }
            Map<TableDef, Dataset<Row>> frames = new LinkedHashMap<>();
            for (TableDef t : gold) if (lake.exists(t.name())) frames.put(t, lake.read(t.name()));
            progress.step("star schema of " + frames.size() + " facts, disclosure-controlled");
            List<Publisher.Table> tables = StarSchema.build(frames, catalog, communes, thresholds, lake.spark(),
                    dictionary -> PublishedEditions.tables(lake, dictionary));
            Publisher.Result result = Publisher.publish(c, runId, versions, tables, target.readRole(), progress);
            String dictionary = null;
            if (result.published()) {
                Publisher.Table dict = tables.get(tables.size() - 1);
                String md = DataDictionary.markdown(tables, dict.rows().collectAsList(), catalog, Instant.now().toString());
                dictionary = lake.base() + "/" + DICTIONARY_FILE;
                lake.writeText(dictionary, md);
                progress.step("data dictionary: " + dictionary);
            }
            return new Outcome(result, target.describe(), dictionary);
        }
    }

    /**
     * Publishes the lake to the configured database and returns the line the run's summary prints; a database that
     * fails leaves the lake as it was and the database with its previous publish, and says so.
     *
     * @param lockWait as for {@link #run}: null when the caller holds the lake's lock
     */
    public static String publishLine(Lake lake, PipelineConfig config, List<TableDef> declared, CriteriaCatalog catalog,
                                     Communes communes, StarSchema.Thresholds thresholds, String runId, Duration lockWait,
                                     Progress progress) {
        try (Target target = target(config, 0)) {
            if (target == null) return "publish: off (publish.url=off)";
            Outcome o = run(lake, declared, catalog, communes, thresholds, target, runId, lockWait, progress);
            if (!o.result().published()) return "publish: " + o.target() + " already holds these lake versions; nothing changed";
            return String.format("publish: %d tables, %,d rows, %,d cells suppressed -> %s; dictionary %s", o.result().rows().size(),
                    o.result().rows().values().stream().mapToLong(Long::longValue).sum(), o.result().suppressedCells(), o.target(),
                    o.dictionary());
        } catch (SQLException e) {
            throw new IllegalStateException("publish failed (the lake is unchanged; the database keeps its previous publish): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
