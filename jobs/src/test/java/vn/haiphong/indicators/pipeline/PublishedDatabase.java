package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.publish.EmbeddedPostgres;
import vn.haiphong.indicators.publish.PublishJob;
import vn.haiphong.indicators.publish.StarSchema;
import vn.haiphong.indicators.reference.Communes;

/**
 * The sample night published to a real PostgreSQL (the embedded one, started here), and the checks of what BI tools
 * and the notebooks see: the star joins back to gold, every column is documented, suppression reaches derived tables.
 */
final class PublishedDatabase implements AutoCloseable {
    final PublishJob.Target target;
    final PublishJob.Outcome first;
    final PublishJob.Outcome again;

    PublishedDatabase(Lake lake) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of("target", "published-sample-" + System.nanoTime()), 0);
        target = new PublishJob.Target(pg.jdbcUrl(), pg.owner().user(), pg.owner().password(), pg, EmbeddedPostgres.READER);
        first = publish(lake);
        again = publish(lake);
    }

    PublishJob.Outcome publish(Lake lake) throws Exception {
        return PublishJob.run(lake, LakeTables.load().all(), CriteriaCatalog.load(), Communes.load(), new StarSchema.Thresholds(10, 10),
                target, "test-publish", Duration.ZERO, Progress.quiet());
    }

    @Override
    public void close() throws IOException {
        target.close();
    }

    static List<Map<String, Object>> query(Connection c, String sql) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData m = r.getMetaData();
            while (r.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= m.getColumnCount(); i++) row.put(m.getColumnName(i), r.getObject(i));
                out.add(row);
            }
        }
        return out;
    }

    static long count(Connection c, String sql) throws Exception {
        return ((Number) query(c, sql).get(0).values().iterator().next()).longValue();
    }

    /** Same value for a dashboard: numbers equal as doubles (PostgreSQL keeps doubles exactly), dates as ISO text. */
    static boolean same(Object gold, Object published) {
        if (gold == null || published == null) return gold == published;
        if (gold instanceof Number g && published instanceof Number p) return Double.compare(g.doubleValue(), p.doubleValue()) == 0;
        return String.valueOf(gold).equals(String.valueOf(published));
    }

    /** Every published fact row is a gold row by key, with gold's value in every cell not suppressed. */
    void joinsBackToGold(Lake lake) throws Exception {
        try (Connection c = target.connect()) {
            for (TableDef t : PublishJob.published(LakeTables.load().all())) {
                if (!lake.exists(t.name())) continue;
                String fact = StarSchema.factName(t.name());
                List<String> key = t.exportKey();
                Map<String, Row> gold = new HashMap<>();
                List<Row> goldRows = lake.read(t.name()).collectAsList();
                for (Row r : goldRows) gold.put(keyOf(key, r::getAs), r);
                List<Map<String, Object>> published = query(c, "SELECT * FROM city_indicators." + fact);
                assertEquals(goldRows.size(), published.size(), fact + ": one published row per gold row");
                int compared = 0;
                for (Map<String, Object> p : published) {
                    Row g = gold.get(keyOf(key, p::get));
                    assertNotNull(g, fact + ": a published row that gold does not have: " + p);
                    String derived = (String) p.get(StarSchema.SUPPRESSED_CELLS);
                    for (String column : g.schema().fieldNames()) {
                        boolean suppressed = p.get(column + "_suppressed") != null
                                || (derived != null && List.of(derived.split(":")[0].split(", ")).contains(column));
                        if (suppressed) {
                            assertEquals(null, p.get(column), fact + " " + column + ": a suppressed cell is null: " + p);
                        } else {
                            assertTrue(same(g.getAs(column), p.get(column)), fact + " " + column + " of " + keyOf(key, p::get)
                                    + ": gold " + g.getAs(column) + ", published " + p.get(column));
                            compared++;
                        }
                    }
                }
                assertTrue(compared > 0 || goldRows.isEmpty(), fact);
            }
        }
    }

    private static String keyOf(List<String> key, java.util.function.Function<String, Object> get) {
        StringBuilder sb = new StringBuilder();
        for (String k : key) {
            Object v = get.apply(k);
            sb.append(v instanceof Number n ? String.valueOf(n.longValue()) : String.valueOf(v)).append('|');
        }
        return sb.toString();
    }

    /** Runs every notebook with nbclient in the pinned environment (created once under target/). */
    String runNotebooks() throws Exception {
        Path venv = Path.of("target", "notebooks-venv").toAbsolutePath();
        Path python = venv.resolve("bin/python");
        Path requirements = Path.of("..", "notebooks", "requirements.txt").toAbsolutePath().normalize();
        Path stamp = venv.resolve(".installed");
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(Files.readString(requirements))) {
            run(List.of("python3", "-m", "venv", "--clear", venv.toString()), Map.of());
            // --retries 0: a machine whose default index is unreachable (only a local mirror) fails over at once
            run(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--retries", "0", "--timeout", "30",
                    "-q", "-r", requirements.toString()), Map.of());
            Files.writeString(stamp, Files.readString(requirements));
        }
        // as an analyst runs them: the read-only role, its password from the pass file beside the lake (libpq's PGPASSFILE)
        EmbeddedPostgres.Login reader = target.embedded().reader();
        String url = target.url().replace("jdbc:postgresql://", "postgresql+psycopg://" + reader.user() + "@");
        Path out = Path.of("target", "notebooks-executed").toAbsolutePath();
        return run(List.of(python.toString(), Path.of("..", "notebooks", "run_notebooks.py").toAbsolutePath().normalize().toString(),
                out.toString()), Map.of("CITY_INDICATORS_DB_URL", url, "PGPASSFILE", reader.passFile().toString()));
    }

    private static String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "finished: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    void isIdempotent() {
        assertTrue(first.result().published());
        assertFalse(again.result().published(), "the same lake versions publish nothing");
    }
}
