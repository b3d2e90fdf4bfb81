package vn.haiphong.indicators.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The commands as a data team runs them: a night publishes to the embedded PostgreSQL beside its lake, a second night
 * with nothing new publishes nothing, {@code serve} keeps the database listening until stopped, and a publish that fails
 * says so without ever printing the database password.
 */
class PublishProcessIT {
    @Test
    void theNightPublishesServeListensAndTheSecretStaysOut(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // a private folder (0700), as a clone under /root or a mktemp -d is: the night publishes all the same (as root, the
        // server runs as 'nobody', and its cluster lives where nobody can enter)
        Path work = tmp.resolve("work");
        Path lake = work.resolve("lake");
        Map<String, String> env = Map.of("CITY_INDICATORS_PSEUDONYM_KEY", "publish-process-key-0123456789",
                "CITY_INDICATORS_PUBLISH_URL", "embedded");
        String inbox = SmallInbox.write(work.resolve("inbox")).toString();
        try (CommandProcess night = CommandProcess.start(work, "night-1", env, "run", "--lake", lake.toString(), "--inbox", inbox)) {
            assertEquals(0, night.waitFor(Duration.ofMinutes(5)), night.output());
            assertTrue(night.output().contains("cells suppressed -> jdbc:postgresql://127.0.0.1:"), night.output());
        }
        Path cluster = vn.haiphong.indicators.publish.EmbeddedPostgres.cluster(work.resolve("lake-postgres"));
        assertTrue(Files.exists(cluster.resolve("data/PG_VERSION")), "the cluster: " + cluster);
        assertTrue(Files.readString(lake.resolve("_published/data_dictionary.md")).contains("## `fact_criteria_scorecard`"));
        try (CommandProcess night = CommandProcess.start(work, "night-2", env, "run", "--lake", lake.toString(), "--inbox", inbox)) {
            assertEquals(0, night.waitFor(Duration.ofMinutes(5)), night.output());
            assertTrue(night.output().contains("publish: (unchanged: nothing it reads changed since night "), night.output());
        }

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path home = work.resolve("lake-postgres");
        var owner = vn.haiphong.indicators.publish.EmbeddedPostgres.login(home, vn.haiphong.indicators.publish.EmbeddedPostgres.OWNER);
        var reader = vn.haiphong.indicators.publish.EmbeddedPostgres.login(home, vn.haiphong.indicators.publish.EmbeddedPostgres.READER);
        for (var login : java.util.List.of(owner, reader)) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(login.passFile())),
                    login.passFile() + " is readable by its owner only");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (CommandProcess serve = CommandProcess.start(work, "serve", env, "serve", "--lake", lake.toString(), "--port", String.valueOf(port))) {
            assertTrue(serve.awaitOutput("Ctrl-C to stop.", Duration.ofMinutes(2)), serve.output());
            assertTrue(serve.output().contains("PGPASSFILE=" + reader.passFile() + " psql \"postgresql://city_indicators_reader@127.0.0.1:"
                    + port + "/postgres\""), serve.output());
            assertTrue(serve.output().contains("user city_indicators_reader, password from the file"), serve.output());
            assertTrue(serve.output().contains("last published: "), serve.output());
            try (Connection c = DriverManager.getConnection(url, reader.user(), reader.password());
                 Statement st = c.createStatement();
                 ResultSet r = st.executeQuery("SELECT (SELECT count(*) FROM city_indicators_meta.publish_log), "
                         + "(SELECT count(*) FROM city_indicators.fact_health_insurance_monthly WHERE area_level = 'city')")) {
                r.next();
                assertEquals(1, r.getLong(1), "two nights, one publish");
                assertTrue(r.getLong(2) > 0, "BI tools read as the read-only role");
            }
            for (String user : new String[] {"postgres", reader.user(), owner.user()}) {
                assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, user, "").close(), user + " without a password");
                assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, user, "wrong").close(), user + " with a wrong one");
            }
            assertTrue(serve.isAlive(), "serve keeps running");
            serve.terminate();
            for (String log : new String[] {"night-1", "night-2", "serve"}) {
                String text = Files.readString(work.resolve(log + ".log"));
                assertFalse(text.contains(owner.password()) || text.contains(reader.password()), log + " prints no password");
            }
        }
        // closed (SIGTERM, as Ctrl-C): the shutdown hook stopped the server
        assertFalse(Files.exists(cluster.resolve("data/postmaster.pid")), "the server stopped with serve");

        // a database that refuses: the publish fails, names the URL, and never prints the password
        String password = "s3cret-Publish-Pw";
        try (CommandProcess publish = CommandProcess.start(work, "publish-bad", Map.of("CITY_INDICATORS_PSEUDONYM_KEY",
                "publish-process-key-0123456789", "CITY_INDICATORS_PUBLISH_URL", "jdbc:postgresql://127.0.0.1:" + port + "/nowhere",
                "CITY_INDICATORS_PUBLISH_PASSWORD", password), "publish", "--lake", lake.toString())) {
            assertEquals(2, publish.waitFor(Duration.ofMinutes(3)), publish.output());
            assertTrue(publish.output().contains("publish failed"), publish.output());
            assertFalse(publish.output().contains(password), "the password stays out of the output");
            assertFalse(publish.output().contains(owner.password()) || publish.output().contains(reader.password()));
        }
        if (!cluster.equals(work.resolve("lake-postgres"))) org.apache.commons.io.FileUtils.deleteDirectory(cluster.toFile());
    }
}
