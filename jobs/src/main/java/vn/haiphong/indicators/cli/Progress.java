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
    private long stageStart = System.nanoTime();
    private final java.util.Map<String, Double> stageSeconds = new java.util.LinkedHashMap<>();

    public Progress(PrintStream out) { this.out = out; }

    public static Progress quiet() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public void stage(String name) {
        closeStage();
        stageStart = System.nanoTime();
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

    /** Seconds spent in each stage so far (the current one up to now). */
    public java.util.Map<String, Double> stageSeconds() {
        closeStage();
        stageStart = System.nanoTime();
        return java.util.Collections.unmodifiableMap(stageSeconds);
    }

    private void closeStage() {
        if (!stage.isEmpty()) stageSeconds.merge(stage, (System.nanoTime() - stageStart) / 1e9, Double::sum);
    }

    public Duration elapsed() { return Duration.ofNanos(System.nanoTime() - start); }
}
