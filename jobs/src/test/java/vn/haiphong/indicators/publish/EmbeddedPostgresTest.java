package vn.haiphong.indicators.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL: started from the Maven dependency (as nobody when the build runs as root), kept on disk. */
class EmbeddedPostgresTest {
    @Test
    void startsKeepsItsDataBetweenRunsAndStops() throws Exception {
        // under target/ rather than a JUnit temporary folder: those are private to their owner, and the server may
        // run as another user
        Path home = Path.of("target", "embedded-postgres-test-" + System.nanoTime());
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (note text)");
            s.execute("INSERT INTO kept VALUES ('Hải Phòng')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT note, current_setting('server_version_num')::int / 10000 FROM kept")) {
            r.next();
            assertEquals("Hải Phòng", r.getString(1), "the cluster is kept between runs, UTF-8");
            assertEquals(17, r.getInt(2));
        }
        // closed means stopped: nothing answers on its port any more
        String url;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0)) {
            url = pg.jdbcUrl();
        }
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close());
    }

    @Test
    void aClusterThatCannotStartSaysWhy() throws Exception {
        Path home = Path.of("target", "embedded-postgres-broken-" + System.nanoTime());
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/PG_VERSION"), "17\n"); // looks initialised, but is not a cluster
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> EmbeddedPostgres.start(home, 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("pg_ctl start failed"), e.getMessage());
    }
}
