package vn.haiphong.indicators.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One night (or publish, or accept) per lake at a time: a lease object {@code _city_indicators/lock.json} beside
 * the tables, holding owner, purpose, host, process, start and expiry. It is taken atomically (a local lake: a
 * hard link, which fails when the name exists; {@code s3a://}: a create that refuses to overwrite, read back to
 * confirm), renewed while the holder runs, and taken over once expired, or at once when its holder was a process
 * of this host that no longer exists (a night killed with {@code kill -9}).
 */
public final class LakeLock implements AutoCloseable {
    /** Thrown when the lake is held by another run and the caller did not ask to wait. */
    public static final class Busy extends IllegalStateException {
        Busy(String message) { super(message); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "_city_indicators/lock.json";

    private final FileSystem fs;
    private final Path path;
    private final String owner;
    private final Duration ttl;
    private final ScheduledExecutorService renewer;
    private volatile String lost;

    private LakeLock(FileSystem fs, Path path, String owner, Duration ttl) {
        this.fs = fs;
        this.path = path;
        this.owner = owner;
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lake-lock-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lake's lease for {@code owner} ({@code purpose}: night, publish, accept).
     *
     * @param wait how long to wait for a running holder; zero refuses at once with a message naming it
     * @throws Busy when another run holds the lake beyond {@code wait}
     */
    public static LakeLock acquire(String lakeBase, Configuration conf, String owner, String purpose, Duration ttl,
                                   Duration wait, java.util.function.Consumer<String> onWait) {
        Path path = new Path(lakeBase + "/" + FILE);
        FileSystem fs;
        try {
            fs = path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach lake " + lakeBase + ": " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(wait);
        boolean told = false;
        while (true) {
            ObjectNode lease = lease(owner, purpose, ttl);
            if (create(fs, path, lease)) return new LakeLock(fs, path, owner, ttl);
            JsonNode held = read(fs, path);
            if (held == null) continue; // released between our attempt and the read: try again
            String reason = stale(held);
            if (reason != null) {
                onWait.accept("taking over the lake lock of " + describe(held) + ": " + reason);
                delete(fs, path, held.path("owner").asText());
                continue;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new Busy("lake " + lakeBase + " is in use by " + describe(held)
                        + (wait.isZero() ? "; wait for it to finish, or run with --wait" : "; gave up after waiting " + wait.toSeconds() + " s"));
            }
            if (!told) {
                onWait.accept("waiting for " + describe(held) + " to finish");
                told = true;
            }
            sleep(Duration.ofMillis(Math.min(2000, Math.max(100, Duration.between(Instant.now(), deadline).toMillis()))));
        }
    }

    /** Why a lease no longer protects anything, or null while its holder may still be running. */
    static String stale(JsonNode held) {
        Instant expires = Instant.parse(held.path("expires").asText(Instant.EPOCH.toString()));
        if (Instant.now().isAfter(expires)) return "its lease expired at " + expires;
        if (held.path("host").asText().equals(host())) {
            long pid = held.path("pid").asLong(-1);
            if (pid != ProcessHandle.current().pid() && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return "its process " + pid + " on this host no longer exists";
            }
        }
        return null;
    }

    static String describe(JsonNode held) {
        return held.path("purpose").asText("run") + " " + held.path("owner").asText("?") + " (process "
                + held.path("pid").asText("?") + " on " + held.path("host").asText("?") + ", started "
                + held.path("started").asText("?") + ", lease until " + held.path("expires").asText("?") + ")";
    }

    private static ObjectNode lease(String owner, String purpose, Duration ttl) {
        Instant now = Instant.now();
        ObjectNode n = JSON.createObjectNode();
        n.put("owner", owner).put("purpose", purpose).put("host", host()).put("pid", ProcessHandle.current().pid())
                .put("started", now.toString()).put("renewed", now.toString()).put("expires", now.plus(ttl).toString());
        return n;
    }

    /** Creates the lease if no lease exists; false when one does. */
    private static boolean create(FileSystem fs, Path path, ObjectNode lease) {
        byte[] bytes = lease.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (isLocal(fs)) {
                java.nio.file.Path target = java.nio.file.Path.of(fs.makeQualified(path).toUri());
                Files.createDirectories(target.getParent());
                java.nio.file.Path tmp = Files.createTempFile(target.getParent(), ".lock-", ".json");
                try {
                    Files.write(tmp, bytes);
                    Files.createLink(target, tmp); // atomic: fails when the name exists
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            try (OutputStream out = fs.create(path, false)) {
                out.write(bytes);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            }
            // An object store without put-if-absent may let two creators through: the last write wins, and only
            // its owner reads itself back.
            sleep(Duration.ofMillis(300));
            JsonNode back = read(fs, path);
            return back != null && back.path("owner").asText().equals(lease.path("owner").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lake lock " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(FileSystem fs, Path path) {
        try (InputStream in = fs.open(path)) {
            return JSON.readTree(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            // half-written by a local writer cannot happen (hard link of a complete file); elsewhere, retry
            return null;
        }
    }

    private static void delete(FileSystem fs, Path path, String expectedOwner) {
        JsonNode now = read(fs, path);
        if (now == null || !now.path("owner").asText().equals(expectedOwner)) return;
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lake lock " + path, e);
        }
    }

    private void renew() {
        try {
            JsonNode held = read(fs, path);
            if (held == null || !held.path("owner").asText().equals(owner)) {
                lost = held == null ? "the lease was removed" : "the lease was taken over by " + describe(held);
                renewer.shutdown();
                return;
            }
            ObjectNode n = (ObjectNode) held;
            Instant now = Instant.now();
            n.put("renewed", now.toString()).put("expires", now.plus(ttl).toString());
            write(n);
        } catch (RuntimeException | IOException e) {
            // the next renewal tries again; the lease lasts three renewal periods
        }
    }

    private void write(ObjectNode lease) throws IOException {
        byte[] bytes = lease.toString().getBytes(StandardCharsets.UTF_8);
        if (isLocal(fs)) {
            java.nio.file.Path target = java.nio.file.Path.of(fs.makeQualified(path).toUri());
            java.nio.file.Path tmp = Files.createTempFile(target.getParent(), ".lock-", ".json");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            try (OutputStream out = fs.create(path, true)) {
                out.write(bytes);
            }
        }
    }

    /** Null while the lease is ours; otherwise what happened to it. */
    public String lost() { return lost; }

    @Override
    public void close() {
        renewer.shutdownNow();
        delete(fs, path, owner);
    }

    private static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lake lock", e);
        }
    }
}
