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
class EmbeddedPostgresIT {
    @Test
    void startsKeepsItsDataBetweenRunsAndStops() throws Exception {
        // under target/ rather than a JUnit temporary folder: those are private to their owner, and the server may
        // run as another user
        Path home = Path.of("target", "embedded-postgres-test-" + System.nanoTime());
        assertKeepsItsDataBetweenRuns(home);
        // closed means stopped: nothing answers on its port any more
        String url;
        EmbeddedPostgres.Login owner;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0)) {
            url = pg.jdbcUrl();
            owner = pg.owner();
        }
        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(url, owner.user(), owner.password()).close());
    }

    @Test
    void aClusterThatCannotStartSaysWhy() throws Exception {
        Path home = Path.of("target", "embedded-postgres-broken-" + System.nanoTime());
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/PG_VERSION"), "17\n"); // looks initialised, but is not a cluster
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> EmbeddedPostgres.start(home, 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("making the database's roles failed (exit 1); run it again, or remove "
                + home.toAbsolutePath() + " to start the embedded database afresh"), e.getMessage());
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
    /** Writes a row as the owner, stops, starts again and reads it back: PostgreSQL 17, UTF-8, kept between runs. */
    static void assertKeepsItsDataBetweenRuns(Path home) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0); Connection c = as(pg, pg.owner()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA probe"); // the owner makes schemas; public is nobody's to write
            s.execute("CREATE TABLE probe.kept (note text)");
            s.execute("INSERT INTO probe.kept VALUES ('Hải Phòng')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0); Connection c = as(pg, pg.owner()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT note, current_setting('server_version_num')::int / 10000 FROM probe.kept")) {
            r.next();
            assertEquals("Hải Phòng", r.getString(1), "the cluster is kept between runs, UTF-8");
            assertEquals(17, r.getInt(2));
        }
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
        assertKeepsItsDataBetweenRuns(home);
        if ("root".equals(System.getProperty("user.name"))) {
            Path cluster = EmbeddedPostgres.cluster(home.toAbsolutePath());
            org.junit.jupiter.api.Assertions.assertTrue(cluster.startsWith(EmbeddedPostgres.ROOT_CLUSTERS), "moved: " + cluster);
            org.junit.jupiter.api.Assertions.assertTrue(Files.readString(home.resolve("CLUSTER-IS-ELSEWHERE.txt")).contains(cluster.toString()));
            org.apache.commons.io.FileUtils.deleteDirectory(cluster.toFile());
        }
    }
    static Connection as(EmbeddedPostgres pg, EmbeddedPostgres.Login login) throws java.sql.SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), login.user(), login.password());
    }

    /** Least privilege: passwords for every role, the superuser never over TCP, a read role that can only read. */
    @Test
    void everyoneNeedsAPasswordAndTheReadRoleCanOnlyRead() throws Exception {
        Path home = Path.of("target", "embedded-postgres-roles-" + System.nanoTime());
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0)) {
            for (String user : new String[] {"postgres", EmbeddedPostgres.OWNER, EmbeddedPostgres.READER}) {
                assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(pg.jdbcUrl(), user, "").close(), user + " without a password");
                assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(pg.jdbcUrl(), user, "not-it").close(), user + " with a wrong one");
            }
            org.junit.jupiter.api.Assertions.assertFalse(EmbeddedPostgres.trusts(EmbeddedPostgres.cluster(home.toAbsolutePath()).resolve("data/pg_hba.conf")));
            for (EmbeddedPostgres.Login login : java.util.List.of(pg.owner(), pg.reader())) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(login.passFile())));
                org.junit.jupiter.api.Assertions.assertFalse(login.toString().contains(login.password()), "a login prints no password");
            }
            try (Connection c = as(pg, pg.owner()); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
                    r.next();
                    assertEquals(java.util.List.of(false, false, false), java.util.List.of(r.getBoolean(1), r.getBoolean(2), r.getBoolean(3)),
                            "the owner is no superuser and makes no roles or databases");
                }
                vn.haiphong.indicators.publish.Publisher.publish(c, "roles", "roles=1", java.util.List.of(), EmbeddedPostgres.READER,
                        vn.haiphong.indicators.graph.Progress.quiet());
                s.execute("CREATE TABLE city_indicators.probe (v int)");
                s.execute("INSERT INTO city_indicators.probe VALUES (1)");
                s.execute("GRANT SELECT ON city_indicators.probe TO " + EmbeddedPostgres.READER);
                assertThrows(java.sql.SQLException.class, () -> s.execute("COPY (SELECT 1) TO PROGRAM 'true'"), "no shell for the owner either");
            }
            try (Connection c = as(pg, pg.reader()); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT v FROM city_indicators.probe")) {
                    r.next();
                    assertEquals(1, r.getInt(1), "it reads what is published");
                }
                for (String forbidden : new String[] {"CREATE TABLE public.x (v int)", "CREATE TABLE city_indicators.x (v int)",
                        "CREATE SCHEMA mine", "CREATE TEMP TABLE t (v int)", "INSERT INTO city_indicators.probe VALUES (2)",
                        "UPDATE city_indicators.probe SET v = 3", "DELETE FROM city_indicators.probe", "DROP TABLE city_indicators.probe",
                        "DROP SCHEMA city_indicators CASCADE", "COPY (SELECT 1) TO PROGRAM 'touch /tmp/city-indicators-pwned'",
                        "CREATE ROLE other LOGIN"}) {
                    assertThrows(java.sql.SQLException.class, () -> s.execute(forbidden), "the read role may not: " + forbidden);
                }
            }
        }
    }

    /** A cluster made before passwords (it trusted every local connection, and the superuser published) is secured on its next start. */
    @Test
    void aClusterThatTrustedEveryoneIsSecuredOnItsNextStart() throws Exception {
        Path home = Path.of("target", "embedded-postgres-legacy-" + System.nanoTime()).toAbsolutePath();
        EmbeddedPostgres.start(home, 0).close();
        // as the older version left it: trust on the loopback, no roles' files, a schema the superuser published
        Path cluster = EmbeddedPostgres.cluster(home);
        Path data = cluster.resolve("data");
        Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.delete(data.resolve(EmbeddedPostgres.ROLES_MARKER));
        Files.delete(EmbeddedPostgres.passFile(home, EmbeddedPostgres.OWNER));
        Files.delete(EmbeddedPostgres.passFile(home, EmbeddedPostgres.READER));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        java.util.List<String> start = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) start.addAll(java.util.List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        start.addAll(java.util.List.of(EmbeddedPostgres.binaries(cluster).resolve("bin/pg_ctl").toString(), "-D", data.toString(),
                "-l", data.resolve("postgres.log").toString(), "-w", "-o", "-p " + port + " -h 127.0.0.1 -c unix_socket_directories=''", "start"));
        assertEquals(0, new ProcessBuilder(start).directory(cluster.toFile()).inheritIO().start().waitFor());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA city_indicators");
            s.execute("CREATE TABLE city_indicators.old (v int)");
        }
        java.util.List<String> notices = new java.util.ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(home, 0, notices::add)) {
            assertEquals(1, notices.size(), "one message: " + notices);
            org.junit.jupiter.api.Assertions.assertTrue(notices.get(0).contains("trusted every local connection; it now lets in only"), notices.get(0));
            org.junit.jupiter.api.Assertions.assertFalse(EmbeddedPostgres.trusts(data.resolve("pg_hba.conf")));
            assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(pg.jdbcUrl(), "postgres", "").close());
            try (Connection c = as(pg, pg.owner())) {
                // the owner can publish over what the superuser had published
                vn.haiphong.indicators.publish.Publisher.publish(c, "after", "after=1", java.util.List.of(), EmbeddedPostgres.READER,
                        vn.haiphong.indicators.graph.Progress.quiet());
            }
        }
        java.util.List<String> again = new java.util.ArrayList<>();
        EmbeddedPostgres.start(home, 0, again::add).close();
        assertEquals(java.util.List.of(), again, "secured once");
    }
}
