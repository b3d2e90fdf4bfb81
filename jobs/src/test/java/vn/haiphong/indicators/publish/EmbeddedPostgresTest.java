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

    @Test
    void theBinariesAreUnpackedOncePerMachineNotPerLake() throws Exception {
        Path shared = EmbeddedPostgres.sharedBinaries();
        org.junit.jupiter.api.Assertions.assertNotNull(shared, "the temporary folder's city-indicators folder is ours");
        Path a = Path.of("target", "embedded-postgres-a-" + System.nanoTime()), b = Path.of("target", "embedded-postgres-b-" + System.nanoTime());
        assertEquals(shared, EmbeddedPostgres.binaries(a));
        assertEquals(shared, EmbeddedPostgres.binaries(b), "a second lake finds them unpacked");
        org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(shared.resolve("bin/initdb")), "complete: " + shared);
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(a.resolve("binaries")) || Files.exists(b.resolve("binaries")),
                "no copy beside the lakes");
    }

    @Test
    void nightsUnpackingAtOnceAllGetOneCompleteCopy() throws Exception {
        Path target = Files.createDirectories(Path.of("target", "embedded-postgres-race-" + System.nanoTime())).resolve("postgres");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<Path>> got = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) got.add(pool.submit(() -> EmbeddedPostgres.unpackOnce(target)));
            for (var f : got) assertEquals(target, f.get());
        } finally {
            pool.shutdownNow();
        }
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(target.resolve(".unpacked")) && Files.isExecutable(target.resolve("bin/pg_ctl")));
        try (var siblings = Files.list(target.getParent())) {
            assertEquals(java.util.List.of("postgres"), siblings.map(p -> p.getFileName().toString()).toList(), "the losers' copies are gone");
        }
    }

    @Test
    void aSharedFolderOthersMayWriteIsNotTrusted() throws Exception {
        String user = System.getProperty("user.name");
        Path open = Files.createDirectories(Path.of("target", "embedded-postgres-open-" + System.nanoTime()));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(null, EmbeddedPostgres.trustedFolder(open, user), "writable by others");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(open, EmbeddedPostgres.trustedFolder(open, user));
        assertEquals(null, EmbeddedPostgres.trustedFolder(open, user + "-someone-else"), "owned by another user");
        Path made = open.resolve("made");
        assertEquals(made, EmbeddedPostgres.trustedFolder(made, user), "made when missing");
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(made));
        Path link = Files.createSymbolicLink(open.resolve("link"), made.toAbsolutePath());
        assertEquals(null, EmbeddedPostgres.trustedFolder(link, user), "a link, not a folder");
    }
    /**
     * A lake in a folder others may not enter (a clone under /root, a {@code mktemp -d} folder): the server still starts,
     * keeps its data, and stops. As root it runs as nobody, so its cluster then lives where nobody can reach it.
     */
    @Test
    void aLakeInAPrivateFolderStillGetsItsDatabase(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path closed = Files.createDirectories(tmp.resolve("private"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path home = closed.resolve("lake-postgres");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (note text)");
            s.execute("INSERT INTO kept VALUES ('Hải Phòng')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT note FROM kept")) {
            r.next();
            assertEquals("Hải Phòng", r.getString(1), "kept between runs");
        }
        if ("root".equals(System.getProperty("user.name"))) {
            Path cluster = EmbeddedPostgres.cluster(home.toAbsolutePath());
            org.junit.jupiter.api.Assertions.assertTrue(cluster.startsWith(EmbeddedPostgres.ROOT_CLUSTERS), "moved: " + cluster);
            org.junit.jupiter.api.Assertions.assertTrue(Files.readString(home.resolve("CLUSTER-IS-ELSEWHERE.txt")).contains(cluster.toString()));
            org.apache.commons.io.FileUtils.deleteDirectory(cluster.toFile());
        }
    }
}
