package vn.haiphong.indicators.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** Publishing into a real PostgreSQL (the embedded one): atomic, idempotent, logged, disclosure-controlled. */
class PublisherIT extends SparkTestBase {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startDatabase() throws Exception {
        pg = EmbeddedPostgres.start(Path.of("target", "publisher-test-" + System.nanoTime()), 0);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        pg.close();
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.owner().user(), pg.owner().password());
    }

    static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    Dataset<Row> health(int communes) {
        StringBuilder v = new StringBuilder("('city', '31', '2026-10', " + (communes * 40 + 3) + "L)");
        v.append(", ('commune', '10000', '2026-10', 3L)");
        for (int i = 1; i <= communes; i++) v.append(", ('commune', '1000").append(i).append("', '2026-10', 40L)");
        return spark().sql("SELECT area_level, area_code, period, insured_persons, "
                + "CAST(insured_persons * 100.0 / 50 AS DOUBLE) AS coverage_pct FROM VALUES " + v + " AS t(area_level, area_code, period, insured_persons)");
    }

    List<Publisher.Table> tables(int communes) {
        List<Disclosure.Rule> rules = List.of(new Disclosure.Rule("h", "insured_persons", "count", ""),
                new Disclosure.Rule("h", "coverage_pct", "rate", "insured_persons"));
        return List.of(new Publisher.Table("mart_health_insurance_monthly", "Health insurance per area and month",
                Disclosure.apply(health(communes), rules, List.of(new Disclosure.Margin("h", new Disclosure.Condition("area_level", "city", true),
                        new Disclosure.Condition("area_level", "commune", true), List.of("period"))), 10, 10, spark()),
                List.of("area_level", "area_code", "period")));
    }

    @Test
    void publishesOnceSwitchesAtomicallyAndKeepsThePreviousOnFailure() throws Exception {
        try (Connection c = connect()) {
            Publisher.Result first = Publisher.publish(c, "run-1", "mart=1", tables(3));
            assertTrue(first.published());
            assertEquals(5L, first.rows().get("mart_health_insurance_monthly"));
            // the 3 of commune 10000 is suppressed, and a second cell with it (else city - others = 3)
            assertEquals(2, count(c, "SELECT count(*) FROM city_indicators.mart_health_insurance_monthly WHERE insured_persons IS NULL"));
            assertEquals(1, count(c, "SELECT count(*) FROM city_indicators.mart_health_insurance_monthly "
                    + "WHERE area_code = '10000' AND insured_persons_suppressed = 'small_count' AND coverage_pct IS NULL"));
            assertEquals(1, count(c, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'city_indicators' AND indexdef LIKE '%UNIQUE%'"));
            assertEquals(1, count(c, "SELECT count(*) FROM pg_description d JOIN pg_class k ON k.oid = d.objoid "
                    + "WHERE k.relname = 'mart_health_insurance_monthly' AND d.description LIKE 'Health insurance%'"));

            Publisher.Result again = Publisher.publish(c, "run-2", "mart=1", tables(3));
            assertFalse(again.published(), "the same lake versions publish nothing");
            assertEquals(1, count(c, "SELECT count(*) FROM city_indicators_meta.publish_log"));

            // a reader querying all along sees the old table (5 rows) or the new one (42 rows), never anything else
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                try (Connection r = connect()) {
                    while (!stop.get()) seen.add(String.valueOf(count(r, "SELECT count(*) FROM city_indicators.mart_health_insurance_monthly")));
                } catch (Exception e) {
                    seen.add("error: " + e.getMessage());
                }
            });
            reader.start();
            await(() -> !seen.isEmpty()); // the reader reads the old publish
            assertTrue(Publisher.publish(c, "run-3", "mart=2", tables(40)).published());
            await(() -> seen.contains("42")); // and then the new one, never a mix
            stop.set(true);
            reader.join();
            assertTrue(Set.of("5", "42").containsAll(seen) && seen.contains("42"), "what the reader saw: " + seen);

            // a publish that fails midway (a column PostgreSQL cannot take) leaves the previous one in place
            Dataset<Row> bad = spark().sql("SELECT map('a', 1) AS m");
            assertThrows(IllegalArgumentException.class, () -> Publisher.publish(c, "run-4", "mart=3",
                    List.of(tables(2).get(0), new Publisher.Table("bad", "x", bad, List.of()))));
            assertEquals(42, count(c, "SELECT count(*) FROM city_indicators.mart_health_insurance_monthly"));
            assertEquals(2, count(c, "SELECT count(*) FROM city_indicators_meta.publish_log"));
        }
    }

    @Test
    void theReadOnlyRoleReadsEveryPublishButCannotWrite() throws Exception {
        // a database of its own: the other test counts publish_log rows
        try (EmbeddedPostgres own = EmbeddedPostgres.start(Path.of("target", "publisher-role-test-" + System.nanoTime()), 0);
             Connection c = DriverManager.getConnection(own.jdbcUrl(), own.owner().user(), own.owner().password())) {
            for (int run = 1; run <= 2; run++) { // the schema is new at each publish: the grant must come with it
                Publisher.publish(c, "role-" + run, "role=" + run, tables(3 + run), EmbeddedPostgres.READER, vn.haiphong.indicators.graph.Progress.quiet());
                try (Connection d = DriverManager.getConnection(own.jdbcUrl(), own.reader().user(), own.reader().password())) {
                    assertEquals(5 + run, count(d, "SELECT count(*) FROM city_indicators.mart_health_insurance_monthly"));
                    assertTrue(count(d, "SELECT count(*) FROM city_indicators_meta.publish_log") >= run);
                    assertThrows(java.sql.SQLException.class, () -> d.createStatement().execute(
                            "DELETE FROM city_indicators.mart_health_insurance_monthly"));
                }
            }
        }
    }

    /** Waits (up to a minute) until the condition holds. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not true within a minute");
            Thread.onSpinWait();
            Thread.sleep(5);
        }
    }
}
