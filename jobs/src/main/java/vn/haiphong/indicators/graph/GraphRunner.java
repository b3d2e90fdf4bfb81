package vn.haiphong.indicators.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.lake.Commit;
import vn.haiphong.indicators.lake.Lake;

/**
 * Builds the declared tables of a lake: orders them by their inputs, rebuilds a table only when what it read
 * changed, and builds tables whose inputs are ready concurrently (Spark runs the jobs of several driver
 * threads side by side; a small table's time is mostly driver work and a Delta commit, which overlap).
 *
 * <p>What a table read is its fingerprint: the logic version, each input table's Delta version (or, for an
 * input built in memory, that input's own fingerprint), each input kind's active deliveries, and whatever
 * else it {@linkplain TableDef#dependsOn depends on}. It is kept in the {@code userMetadata} of the
 * table's commit; a night whose fingerprint equals the stored one leaves the table alone.
 *
 * <p>The ingest is part of the graph: each ingested table may declare the step that writes it ({@link TableDef#writtenBy}:
 * a kind's new files to its bronze table; {@link TableDef#recordsDeliveries}: the ledger, after every kind's step, which
 * answers the deliveries in force). The steps run side by side like the builds, each once the tables it reads are
 * written, and every built table waits for the ledger's answer. When the ingest has nothing to do (its fingerprint is
 * the one recorded), the runner is given the deliveries in force instead, and no step runs.
 *
 * <p>Then the declared sinks ({@link SinkDef}: receipts, the report, the export, the publish, editions), in their
 * declared order, one at a time: each is called when its fingerprint (the versions of the tables it reads, its
 * dependencies) is not the one it recorded ({@link NodeRecords}) when it last delivered, and records the new one once
 * it has. A night with nothing new calls none.
 */
public final class GraphRunner {
    /** What happened to one table this night. */
    public enum Status { REBUILT, UNCHANGED, SKIPPED }

    public record TableRun(String table, Status status, double seconds, List<String> partitions) { }

    /** What happened to one sink this night: {@code line} for the run's summary, or null. */
    public record SinkRun(String sink, Status status, double seconds, String line) { }

    private final Lake lake;
    private final SparkSession spark;
    private final Map<String, TableDef> defs = new LinkedHashMap<>();
    private final Map<String, TableDef> bronzeByKind = new HashMap<>();
    private final List<SinkDef> sinks;
    private final String logicVersion;
    private final Workers workers;
    private final Progress progress;
    /** The records of the ingest's steps and the sinks, read when first needed. */
    private NodeRecords records;
    /** The tables, every one after its inputs. */
    private final List<TableDef> ordered;

    public GraphRunner(Lake lake, List<TableDef> tables, String logicVersion, Workers workers, Progress progress) {
        this(lake, tables, List.of(), logicVersion, workers, progress);
    }

    /** @param sinks what the night delivers from its tables, in the order they are delivered */
    public GraphRunner(Lake lake, List<TableDef> tables, List<SinkDef> sinks, String logicVersion, Workers workers,
                       Progress progress) {
        this.lake = lake;
        this.sinks = List.copyOf(sinks);
        this.spark = lake.spark();
        this.logicVersion = logicVersion;
        this.workers = workers;
        this.progress = progress;
        for (TableDef t : tables) {
            if (defs.put(t.name(), t) != null) throw new IllegalArgumentException("table " + t.name() + " declared twice");
            if (t.kind() != null) bronzeByKind.put(t.kind(), t);
        }
        validate();
        ordered = order();
    }

    /** Every input is declared, and no table reads itself through others. */
    private void validate() {
        for (TableDef t : defs.values()) {
            for (String in : t.allInputs()) {
                if (in.startsWith(TableDef.KIND)) {
                    if (!bronzeByKind.containsKey(in.substring(TableDef.KIND.length()))) {
                        throw new IllegalArgumentException(t.name() + " reads " + in + ", which no bronze table declares");
                    }
                } else if (!defs.containsKey(in)) {
                    throw new IllegalArgumentException(t.name() + " reads " + in + ", which is not declared");
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (SinkDef s : sinks) {
            if (!names.add(s.name())) throw new IllegalArgumentException("sink " + s.name() + " declared twice");
            for (String in : s.allInputs()) {
                TableDef t = defs.get(in);
                if (t == null || t.layer() == Layer.MEMORY) {
                    throw new IllegalArgumentException("sink " + s.name() + " reads " + in + ", which is not a declared stored table");
                }
            }
        }
    }

    /** The declared tables in an order where every table comes after its inputs; refuses a cycle. */
    private List<TableDef> order() {
        List<TableDef> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (TableDef t : defs.values()) visit(t, done, visiting, out);
        return out;
    }

    private void visit(TableDef t, Set<String> done, Set<String> visiting, List<TableDef> out) {
        if (done.contains(t.name())) return;
        if (!visiting.add(t.name())) throw new IllegalArgumentException("tables read each other in a cycle through " + t.name());
        for (String in : t.allInputs()) {
            TableDef d = in.startsWith(TableDef.KIND) ? bronzeByKind.get(in.substring(TableDef.KIND.length())) : defs.get(in);
            visit(d, done, visiting, out);
        }
        visiting.remove(t.name());
        done.add(t.name());
        out.add(t);
    }

    /**
     * Builds every table the runner owns (not bronze or ops) whose inputs changed.
     *
     * @param active the active deliveries, read once for the night
     * @param salt   non-empty to rebuild everything (after a logic change): mixed into every fingerprint
     */
    public List<TableRun> run(List<ActiveDelivery> active, String salt) {
        return run(Deliveries.of(active), salt);
    }

    /**
     * Builds every table the runner owns whose fingerprint changed.
     *
     * @param deliveries the deliveries in force, by kind (their fingerprints, the deliveries read only if a build needs them)
     * @param salt       non-empty to rebuild everything (after a logic change): mixed into every fingerprint
     */
    public List<TableRun> run(Deliveries deliveries, String salt) {
        return run(new Night(deliveries, salt, null));
    }

    /**
     * The night's ingest as the runner sees it: the inbox's listing (each file's key) and what else its steps depend on
     * (the year: a file of a period after next month is refused), the run, the night's ingest object, which the steps are
     * given ({@link Inputs#night}), and how to read the deliveries in force from the ledger when its steps do not run.
     */
    public record Ingest(List<String> inbox, Map<String, String> constants, String runId, Object night,
                         java.util.function.Supplier<List<ActiveDelivery>> inForce) { }

    /**
     * A night's tables: what happened to each, the deliveries in force, and, when the ingest had nothing to do (its
     * fingerprint was the one recorded), the run that recorded it (else null).
     */
    public record Ran(List<TableRun> tables, Deliveries deliveries, String ingestUnchangedSince) { }

    /**
     * The night's ingest steps, unless their fingerprint is the one recorded when they last ran ({@link NodeRecords}:
     * the inbox's listing, the versions of every ingested table, the ingest's constants, the logic): the deliveries in
     * force are then those recorded. Then every table whose fingerprint changed. The steps' new fingerprint is recorded
     * once the ledger's has answered, unless a delivery is held ({@link Ledger#settled}).
     *
     * @param salt non-empty to run every step and rebuild everything (after a logic change): mixed into every fingerprint
     */
    public Ran run(Ingest ingest, String salt) {
        if (defs.values().stream().noneMatch(t -> t.ledgerStep() != null)) {
            throw new IllegalArgumentException("no table records the deliveries: they must be given");
        }
        NodeRecords.Ingest last = records().ingest();
        if (last != null && last.fingerprint().equals(ingestFingerprint(ingest, salt))) {
            progress.step("nothing new since night " + last.runId() + ": the same " + ingest.inbox().size()
                    + " inbox files, ledger and bronze; nothing to ingest");
            progress.stage("tables");
            Deliveries known = Deliveries.known(last.deliveries(), ingest.inForce());
            return new Ran(run(new Night(known, salt, ingest)), known, last.runId());
        }
        Night night = new Night(null, salt, ingest);
        return new Ran(run(night), night.deliveries(), null);
    }

    /** The fingerprint of the ingest's steps as the lake and inbox stand now. */
    private String ingestFingerprint(Ingest ingest, String salt) {
        List<String> parts = new ArrayList<>();
        for (TableDef t : ordered) if (t.write() instanceof WriteMode.Ingested) parts.add(t.name() + "@" + lake.version(t.name()));
        Map<String, String> constants = new TreeMap<>(ingest.constants());
        constants.put("inbox", sha(String.join("\n", ingest.inbox())));
        return fingerprint(logicVersion + salt, parts, constants);
    }

    /** The records of the nodes that are not tables (the ingest's steps, the sinks), read once per runner. */
    public synchronized NodeRecords records() {
        if (records == null) records = NodeRecords.read(lake);
        return records;
    }

    private List<TableRun> run(Night night) {
        Map<String, CompletableFuture<Built>> futures = new LinkedHashMap<>();
        boolean steps = night.ingest != null && night.ingestedTonight;
        try {
            for (TableDef t : ordered) {
                List<CompletableFuture<?>> deps = new ArrayList<>();
                for (String in : t.allInputs()) if (!in.startsWith(TableDef.KIND)) deps.add(futures.get(in));
                if (t.writtenWith() != null) deps.add(futures.get(t.writtenWith()));
                CompletableFuture<Void> ready = CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new));
                if (!t.builtByRunner()) {
                    boolean step = steps && (t.step() != null || t.ledgerStep() != null);
                    futures.put(t.name(), !steps ? CompletableFuture.completedFuture(night.stored(t))
                            : step ? ready.thenApplyAsync(v -> night.step(t), workers.executor())
                            : ready.thenApply(v -> night.stored(t)));
                    if (step && t.ledgerStep() != null) { // a kind's step failed: the ledger's never runs, nor the tables
                        futures.get(t.name()).whenComplete((b, e) -> { if (e != null) night.deliveries.completeExceptionally(e); });
                    }
                    continue;
                }
                // every table waits for the deliveries in force: with none (nothing ingested yet), none is built
                futures.put(t.name(), CompletableFuture.allOf(ready, night.deliveries)
                        .thenApplyAsync(v -> night.build(t), workers.executor()));
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            lake.releaseHeld();
        }
        List<TableRun> runs = new ArrayList<>();
        for (TableDef t : ordered) {
            if (!t.builtByRunner() || t.layer() == Layer.MEMORY) continue;
            runs.add(futures.get(t.name()).join().run());
        }
        return runs;
    }

    /**
     * Delivers every sink whose fingerprint moved, in the declared order, from the tables as they stand now (after
     * {@link #run}, or with none built when nothing is in force yet). A sink whose tables do not all exist is skipped.
     * A sink that throws stops the night: its fingerprint, and those of the sinks after it, stay as they were, so the
     * next night delivers them.
     *
     * @param salt as for {@link #run}: non-empty delivers every sink again
     */
    public List<SinkRun> deliver(String runId, java.time.LocalDate today, String salt) {
        List<SinkRun> runs = new ArrayList<>();
        if (sinks.isEmpty()) return runs;
        NodeRecords recorded = records();
        SinkDef.Night night = new SinkDef.Night(lake, runId, today, progress);
        for (SinkDef s : sinks) {
            long start = System.nanoTime();
            boolean ready = s.inputs().stream().allMatch(lake::exists);
            if (!ready) {
                runs.add(new SinkRun(s.name(), Status.SKIPPED, 0, null));
                continue;
            }
            String fingerprint = sinkFingerprint(s, salt);
            NodeRecords.Sink last = recorded.sink(s.name());
            boolean outputThere = s.writesFile() == null || lake.fileExists(s.writesFile());
            if (last != null && last.fingerprint().equals(fingerprint) && outputThere) {
                runs.add(new SinkRun(s.name(), Status.UNCHANGED, (System.nanoTime() - start) / 1e9, s.name() + ": "
                        + (s.writesFile() == null ? "" : s.writesFile() + " ") + "(unchanged: nothing it reads changed since night "
                        + last.runId() + ")"));
                continue;
            }
            String line = SparkSessions.describing(spark, "sink " + s.name(), () -> s.deliver().apply(night));
            recorded.sink(lake, s.name(), new NodeRecords.Sink(fingerprint, runId));
            runs.add(new SinkRun(s.name(), Status.REBUILT, (System.nanoTime() - start) / 1e9, line));
        }
        return runs;
    }

    /** Readable, as a table's: {@code logic=v5|in=mart_scorecard@4,ops_alerts@2|dep=target@...}. */
    private String sinkFingerprint(SinkDef s, String salt) {
        List<String> parts = new ArrayList<>();
        for (String in : s.allInputs()) parts.add(in + "@" + lake.version(in));
        return fingerprint(logicVersion + salt, parts, s.constants());
    }

    /** A node's fingerprint, readable: its logic, its inputs at their versions, what else it depends on. */
    private static String fingerprint(String logic, List<String> inputs, Map<String, String> constants) {
        List<String> deps = new ArrayList<>();
        new TreeMap<>(constants).forEach((k, v) -> deps.add(k + "@" + v));
        return "logic=" + logic + "|in=" + String.join(",", inputs) + (deps.isEmpty() ? "" : "|dep=" + String.join(",", deps));
    }

    /** A table after this night: the version its readers see, and what happened. */
    private record Built(String version, boolean exists, Memo memory, TableRun run) { }

    /** An in-memory table: built the first time a reader needs it, once. */
    private static final class Memo {
        private final java.util.function.Supplier<Dataset<Row>> build;
        private Dataset<Row> rows;

        Memo(java.util.function.Supplier<Dataset<Row>> build) { this.build = build; }

        synchronized Dataset<Row> get() {
            if (rows == null) rows = build.get();
            return rows;
        }
    }

    /** One night's state: the active deliveries and the tables built so far. */
    private final class Night {
        private final CompletableFuture<Deliveries> deliveries;
        private final String salt;
        /** The night's ingest, or null when the runner is given the deliveries. */
        private final Ingest ingest;
        /** Whether the ingest's steps run this night (the deliveries in force are the ledger's answer). */
        private final boolean ingestedTonight;
        private final Map<String, Built> built = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * The rows a build makes, computed once, when the table becomes exactly these rows (overwritten, or merged on its
         * key, where keys no longer present are deleted): once committed, the lake serves them to the night's later
         * readers ({@link Lake#keep}) instead of a new Delta snapshot of the table (their plan starts from these rows,
         * not from the build's plan). Other writes are left as the build made them.
         */
        private static Dataset<Row> once(Dataset<Row> rows, Commit commit) {
            if (!wholeTable(commit)) return rows;
            // One partition: tables written whole are the night's aggregates (at city scale the largest holds 0.4 MB),
            // whose plans often end in a union of many one-partition pieces (the data-quality table: 27). Each
            // partition would be a task of its own, with the write's whole description to deserialise (about 0.1 s),
            // and a file of its own; and so again for every reader. The price: what a build does after its last
            // shuffle runs as one task (the forecast's fits, at city scale 4.2 s for the whole mart, 5.7 s before).
            return rows.coalesce(1).localCheckpoint(false, StorageLevel.MEMORY_AND_DISK());
        }

        /** Whether the table becomes exactly the rows written (overwritten, or merged on its key with deletes). */
        private static boolean wholeTable(Commit commit) {
            return commit.mode() == Commit.Mode.OVERWRITE || commit.mode() == Commit.Mode.SYNC;
        }

        Night(Deliveries known, String salt, Ingest ingest) {
            this.deliveries = known != null ? CompletableFuture.completedFuture(known) : new CompletableFuture<>();
            this.salt = salt;
            this.ingest = ingest;
            this.ingestedTonight = known == null;
        }

        /** The deliveries in force (the tables reading them wait for the ledger's step). */
        Deliveries deliveries() {
            return deliveries.join();
        }

        /**
         * An ingest step: a kind's new files to its bronze table, or the ledger (whose answer is the deliveries in force);
         * then the table as stored. (A step that fails fails the ledger's future, which fails the deliveries: {@link #run}.)
         */
        Built step(TableDef t) {
            SparkSessions.describing(spark, t.name(), () -> {
                if (t.ledgerStep() != null) {
                    Ledger answer = t.ledgerStep().apply(new NightInputs(t, List.of()));
                    Deliveries inForce = Deliveries.of(answer.inForce());
                    // the steps are done: their fingerprint as they left the lake, unless a held delivery must be listed again
                    records().ingest(lake, answer.settled() ? new NodeRecords.Ingest(ingestFingerprint(ingest, salt),
                            ingest.runId(), inForce.fingerprints(), ingest.inbox()) : null);
                    deliveries.complete(inForce);
                    progress.stage("tables"); // the ingest is done: what follows builds from the deliveries in force
                } else {
                    t.step().test(new NightInputs(t, List.of()));
                }
                return null;
            });
            return stored(t);
        }

        Built stored(TableDef t) {
            Lake.TableState s = lake.state(t.name());
            Built b = new Built(String.valueOf(s.version()), s.exists(), null, null);
            built.put(t.name(), b);
            return b;
        }

        Built build(TableDef t) {
            long start = System.nanoTime();
            Built b = SparkSessions.describing(spark, t.name(), () -> buildOrSkip(t, start));
            built.put(t.name(), b);
            return b;
        }

        private Built buildOrSkip(TableDef t, long start) {
            // a lake whose ledger holds no delivery in force yet (only rejected files, say) builds nothing
            if (ingestedTonight && deliveries().fingerprints().isEmpty()) return skipped(t, start);
            boolean anyDelivered = false, readsKinds = false;
            for (String in : t.inputs()) {
                if (in.startsWith(TableDef.KIND)) {
                    readsKinds = true;
                    anyDelivered |= deliveries().delivered(in.substring(TableDef.KIND.length()));
                } else if (!built.get(in).exists()) {
                    return skipped(t, start); // an input was never built: its source was never delivered
                }
            }
            if (readsKinds && !anyDelivered && !t.buildWhenUndelivered() && !lake.exists(t.name())) return skipped(t, start);

            String fingerprint = fingerprint(t);
            if (t.layer() == Layer.MEMORY) {
                // Computed once, when the first of its readers is rebuilt, and kept by Spark (a local checkpoint, in one
                // partition) so that its readers do not each re-plan it. Not collected to the driver: rows made a
                // DataFrame again travel inside every task that reads them (the scorecard's base: 7.9 MB a task).
                return new Built(sha(fingerprint), true, new Memo(() -> t.builder().apply(new NightInputs(t, List.of()))
                        .coalesce(1).localCheckpoint(true, StorageLevel.MEMORY_AND_DISK())), null);
            }
            List<String> partitions = List.of();
            Commit commit;
            if (t.write() instanceof WriteMode.ReplaceByDelivery r) {
                if (fingerprint.equals(lake.lastCommitMetadata(t.name()))) return unchanged(t, start);
                partitions = stalePartitions(t, r);
                if (partitions.isEmpty()) return unchanged(t, start);
                commit = Commit.replaceWhere(r.partitionColumn() + " IN " + Lake.inList(partitions), fingerprint,
                        r.partitionColumn());
            } else if (t.write() instanceof WriteMode.MergeByKey m) {
                commit = Commit.sync(m.keys(), fingerprint);
            } else {
                commit = Commit.overwrite(fingerprint);
            }
            List<String> stale = partitions;
            Commit how = commit;
            java.util.concurrent.atomic.AtomicReference<Dataset<Row>> made = new java.util.concurrent.atomic.AtomicReference<>();
            boolean committed = lake.write(t.name(), () -> {
                made.set(once(t.builder().apply(new NightInputs(t, stale)), how));
                return made.get();
            }, commit);
            if (!committed) return unchanged(t, start); // the build was not even called: nothing made
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.step(String.format("%s rebuilt%s (%.1f s)", t.name(),
                    stale.isEmpty() ? "" : " for " + String.join(", ", stale), seconds));
            Lake.TableState s = lake.state(t.name());
            if (wholeTable(commit)) lake.keep(t.name(), s.version(), made.get()); // the table is now exactly these rows
            return new Built(String.valueOf(s.version()), true, null, new TableRun(t.name(), Status.REBUILT, seconds, stale));
        }

        private Built unchanged(TableDef t, long start) {
            Lake.TableState s = lake.state(t.name());
            return new Built(String.valueOf(s.version()), s.exists(), null,
                    new TableRun(t.name(), Status.UNCHANGED, (System.nanoTime() - start) / 1e9, List.of()));
        }

        private Built skipped(TableDef t, long start) {
            return new Built("-1", false, null, new TableRun(t.name(), Status.SKIPPED, (System.nanoTime() - start) / 1e9, List.of()));
        }

        /**
         * The partitions whose active delivery is not the one the table was built from: a new month, a
         * correction, or a run that died before finishing; all of them after a logic change or with no table.
         */
        private List<String> stalePartitions(TableDef t, WriteMode.ReplaceByDelivery r) {
            Map<String, String> activeByPartition = new TreeMap<>();
            for (ActiveDelivery d : deliveries().of(r.kind())) activeByPartition.put(d.period(), d.checksum());
            String stored = lake.lastCommitMetadata(t.name());
            Set<String> builtFrom = new HashSet<>();
            if (stored != null && stored.startsWith(logicPrefix())) {
                for (Row row : lake.read(t.name()).select(r.partitionColumn(), "_checksum").distinct().collectAsList()) {
                    builtFrom.add(row.getString(0) + "|" + row.getString(1));
                }
            }
            return activeByPartition.entrySet().stream().filter(e -> !builtFrom.contains(e.getKey() + "|" + e.getValue()))
                    .map(Map.Entry::getKey).toList();
        }

        private String logicPrefix() {
            return "logic=" + logicVersion + salt + "|";
        }

        /** Readable: {@code logic=v4|in=silver_schools@3,kind:truong_hoc@1a2b...|dep=catalog@...}. */
        String fingerprint(TableDef t) {
            List<String> parts = new ArrayList<>();
            for (String in : t.allInputs()) {
                if (in.startsWith(TableDef.KIND)) {
                    parts.add(in + "@" + deliveries().fingerprint(in.substring(TableDef.KIND.length())));
                } else {
                    parts.add(in + "@" + built.get(in).version());
                }
            }
            return GraphRunner.fingerprint(logicVersion + salt, parts, t.constants());
        }

        /** The inputs of one table's build, limited to what it declared. */
        private final class NightInputs implements Inputs {
            private final TableDef table;
            private final List<String> stale;

            NightInputs(TableDef table, List<String> stale) {
                this.table = table;
                this.stale = stale;
            }

            @Override public SparkSession spark() { return spark; }

            @Override public Dataset<Row> table(String name) {
                declared(name);
                Built b = built.get(name);
                if (b == null || !b.exists()) throw new IllegalStateException(table.name() + ": input " + name + " does not exist");
                return b.memory() != null ? b.memory().get() : lake.hold(name);
            }

            @Override public boolean has(String name) {
                declared(name);
                Built b = built.get(name);
                return b != null && b.exists();
            }

            @Override public Dataset<Row> activeRows(String kind) {
                declared(TableDef.KIND + kind);
                TableDef bronze = bronzeByKind.get(kind);
                List<ActiveDelivery> ds = deliveries(kind);
                if (ds.isEmpty() || !built.get(bronze.name()).exists()) {
                    return spark.createDataFrame(List.of(), bronze.schema());
                }
                return ActiveDelivery.rowsOf(lake.read(bronze.name()), ds);
            }

            private List<ActiveDelivery> deliveries(String kind) {
                declared(TableDef.KIND + kind);
                return Night.this.deliveries().of(kind);
            }

            @Override public Dataset<Row> deliveriesFrame(String... kinds) {
                List<Row> rows = new ArrayList<>();
                for (String k : kinds) {
                    for (ActiveDelivery d : deliveries(k)) rows.add(RowFactory.create(d.kind(), d.period(), d.fileName(), d.checksum()));
                }
                return spark.createDataFrame(rows, DELIVERIES);
            }

            @Override public List<String> stalePartitions() { return stale; }

            @Override public <T> T night(Class<T> type) {
                Object tonight = ingest == null ? null : ingest.night();
                if (!type.isInstance(tonight)) throw new IllegalStateException(table.name() + ": this night has no " + type.getSimpleName());
                return type.cast(tonight);
            }

            private void declared(String name) {
                if (!table.allInputs().contains(name)) {
                    throw new IllegalStateException(table.name() + " reads " + name + " without declaring it");
                }
            }
        }
    }

    static final StructType DELIVERIES = new StructType().add("kind", DataTypes.StringType).add("period", DataTypes.StringType)
            .add("file_name", DataTypes.StringType).add("checksum", DataTypes.StringType);

    static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
