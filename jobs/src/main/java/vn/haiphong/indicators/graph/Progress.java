package vn.haiphong.indicators.graph;

/**
 * What a night reports while it runs. The pipeline owns this interface; the command line implements it
 * (timestamped lines on stderr) and tests pass {@link #quiet()}. Implementations must be thread-safe:
 * independent tables are built concurrently.
 */
public interface Progress {
    /** A new stage of the night begins (ingest, tables, ...). */
    void stage(String name);

    /** Something finished within the current stage. */
    void step(String message);

    /** Something the data team should look at; the night goes on. */
    void warn(String message);

    /** Reports nothing. */
    static Progress quiet() {
        return new Progress() {
            @Override public void stage(String name) { }
            @Override public void step(String message) { }
            @Override public void warn(String message) { }
        };
    }
}
