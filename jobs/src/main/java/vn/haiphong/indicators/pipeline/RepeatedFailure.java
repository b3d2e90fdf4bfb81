package vn.haiphong.indicators.pipeline;

import java.time.Instant;
import vn.haiphong.indicators.lake.Lake;

/**
 * Remembers beside the lake the error that stopped the last night ({@code _city_indicators/last_failure.txt}), so that a
 * night stopping the same way says so: an error that comes back on rerun will not go away by waiting, and the operator
 * is told to act instead of retrying. A night that ends normally forgets it.
 */
final class RepeatedFailure {
    static final String FILE = "_city_indicators/last_failure.txt";

    private RepeatedFailure() { }

    /**
     * Records {@code error} as the last night's; returns a line for the summary when the night before stopped with the
     * same error (the count of nights in a row and since when), else null. Never fails the night further: a lake that
     * cannot be written to is already the error.
     */
    static String record(Lake lake, String error, Instant now) {
        // a lake that stopped answering midway would hold the error up in its client's retries: ten seconds, then none
        java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "last-failure");
            t.setDaemon(true);
            return t;
        });
        try {
            return io.submit(() -> recordNow(lake, error, now)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            io.shutdownNow();
        }
    }

    private static String recordNow(Lake lake, String error, Instant now) {
        try {
            String path = lake.base() + "/" + FILE;
            String before = lake.readText(path);
            int times = 1;
            String since = now.toString();
            if (before != null) {
                String[] parts = before.split("\n", 3);
                if (parts.length == 3 && parts[2].equals(error)) {
                    times = Integer.parseInt(parts[0]) + 1;
                    since = parts[1];
                }
            }
            lake.writeText(path, times + "\n" + since + "\n" + error);
            if (times < 2) return null;
            return "This is the " + ordinal(times) + " night in a row to stop with this same error (first at " + since
                    + "): running again will not clear it. Fix or move the file it names, or keep the lake and this log for "
                    + "the data team.";
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A night ended normally: the next failure is a first one. */
    static void clear(Lake lake) {
        try {
            lake.deleteFile(lake.base() + "/" + FILE);
        } catch (RuntimeException e) {
            // nothing recorded, or a lake gone read-only: the next record overwrites it anyway
        }
    }

    static String ordinal(int n) {
        return switch (n % 100 >= 11 && n % 100 <= 13 ? 0 : n % 10) {
            case 1 -> n + "st";
            case 2 -> n + "nd";
            case 3 -> n + "rd";
            default -> n + "th";
        };
    }
}
