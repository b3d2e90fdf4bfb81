package vn.haiphong.indicators.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Progress lines on stderr, timestamped, so a long night shows where it is; also keeps the seconds per stage
 * and the warnings for the summary. Synchronised: tables are built on several threads.
 */
public final class ConsoleProgress implements vn.haiphong.indicators.graph.Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final long start = System.nanoTime();
    private String stage = "";
    private long last = System.nanoTime();
    private int warnings;
    private long stageStart = System.nanoTime();
    private final java.util.Map<String, Double> stageSeconds = new java.util.LinkedHashMap<>();

    public ConsoleProgress(PrintStream out) { this.out = out; }

    @Override
    public synchronized void stage(String name) {
        closeStage();
        stageStart = System.nanoTime();
        stage = name;
        last = System.nanoTime();
        out.printf("[%s] == %s%n", LocalTime.now().format(CLOCK), name);
    }

    @Override
    public synchronized void step(String message) {
        long now = System.nanoTime();
        out.printf("[%s]    %s: %s (%.1f s)%n", LocalTime.now().format(CLOCK), stage, message, (now - last) / 1e9);
        last = now;
    }

    @Override
    public synchronized void warn(String message) {
        warnings++;
        out.printf("[%s] !! %s: %s%n", LocalTime.now().format(CLOCK), stage, message);
    }

    public synchronized int warnings() { return warnings; }

    /** Seconds spent in each stage so far (the current one up to now). */
    public synchronized java.util.Map<String, Double> stageSeconds() {
        closeStage();
        stageStart = System.nanoTime();
        return java.util.Collections.unmodifiableMap(stageSeconds);
    }

    private void closeStage() {
        if (!stage.isEmpty()) stageSeconds.merge(stage, (System.nanoTime() - stageStart) / 1e9, Double::sum);
    }

    public Duration elapsed() { return Duration.ofNanos(System.nanoTime() - start); }
}
