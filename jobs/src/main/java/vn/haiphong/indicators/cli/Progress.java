package vn.haiphong.indicators.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr, timestamped, so a long night shows where it is. */
public final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final long start = System.nanoTime();
    private String stage = "";
    private long last = System.nanoTime();
    private int warnings;

    public Progress(PrintStream out) { this.out = out; }

    public static Progress quiet() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public void stage(String name) {
        stage = name;
        last = System.nanoTime();
        out.printf("[%s] == %s%n", LocalTime.now().format(CLOCK), name);
    }

    public void step(String message) {
        long now = System.nanoTime();
        out.printf("[%s]    %s: %s (%.1f s)%n", LocalTime.now().format(CLOCK), stage, message, (now - last) / 1e9);
        last = now;
    }

    public void warn(String message) {
        warnings++;
        out.printf("[%s] !! %s: %s%n", LocalTime.now().format(CLOCK), stage, message);
    }

    public int warnings() { return warnings; }

    public Duration elapsed() { return Duration.ofNanos(System.nanoTime() - start); }
}
