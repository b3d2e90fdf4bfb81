package vn.haiphong.indicators.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One table of the lake, declared once: its name and layer, what it reads (other tables, or the active
 * deliveries of a file kind as {@code kind:<kind>}), the pure DataFrame function that builds it, how it
 * is written, and whether it is exported. The {@link GraphRunner} orders the tables from their inputs,
 * rebuilds a table only when what it read changed, and builds independent tables concurrently.
 *
 * <pre>{@code
 * TableDef.gold("mart_schools_yearly", "Schools per school year, area and level")
 *         .from("silver_schools")
 *         .build(in -> SchoolMarts.yearly(in.table("silver_schools"), communes))
 *         .exportOrderedBy("school_year", "area_level", "area_code", "school_level");
 * }</pre>
 */
public final class TableDef {
    /** Prefix of an input that is a file kind's active deliveries rather than a table. */
    public static final String KIND = "kind:";

    private final String name;
    private final Layer layer;
    private final String description;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> optionalInputs = new ArrayList<>();
    private final Map<String, String> constants = new LinkedHashMap<>();
    private Function<Inputs, Dataset<Row>> build;
    private WriteMode write;
    private List<String> exportKey = List.of();
    private String kind;
    private StructType schema;
    private boolean buildWhenUndelivered;
    private java.util.function.Predicate<Inputs> step;
    private Function<Inputs, Ledger> ledgerStep;
    private String writtenWith;
    private Function<Inputs, Dataset<Row>> metricView;
    private final List<String> metricViewInputs = new ArrayList<>();

    private TableDef(String name, Layer layer, String description, WriteMode write) {
        this.name = Objects.requireNonNull(name);
        this.layer = layer;
        this.description = description;
        this.write = write;
    }

    /** A bronze table of one file kind, written by ingestion. */
    public static TableDef bronze(String kind, StructType schema, String description) {
        TableDef t = new TableDef("bronze_" + kind, Layer.BRONZE, description, new WriteMode.Ingested());
        t.kind = kind;
        t.schema = schema;
        return t;
    }

    /** A record of the night, written by ingestion. */
    public static TableDef ops(String name, String description) {
        return new TableDef(name, Layer.OPS, description, new WriteMode.Ingested());
    }

    /** A record written outside the graph, by {@code by} (the editions): read by tables and sinks, never built by the runner. */
    public static TableDef recorded(String name, String description, String by) {
        return new TableDef(name, Layer.OPS, description, new WriteMode.Recorded(by));
    }

    /** A record of the night built from other tables (data-quality metrics, alerts): overwritten when they change. */
    public static TableDef opsDerived(String name, String description) {
        return new TableDef(name, Layer.OPS, description, WriteMode.overwrite());
    }

    public static TableDef silver(String name, String description) {
        return new TableDef(name, Layer.SILVER, description, WriteMode.overwrite());
    }

    public static TableDef gold(String name, String description) {
        return new TableDef(name, Layer.GOLD, description, WriteMode.overwrite());
    }

    /** Built in memory for the tables that read it (materialised once a night), never stored. */
    public static TableDef inMemory(String name, String description) {
        return new TableDef(name, Layer.MEMORY, description, new WriteMode.InMemory());
    }

    /** Tables (or {@code kind:<kind>}) this table reads; it is not built while one of them is missing. */
    public TableDef from(String... names) {
        inputs.addAll(List.of(names));
        return this;
    }

    /** Tables this table reads when they exist (a source never delivered has none): {@link Inputs#has}. */
    public TableDef fromIfPresent(List<String> names) {
        for (String n : names) if (!inputs.contains(n) && !optionalInputs.contains(n)) optionalInputs.add(n);
        return this;
    }

    /** Something other than a table that the build reads (the criteria catalog, a method's settings): a change rebuilds. */
    public TableDef dependsOn(String what, String fingerprint) {
        constants.put(what, fingerprint);
        return this;
    }

    public TableDef build(Function<Inputs, Dataset<Row>> build) {
        this.build = build;
        return this;
    }

    public TableDef mergeByKey(String... keys) {
        this.write = WriteMode.mergeByKey(List.of(keys));
        return this;
    }

    /** See {@link WriteMode.ReplaceByDelivery}: the build gets {@link Inputs#stalePartitions()}. */
    public TableDef replaceByDelivery(String kind, String partitionColumn) {
        this.write = new WriteMode.ReplaceByDelivery(kind, partitionColumn);
        return this;
    }

    /** Built (possibly empty) even before any of its kinds was delivered, so that the tables reading it exist. */
    public TableDef evenWhenUndelivered() {
        this.buildWhenUndelivered = true;
        return this;
    }

    /**
     * How the night writes this ingested table (a kind's new files to its bronze table): the runner calls the step once
     * the tables it reads are written, and it answers whether it wrote anything.
     */
    public TableDef writtenBy(java.util.function.Predicate<Inputs> step) {
        this.step = step;
        return this;
    }

    /**
     * The ledger's step: it records the night's deliveries (once every table it reads is written) and answers those in
     * force, which every table reading a kind ({@code kind:<kind>}) then reads, and whether the ingest is settled.
     */
    public TableDef recordsDeliveries(Function<Inputs, Ledger> step) {
        this.ledgerStep = step;
        return this;
    }

    /** Written by another ingested table's step (the quarantine, by the ledger's): its readers wait for that step. */
    public TableDef writtenWith(String table) {
        this.writtenWith = table;
        return this;
    }

    /** Exported (CSV, Parquet) in this key order. */
    public TableDef exportOrderedBy(String... key) {
        this.exportKey = List.of(key);
        return this;
    }

    /**
     * How the scorecard reads this table's metrics when that is not the table itself (model schools are
     * scored per school and for the city's weakest school), and what else that view reads.
     */
    public TableDef scoredAs(Function<Inputs, Dataset<Row>> view, String... alsoReads) {
        this.metricView = view;
        metricViewInputs.addAll(List.of(alsoReads));
        return this;
    }

    public String name() { return name; }
    public Layer layer() { return layer; }
    public String description() { return description; }
    public List<String> inputs() { return List.copyOf(inputs); }
    public List<String> optionalInputs() { return List.copyOf(optionalInputs); }
    public List<String> allInputs() {
        List<String> all = new ArrayList<>(inputs);
        all.addAll(optionalInputs);
        return all;
    }
    public Map<String, String> constants() { return Map.copyOf(constants); }
    public Function<Inputs, Dataset<Row>> builder() { return build; }
    public WriteMode write() { return write; }
    public List<String> exportKey() { return exportKey; }
    public boolean exported() { return !exportKey.isEmpty(); }
    /** The file kind of a bronze table, else null. */
    public String kind() { return kind; }
    /** The declared schema of an ingested table (bronze), else null. */
    public StructType schema() { return schema; }
    public boolean buildWhenUndelivered() { return buildWhenUndelivered; }
    /** The step that writes this ingested table, or null. */
    public java.util.function.Predicate<Inputs> step() { return step; }
    /** The ledger's step, or null. */
    public Function<Inputs, Ledger> ledgerStep() { return ledgerStep; }
    /** The table whose step writes this one, or null. */
    public String writtenWith() { return writtenWith; }
    public boolean builtByRunner() { return !(write instanceof WriteMode.Ingested || write instanceof WriteMode.Recorded); }
    public Function<Inputs, Dataset<Row>> metricView() { return metricView; }
    public List<String> metricViewInputs() { return List.copyOf(metricViewInputs); }

    @Override public String toString() { return name; }
}
