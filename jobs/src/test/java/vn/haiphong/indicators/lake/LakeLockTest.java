package vn.haiphong.indicators.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeLockTest {
    @TempDir Path tmp;
    private final Configuration conf = new Configuration();
    private final List<String> said = new ArrayList<>();

    private LakeLock take(String owner, Duration wait) {
        return LakeLock.acquire(tmp.toString(), conf, owner, "night", Duration.ofMinutes(10), wait, said::add);
    }

    @Test
    void aSecondNightRefusesAtOnceNamingTheRunningOne() {
        try (LakeLock first = take("night-A", Duration.ZERO)) {
            LakeLock.Busy busy = assertThrows(LakeLock.Busy.class, () -> take("night-B", Duration.ZERO));
            assertTrue(busy.getMessage().contains("is in use by night night-A (process " + ProcessHandle.current().pid()), busy.getMessage());
            assertTrue(busy.getMessage().contains("--wait"), busy.getMessage());
        }
        try (LakeLock again = take("night-C", Duration.ZERO)) {
            assertTrue(Files.exists(tmp.resolve(LakeLock.FILE)), "released by the first, taken by the next");
        }
        assertFalse(Files.exists(tmp.resolve(LakeLock.FILE)), "released on close");
    }

    @Test
    void waitingTakesTheLockWhenTheRunningNightEnds() throws Exception {
        LakeLock first = take("night-A", Duration.ZERO);
        // the running night ends once the second says it is waiting for it
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        try (LakeLock second = LakeLock.acquire(tmp.toString(), conf, "night-B", "night", Duration.ofMinutes(10), Duration.ofSeconds(60),
                line -> { said.add(line); waiting.countDown(); })) {
            assertTrue(said.get(0).startsWith("waiting for night night-A"), said.toString());
            assertTrue(release.isDone(), "it took the lock after the first released it");
        }
        release.get();
    }

    @Test
    void onlyOneOfManySimultaneousTakersWins() throws Exception {
        int n = 8;
        List<CompletableFuture<LakeLock>> tries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String owner = "night-" + i;
            tries.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return take(owner, Duration.ZERO);
                } catch (LakeLock.Busy e) {
                    return null;
                }
            }));
        }
        List<LakeLock> winners = new ArrayList<>();
        for (CompletableFuture<LakeLock> t : tries) if (t.get() != null) winners.add(t.get());
        assertEquals(1, winners.size());
        winners.forEach(LakeLock::close);
    }

    @Test
    void anExpiredLeaseOrOneWhoseProcessIsGoneIsTakenOver() throws Exception {
        Path lock = tmp.resolve(LakeLock.FILE);
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "{\"owner\":\"old\",\"purpose\":\"night\",\"host\":\"elsewhere\",\"pid\":1,"
                + "\"started\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-01-01T00:10:00Z\"}", StandardCharsets.UTF_8);
        try (LakeLock taken = take("night-new", Duration.ZERO)) {
            assertTrue(said.get(0).contains("its lease expired"), said.toString());
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(lock, "{\"owner\":\"killed\",\"purpose\":\"night\",\"host\":\"" + LakeLock.host() + "\",\"pid\":" + gone.pid()
                + ",\"started\":\"" + Instant.now() + "\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\"}", StandardCharsets.UTF_8);
        try (LakeLock taken = take("night-after-kill", Duration.ZERO)) {
            assertTrue(said.get(1).contains("no longer exists"), said.toString());
        }
        // a live holder elsewhere, not expired, is respected
        Files.writeString(lock, "{\"owner\":\"remote\",\"purpose\":\"publish\",\"host\":\"elsewhere\",\"pid\":1,"
                + "\"started\":\"" + Instant.now() + "\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\"}", StandardCharsets.UTF_8);
        assertThrows(LakeLock.Busy.class, () -> take("night-x", Duration.ZERO));
    }

    /** When the lease in the lock file expires (the file may be between writes: then the epoch, and the caller asks again). */
    private Instant expires() {
        try {
            String text = Files.readString(tmp.resolve(LakeLock.FILE));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"expires\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
            return m.find() ? Instant.parse(m.group(1)) : Instant.EPOCH;
        } catch (java.io.IOException | java.time.DateTimeException e) {
            return Instant.EPOCH;
        }
    }

    @Test
    void theLeaseIsRenewedWhileItsHolderRuns() throws Exception {
        try (LakeLock held = LakeLock.acquire(tmp.toString(), conf, "night-A", "night", Duration.ofMillis(900), Duration.ZERO, said::add)) {
            Instant firstExpiry = expires();
            // until the lease has been renewed twice and the time is past its first expiry (at most a minute)
            Instant giveUp = Instant.now().plusSeconds(60);
            while (!(Instant.now().isAfter(firstExpiry) && expires().isAfter(firstExpiry.plusMillis(300)))) {
                assertTrue(Instant.now().isBefore(giveUp), "the lease was not renewed within a minute: " + Files.readString(tmp.resolve(LakeLock.FILE)));
                Thread.sleep(20); // a poll, not a wait for the renewal itself
            }
            assertThrows(LakeLock.Busy.class, () -> take("night-B", Duration.ZERO));
            assertEquals(null, held.lost());
        }
    }
}
