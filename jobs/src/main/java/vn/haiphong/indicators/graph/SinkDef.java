package vn.haiphong.indicators.graph;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import vn.haiphong.indicators.lake.Lake;

/**
 * Something a night delivers from its tables (the senders' receipts, the report, an export, the publish, editions),
 * declared as a table is: the tables it reads, what else it depends on, and the action that delivers it, which answers
 * one line for the run's summary. The {@link GraphRunner} calls it after the tables when its fingerprint (the versions of
 * the tables it reads, its dependencies, the logic version) is not the one recorded when it last delivered, or when the
 * file it {@linkplain #writes writes} is gone, and records the new fingerprint once it has delivered: a sink that stopped
 * delivers again on the next night, and one whose tables did not move is not called.
 *
 * <pre>{@code
 * SinkDef.of("report", "The morning report")
 *         .from("mart_scorecard", "mart_forecast")
 *         .writes(page)
 *         .delivers(night -> "report: " + page + " (" + ReportPage.write(night.lake(), catalog, page) + " criteria charted)");
 * }</pre>
 */
public final class SinkDef {
    /** The night a sink delivers for: the lake, the run id, the date in the city, progress. */
    public record Night(Lake lake, String runId, LocalDate today, Progress progress) { }

    private final String name;
    private final String description;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> optionalInputs = new ArrayList<>();
    private final Map<String, String> constants = new LinkedHashMap<>();
    private String writes;
    private Function<Night, String> deliver;

    private SinkDef(String name, String description) {
        this.name = Objects.requireNonNull(name);
        this.description = description;
    }

    public static SinkDef of(String name, String description) {
        return new SinkDef(name, description);
    }

    /** Tables the sink reads; it is not called while one of them does not exist. */
    public SinkDef from(String... tables) {
        inputs.addAll(List.of(tables));
        return this;
    }

    /** Tables the sink reads when they exist. */
    public SinkDef fromIfPresent(String... tables) {
        for (String t : tables) if (!inputs.contains(t) && !optionalInputs.contains(t)) optionalInputs.add(t);
        return this;
    }

    /** Something other than a table that the sink depends on (a target, a setting, the year): a change delivers again. */
    public SinkDef dependsOn(String what, String fingerprint) {
        constants.put(what, fingerprint);
        return this;
    }

    /** The file the sink writes (a local path or a URI of the lake's file system): delivered again when it is gone. */
    public SinkDef writes(String file) {
        this.writes = file;
        return this;
    }

    /** What the sink does; answers the line for the run's summary (null: nothing to say). */
    public SinkDef delivers(Function<Night, String> deliver) {
        this.deliver = deliver;
        return this;
    }

    public String name() { return name; }
    public String description() { return description; }
    public List<String> inputs() { return List.copyOf(inputs); }
    public List<String> allInputs() {
        List<String> all = new ArrayList<>(inputs);
        all.addAll(optionalInputs);
        return all;
    }
    public Map<String, String> constants() { return Map.copyOf(constants); }
    /** The file the sink writes, or null. */
    public String writesFile() { return writes; }
    public Function<Night, String> deliver() { return deliver; }

    @Override public String toString() { return name; }
}
