package vn.haiphong.indicators.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.lake.Commit;
import vn.haiphong.indicators.lake.Lake;

/** Ordering, change detection, skipping, declared reads and concurrency of the table runner, on tiny tables. */
class GraphRunnerTest extends SparkTestBase {
    static final StructType BRONZE = new StructType().add("_checksum", DataTypes.StringType).add("period", DataTypes.StringType)
            .add("v", DataTypes.LongType);
    @TempDir Path tmp;

    static Map<String, GraphRunner.Status> statuses(List<GraphRunner.TableRun> runs) {
        Map<String, GraphRunner.Status> out = new LinkedHashMap<>();
        runs.forEach(r -> out.put(r.table(), r.status()));
        return out;
    }

    static GraphRunner runner(Lake lake, List<TableDef> defs, int parallelism) {
        return new GraphRunner(lake, defs, "test-v1", new Workers(parallelism), Progress.quiet());
    }

    @Test
    void theSparkJobsOfABuildAreNamedAfterItsTable() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> defs = List.of(
                TableDef.silver("first_table", "a").build(in -> in.spark().range(3).toDF()),
                TableDef.gold("second_table", "b").from("first_table").build(in -> in.table("first_table").groupBy().count()));
        // an event log, the history server and Spark's UI show each job under the table it builds (Delta's own jobs
        // prefix the name: "Delta: first_table: Filtering files for query")
        List<String> jobs = jobsStarted(() -> runner(lake, defs, 2).run(List.of(), ""));
        assertTrue(jobs.stream().anyMatch(what -> what.contains("first_table")), "jobs named after the first table: " + jobs);
        assertTrue(jobs.stream().anyMatch(what -> what.contains("second_table")), "jobs named after the second table: " + jobs);
        assertEquals(List.of(), jobs.stream().filter(what -> !what.contains("first_table") && !what.contains("second_table")).toList(),
                "every job of the builds carries its table's name");
    }

    @Test
    void tablesAreBuiltAfterTheirInputsAndOnlyWhenWhatTheyReadChanged() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<String> built = new ArrayList<>();
        // declared in reverse order on purpose
        List<TableDef> defs = List.of(
                TableDef.gold("c", "c").from("b").build(in -> { built.add("c"); return in.table("b").withColumn("w", col("v").plus(1)); }),
                TableDef.silver("b", "b").from("a").build(in -> { built.add("b"); return in.table("a").select(col("id").as("v")); }),
                TableDef.silver("a", "a").dependsOn("setting", "1").build(in -> { built.add("a"); return in.spark().range(3).toDF(); }));
        assertEquals(Map.of("a", GraphRunner.Status.REBUILT, "b", GraphRunner.Status.REBUILT, "c", GraphRunner.Status.REBUILT),
                statuses(runner(lake, defs, 1).run(List.of(), "")));
        assertEquals(List.of("a", "b", "c"), built, "inputs first");
        assertRows("c from b from a", rows(row(0L, 1L), row(1L, 2L), row(2L, 3L)),
                rowsToJava(lake.read("c").orderBy("v").collectAsList()));

        built.clear();
        long cVersion = lake.version("c");
        assertEquals(Map.of("a", GraphRunner.Status.UNCHANGED, "b", GraphRunner.Status.UNCHANGED, "c", GraphRunner.Status.UNCHANGED),
                statuses(runner(lake, defs, 2).run(List.of(), "")));
        assertEquals(List.of(), built, "nothing changed: no build function called");
        assertEquals(cVersion, lake.version("c"));

        // b's own setting changes: b and what reads it are rebuilt, a is not
        List<TableDef> changed = List.of(defs.get(0),
                TableDef.silver("b", "b").from("a").dependsOn("rule", "2").build(in -> { built.add("b"); return in.table("a").select(col("id").as("v")); }),
                defs.get(2));
        assertEquals(Map.of("a", GraphRunner.Status.UNCHANGED, "b", GraphRunner.Status.REBUILT, "c", GraphRunner.Status.REBUILT),
                statuses(runner(lake, changed, 2).run(List.of(), "")));
        assertEquals(List.of("b", "c"), built);
        String meta = lake.lastCommitMetadata("c");
        assertTrue(meta.startsWith("logic=test-v1|in=b@" + lake.version("b")), meta);
    }

    @Test
    void aTableFromAFileKindFollowsItsActiveDeliveriesAndIsNotBuiltBeforeOne() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> defs = List.of(TableDef.bronze("k", BRONZE, "bronze"),
                TableDef.silver("s", "s").from(TableDef.KIND + "k").build(in -> in.activeRows("k").groupBy("period").agg(org.apache.spark.sql.functions.sum("v").as("v"))),
                TableDef.gold("m", "m").from("s").build(in -> in.table("s")));
        assertEquals(Map.of("s", GraphRunner.Status.SKIPPED, "m", GraphRunner.Status.SKIPPED),
                statuses(runner(lake, defs, 1).run(List.of(), "")), "never delivered: no tables");
        assertTrue(!lake.exists("s") && !lake.exists("m"));

        lake.write("bronze_k", () -> df(BRONZE, row("c1", "2026-01", 5L), row("c2", "2026-01", 7L)), Commit.overwrite(null));
        List<ActiveDelivery> first = List.of(new ActiveDelivery("k", "2026-01", "k_2026-01.csv", "c1"));
        assertEquals(GraphRunner.Status.REBUILT, statuses(runner(lake, defs, 1).run(first, "")).get("s"));
        assertEquals(5L, lake.read("s").first().getLong(1), "only the active delivery's rows");
        assertEquals(GraphRunner.Status.UNCHANGED, statuses(runner(lake, defs, 1).run(first, "")).get("s"));
        List<ActiveDelivery> corrected = List.of(new ActiveDelivery("k", "2026-01", "k_2026-01_v2.csv", "c2"));
        assertEquals(Map.of("s", GraphRunner.Status.REBUILT, "m", GraphRunner.Status.REBUILT),
                statuses(runner(lake, defs, 1).run(corrected, "")));
        assertEquals(7L, lake.read("m").first().getLong(1));
    }

    @Test
    void deliveriesKnownByTheirFingerprintsAreReadOnlyWhenABuildNeedsThem() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> defs = List.of(TableDef.bronze("k", BRONZE, "bronze"),
                TableDef.silver("s", "s").from(TableDef.KIND + "k").replaceByDelivery("k", "period")
                        .build(in -> in.activeRows("k").where(col("period").isin(in.stalePartitions().toArray())).select("period", "_checksum", "v")),
                TableDef.gold("m", "m").from("s").build(in -> in.table("s").groupBy("period").agg(org.apache.spark.sql.functions.sum("v").as("v"))));
        lake.write("bronze_k", () -> df(BRONZE, row("c1", "2026-01", 5L)), Commit.overwrite(null));
        List<ActiveDelivery> active = List.of(new ActiveDelivery("k", "2026-01", "k_2026-01.csv", "c1"));
        runner(lake, defs, 1).run(active, "");

        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Deliveries known = Deliveries.known(Deliveries.fingerprints(active), () -> { reads.incrementAndGet(); return active; });
        List<String> jobs = jobsStarted(() -> assertEquals(Map.of("s", GraphRunner.Status.UNCHANGED, "m", GraphRunner.Status.UNCHANGED),
                statuses(runner(lake, defs, 1).run(known, ""))));
        assertEquals(0, reads.get(), "every fingerprint matched: the deliveries were not read");
        assertEquals(List.of(), jobs, "and no Spark job ran");

        List<TableDef> withNew = new ArrayList<>(defs);
        withNew.add(TableDef.gold("n", "n").from(TableDef.KIND + "k").build(in -> in.activeRows("k").select("v")));
        assertEquals(GraphRunner.Status.REBUILT, statuses(runner(lake, withNew, 1).run(known, "")).get("n"));
        assertEquals(1, reads.get(), "a table to build read them, once");
        assertEquals(5L, lake.read("n").first().getLong(0));

        Deliveries wrong = Deliveries.known(Map.of("k", "0000000000000000"), () -> active);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> runner(lake, defs, 1).run(wrong, ""));
        assertTrue(e.getMessage().contains("not those recorded when the ingest last ran"), e.getMessage());
    }

    @Test
    void replaceByDeliveryRebuildsOnlyThePartitionsWhoseDeliveryChanged() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<List<String>> asked = new ArrayList<>();
        List<TableDef> defs = List.of(TableDef.bronze("k", BRONZE, "bronze"),
                TableDef.silver("s", "s").from(TableDef.KIND + "k").replaceByDelivery("k", "period").build(in -> {
                    asked.add(in.stalePartitions());
                    return in.activeRows("k").where(col("period").isin(in.stalePartitions().toArray())).select("period", "_checksum", "v");
                }));
        lake.write("bronze_k", () -> df(BRONZE, row("c1", "2026-01", 1L), row("c2", "2026-02", 2L), row("c3", "2026-02", 3L)),
                Commit.overwrite(null));
        runner(lake, defs, 1).run(List.of(new ActiveDelivery("k", "2026-01", "a", "c1"), new ActiveDelivery("k", "2026-02", "b", "c2")), "");
        List<GraphRunner.TableRun> runs = runner(lake, defs, 1)
                .run(List.of(new ActiveDelivery("k", "2026-01", "a", "c1"), new ActiveDelivery("k", "2026-02", "b2", "c3")), "");
        assertEquals(List.of(List.of("2026-01", "2026-02"), List.of("2026-02")), asked);
        assertEquals(List.of("2026-02"), runs.get(0).partitions());
        assertRows("January kept, February replaced", rows(row("2026-01", 1L), row("2026-02", 3L)),
                rowsToJava(lake.read("s").orderBy("period").select("period", "v").collectAsList()));
    }

    @Test
    void aLakeSeesWhatAnotherProcessCommittedOnceRefreshed() {
        Lake night = new Lake(spark(), tmp.resolve("lake").toString());
        Lake other = new Lake(spark(), tmp.resolve("lake").toString());
        night.write("o", () -> spark().range(1).toDF(), Commit.overwrite(null));
        // "o" is written by ingestion (here: another process), "b" by the runner
        List<TableDef> defs = List.of(TableDef.ops("o", "o"), TableDef.gold("b", "b").from("o").build(in -> in.table("o")));
        runner(night, defs, 1).run(List.of(), "");
        other.write("o", () -> spark().range(5).toDF(), Commit.overwrite(null));
        assertEquals(0, night.version("o"), "cached: the other commit is not seen yet");
        night.refresh();
        assertEquals(1, night.version("o"));
        assertEquals(GraphRunner.Status.REBUILT, statuses(runner(night, defs, 1).run(List.of(), "")).get("b"),
                "b read o at version 0; o is now at version 1");
        assertEquals(5L, night.read("b").count());
    }

    @Test
    void independentTablesAreBuiltConcurrently() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        CountDownLatch bothStarted = new CountDownLatch(2);
        java.util.function.Function<Inputs, Dataset<Row>> meet = in -> {
            bothStarted.countDown();
            try {
                // with one builder thread the second table never starts while the first waits here
                if (!bothStarted.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("built one after the other");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return in.spark().range(1).select(lit(1).as("x"));
        };
        runner(lake, List.of(TableDef.silver("x", "x").build(meet), TableDef.silver("y", "y").build(meet)), 2).run(List.of(), "");
        assertTrue(lake.exists("x") && lake.exists("y"));
    }

    @Test
    void aBuildMayReadOnlyWhatItDeclaredAndTablesMayNotReadEachOtherInACycle() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> sneaky = List.of(TableDef.silver("a", "a").build(in -> in.spark().range(1).toDF()),
                TableDef.silver("b", "b").build(in -> in.table("a")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner(lake, sneaky, 1).run(List.of(), ""));
        assertEquals("b reads a without declaring it", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner(lake, List.of(TableDef.silver("a", "a").from("b"),
                TableDef.silver("b", "b").from("a")), 1));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> runner(lake, List.of(TableDef.silver("a", "a").from("nowhere")), 1));
        assertEquals("a reads nowhere, which is not declared", unknown.getMessage());
    }

    /** Jobs Delta runs to list a table's files for a scan ("Delta: Filtering files for query"), counted while {@code run} runs. */
    static int deltaScansPlanned(Runnable run) {
        return (int) jobsStarted(run).stream().filter(what -> what.contains("Filtering files for query")).count();
    }

    @Test
    void aTableWrittenWholeIsOneFileAndOnePartitionForItsReadersWhateverThePiecesOfItsPlan() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        // pieces of 1, 2, 3, 4 and 5 partitions: a union of 15
        TableDef u = TableDef.silver("u", "u").build(in -> {
            Dataset<Row> all = null;
            for (int i = 0; i < 5; i++) {
                Dataset<Row> piece = in.spark().range(i * 10, i * 10 + 10, 1, i + 1).toDF();
                all = all == null ? piece : all.unionByName(piece);
            }
            assertEquals(15, all.rdd().getNumPartitions(), "the plan's own partitions");
            return all;
        });
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        TableDef v = TableDef.gold("v", "v").from("u").build(in -> {
            seen.set(in.table("u").rdd().getNumPartitions());
            return in.table("u");
        });
        runner(lake, List.of(u, v), 2).run(List.of(), "");
        // (a lake object of its own: the night's lake serves u from the rows it kept)
        assertEquals(1, new Lake(spark(), lake.base()).read("u").inputFiles().length, "u: one file");
        assertEquals(1, seen.get(), "v read u's rows as one partition");
        assertEquals(50, lake.read("u").count(), "u: every piece");
        assertEquals(50, lake.read("v").count(), "v: every piece of u");
    }

    @Test
    void readersThisNightReadTheRowsABuildMadeAndAStoredTableOnce() throws Exception {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        // random: were a computed again for its readers, they would disagree with the table
        TableDef a = TableDef.silver("a", "a").build(in -> in.spark().range(4).withColumn("r", org.apache.spark.sql.functions.rand()));
        java.util.function.Function<String, List<TableDef>> night = rule -> List.of(a,
                TableDef.gold("b", "b").from("a").dependsOn("rule", rule).build(in -> in.table("a").unionByName(in.table("a"))),
                TableDef.gold("c", "c").from("a").dependsOn("rule", rule).build(in -> in.table("a").where("id > 1")));
        List<TableDef> defs = night.apply("1");
        int firstNight = deltaScansPlanned(() -> runner(lake, defs, 2).run(List.of(), ""));
        assertEquals(0, firstNight, "a's readers read the rows a's build made, not the table");
        Lake committed = new Lake(spark(), lake.base()); // the tables as Delta holds them (the night's lake serves its kept rows)
        assertRows("b: a twice, as committed", rowsToJava(committed.read("a").unionByName(committed.read("a")).orderBy("id", "r").collectAsList()),
                rowsToJava(committed.read("b").orderBy("id", "r").collectAsList()));
        assertRows("c: a's rows as committed", rowsToJava(committed.read("a").where("id > 1").orderBy("id").collectAsList()),
                rowsToJava(committed.read("c").orderBy("id").collectAsList()));
        assertRows("the night's lake serves a as committed", rowsToJava(committed.read("a").orderBy("id").collectAsList()),
                rowsToJava(lake.read("a").orderBy("id").collectAsList()));

        // a unchanged, stored: read from the lake, once for both of its readers and both of b's references (the next
        // night's process has a lake object of its own; this one would serve a from the rows it kept, see LakeTest)
        List<TableDef> next = night.apply("2");
        Lake nextNight = new Lake(spark(), lake.base());
        assertTrue(deltaScansPlanned(() -> new Lake(spark(), lake.base()).read("a").collectAsList()) > 0,
                "the listener sees Delta list a stored table's files");
        int secondNight = deltaScansPlanned(() -> assertEquals(
                Map.of("a", GraphRunner.Status.UNCHANGED, "b", GraphRunner.Status.REBUILT, "c", GraphRunner.Status.REBUILT),
                statuses(runner(nextNight, next, 2).run(List.of(), ""))));
        assertEquals(1, secondNight, "a stored input is listed once a night, however often it is read");
        assertEquals(8, nextNight.read("b").count());
    }

    /**
     * A sink is called after the tables when a table it reads, or what it depends on, moved since it last delivered,
     * or when its file is gone; not while a table it needs does not exist; and one that stopped is called again.
     */
    @Test
    void sinksDeliverWhenWhatTheyReadMovedAndAgainAfterAStop() throws Exception {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        String[] setting = {"1"};
        java.util.function.Supplier<List<TableDef>> tables = () -> List.of(
                TableDef.silver("a", "a").dependsOn("setting", setting[0]).build(in -> in.spark().range(3).toDF()),
                TableDef.gold("b", "b").from("a").build(in -> in.table("a").groupBy().count()),
                TableDef.bronze("x", BRONZE, "never delivered"),
                TableDef.silver("k", "k").from("kind:x").build(in -> in.activeRows("x")));
        List<String> called = new ArrayList<>();
        boolean[] fail = {false};
        String page = tmp.resolve("page.txt").toString();
        java.util.function.Supplier<List<SinkDef>> sinks = () -> List.of(
                SinkDef.of("page", "p").from("b").writes(page).delivers(n -> {
                    called.add("page " + n.runId());
                    lake.writeText(page, "rows: " + n.lake().read("b").first().getLong(0));
                    return "page written";
                }),
                SinkDef.of("reads_a", "r").from("a").dependsOn("target", "db-1").delivers(n -> {
                    if (fail[0]) throw new IllegalStateException("target away");
                    called.add("reads_a " + n.runId());
                    return null;
                }),
                SinkDef.of("needs_k", "k").from("b", "k").delivers(n -> { called.add("needs_k"); return null; }));
        java.util.function.BiFunction<String, List<SinkDef>, Map<String, GraphRunner.Status>> night = (runId, declared) -> {
            GraphRunner r = new GraphRunner(lake, tables.get(), declared, "test-v1", new Workers(1), Progress.quiet());
            r.run(List.of(), "");
            Map<String, GraphRunner.Status> out = new LinkedHashMap<>();
            r.deliver(runId, java.time.LocalDate.of(2026, 12, 7), "").forEach(x -> out.put(x.sink(), x.status()));
            return out;
        };
        // a sink reading a table nobody declares is refused, like a table would be
        assertThrows(IllegalArgumentException.class, () -> new GraphRunner(lake, tables.get(),
                List.of(SinkDef.of("x", "x").from("nowhere").delivers(n -> null)), "test-v1", new Workers(1), Progress.quiet()));

        List<SinkDef> declared = sinks.get();
        assertEquals(Map.of("page", GraphRunner.Status.REBUILT, "reads_a", GraphRunner.Status.REBUILT,
                "needs_k", GraphRunner.Status.SKIPPED), night.apply("n1", declared), "k's kind was never delivered: no k, no needs_k");
        assertEquals("rows: 3", java.nio.file.Files.readString(Path.of(page)), "after the tables");
        assertEquals(Map.of("page", GraphRunner.Status.UNCHANGED, "reads_a", GraphRunner.Status.UNCHANGED,
                "needs_k", GraphRunner.Status.SKIPPED), night.apply("n2", declared));

        java.nio.file.Files.delete(Path.of(page));
        setting[0] = "2"; // a, then b, rebuilt: both sinks read a moved table
        fail[0] = true;
        assertThrows(IllegalStateException.class, () -> night.apply("n3", declared));
        assertTrue(java.nio.file.Files.exists(Path.of(page)), "delivered before the sink that stopped");
        fail[0] = false;
        assertEquals(Map.of("page", GraphRunner.Status.UNCHANGED, "reads_a", GraphRunner.Status.REBUILT,
                "needs_k", GraphRunner.Status.SKIPPED), night.apply("n4", declared),
                "the stopped sink again, and only it");
        java.nio.file.Files.delete(Path.of(page));
        assertEquals(Map.of("page", GraphRunner.Status.REBUILT, "reads_a", GraphRunner.Status.UNCHANGED,
                "needs_k", GraphRunner.Status.SKIPPED), night.apply("n5", declared),
                "its file gone: the page again");
        assertEquals(List.of("page n1", "reads_a n1", "page n3", "reads_a n4", "page n5"), called);
    }

    /** A night's ingest as the steps see it: what each kind's step found and wrote, and the ledger's answer. */
    static final class FakeIngest {
        final List<String> steps = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> failing = new java.util.concurrent.ConcurrentHashMap<>();
        List<ActiveDelivery> inForce = List.of();

        boolean bronze(Lake lake, String kind, String... seen) {
            if (failing.containsKey(kind)) throw new IllegalStateException(failing.get(kind));
            for (String s : seen) if (!steps.contains(s)) throw new IllegalStateException(kind + " ran before " + s);
            steps.add(kind);
            lake.write("bronze_" + kind, () -> spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("c1", "2026-03", 5L)),
                    BRONZE), Commit.overwrite(null));
            return true;
        }

        boolean settled = true;

        Ledger ledger() {
            steps.add("ledger");
            return new Ledger(inForce, settled);
        }

        /** This ingest as a night's, with an inbox of these files (their keys). */
        GraphRunner.Ingest night(Map<String, String> constants, String... inbox) {
            return new GraphRunner.Ingest(List.of(inbox), constants, "run", this, () -> inForce);
        }

        GraphRunner.Ingest night(String... inbox) {
            return night(Map.of(), inbox);
        }
    }

    /**
     * The ingest's steps are nodes: each kind's after the kinds its checks read, the ledger after every kind's, and the
     * tables after the ledger, from the deliveries it answers; a failing step stops the night without a table built.
     */
    @Test
    void theIngestStepsRunAsNodesAndTheTablesBuildFromTheLedgersAnswer() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> defs = List.of(
                TableDef.gold("sum", "s").from("kind:a").build(in -> in.activeRows("a").agg(org.apache.spark.sql.functions.sum("v").as("total"))),
                TableDef.bronze("a", BRONZE, "a").writtenBy(in -> in.night(FakeIngest.class).bronze(lake, "a")),
                TableDef.bronze("b", BRONZE, "b").from("bronze_a").writtenBy(in -> in.night(FakeIngest.class).bronze(lake, "b", "a")),
                TableDef.ops("ledger", "l").from("bronze_a", "bronze_b").recordsDeliveries(in -> in.night(FakeIngest.class).ledger()),
                TableDef.ops("quarantine", "q").writtenWith("ledger"));
        FakeIngest ingest = new FakeIngest();
        ingest.inForce = List.of(new ActiveDelivery("a", "2026-03", "a_2026-03.csv", "c1"));
        assertEquals(Map.of("sum", GraphRunner.Status.REBUILT), statuses(runner(lake, defs, 2).run(ingest.night("a_2026-03.csv"), "").tables()));
        assertEquals(List.of("a", "b", "ledger"), ingest.steps, "b after a (its checks read a), the ledger after both");
        assertEquals(5L, lake.read("sum").first().getLong(0), "built from the deliveries the ledger answered");

        FakeIngest nothingInForce = new FakeIngest();
        assertEquals(Map.of("sum", GraphRunner.Status.SKIPPED), statuses(runner(lake, defs, 2).run(nothingInForce.night("a_2026-03.csv", "x"), "").tables()),
                "no delivery in force: no table built");

        FakeIngest failing = new FakeIngest();
        failing.failing.put("a", "a's file cannot be read");
        long version = lake.version("sum");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner(lake, defs, 2).run(failing.night("a_2026-03.csv", "y"), ""));
        assertEquals("a's file cannot be read", e.getMessage());
        assertEquals(List.of(), failing.steps, "neither b nor the ledger ran");
        assertEquals(version, lake.version("sum"), "no table built");

        assertThrows(IllegalArgumentException.class, () -> runner(lake, defs.subList(0, 3), 2).run(ingest.night(), ""),
                "without a ledger the deliveries must be given");
    }

    /**
     * The ingest's steps are nodes with a fingerprint of their own, recorded beside the lake when the ledger has answered:
     * the inbox's listing, the versions of every ingested table, its constants, the logic. They run again only when one of
     * these moved, or when a delivery was held; otherwise the deliveries in force are those recorded, and the tables
     * decide by their own fingerprints.
     */
    @Test
    void theIngestStepsRunOnlyWhenTheirFingerprintMoved() {
        Lake lake = new Lake(spark(), tmp.resolve("lake").toString());
        List<TableDef> defs = List.of(
                TableDef.gold("sum", "s").from("kind:a").build(in -> in.activeRows("a").agg(org.apache.spark.sql.functions.sum("v").as("total"))),
                TableDef.bronze("a", BRONZE, "a").writtenBy(in -> in.night(FakeIngest.class).bronze(lake, "a")),
                TableDef.ops("ledger", "l").from("bronze_a").recordsDeliveries(in -> in.night(FakeIngest.class).ledger()),
                TableDef.gold("mart_t", "a table not ingested").build(in -> in.spark().range(1).toDF()));
        List<ActiveDelivery> march = List.of(new ActiveDelivery("a", "2026-03", "a_2026-03.csv", "c1"));
        java.util.function.BiFunction<Map<String, String>, String[], GraphRunner.Ran> night = (constants, inbox) -> {
            FakeIngest ingest = new FakeIngest();
            ingest.inForce = march;
            return runner(lake, defs, 2).run(ingest.night(constants, inbox), "");
        };
        Map<String, String> year = Map.of("year", "2026");
        GraphRunner.Ran first = night.apply(year, new String[] {"a_2026-03.csv|10|1"});
        assertEquals(null, first.ingestUnchangedSince(), "a first night ingests");
        assertEquals(Map.of("a", Deliveries.fingerprints(march).get("a")), NodeRecords.read(lake).ingest().deliveries());

        GraphRunner.Ran same = night.apply(year, new String[] {"a_2026-03.csv|10|1"});
        assertEquals("run", same.ingestUnchangedSince(), "nothing moved: no step runs");
        assertEquals(Map.of("sum", GraphRunner.Status.UNCHANGED, "mart_t", GraphRunner.Status.UNCHANGED), statuses(same.tables()));
        assertEquals(Deliveries.fingerprints(march), same.deliveries().fingerprints(), "the deliveries in force as recorded");
        lake.write("mart_t", () -> spark().range(4).toDF(), Commit.overwrite("by hand"));
        assertEquals("run", night.apply(year, new String[] {"a_2026-03.csv|10|1"}).ingestUnchangedSince(),
                "a table not ingested is its own fingerprint's business");

        assertEquals(null, night.apply(year, new String[] {"a_2026-03.csv|10|2"}).ingestUnchangedSince(), "a touched file");
        assertEquals(null, night.apply(year, new String[] {}).ingestUnchangedSince(), "a file gone");
        assertEquals(null, night.apply(Map.of("year", "2027"), new String[] {}).ingestUnchangedSince(), "a new year");
        assertEquals("run", night.apply(Map.of("year", "2027"), new String[] {}).ingestUnchangedSince());
        lake.write("ledger", () -> spark().range(4).toDF(), Commit.overwrite(null));
        assertEquals(null, night.apply(Map.of("year", "2027"), new String[] {}).ingestUnchangedSince(), "a commit to the ledger (accept, a restore)");
        FakeIngest salted = new FakeIngest();
        salted.inForce = march;
        assertEquals(null, runner(lake, defs, 2).run(salted.night(Map.of("year", "2027")), "rebuild-1").ingestUnchangedSince(), "a rebuild");

        java.util.function.Supplier<GraphRunner.Ran> held = () -> {
            FakeIngest holding = new FakeIngest();
            holding.inForce = march;
            holding.settled = false;
            return runner(lake, defs, 2).run(holding.night(Map.of("year", "2027"), "a_2026-03_v2.csv|3|1"), "");
        };
        assertEquals(null, held.get().ingestUnchangedSince());
        assertEquals(null, held.get().ingestUnchangedSince(), "a held delivery: the steps run again to list it, nothing else moved");
        assertEquals(null, night.apply(Map.of("year", "2027"), new String[] {"a_2026-03_v2.csv|3|1"}).ingestUnchangedSince(),
                "the night its hold is settled");
        assertEquals("run", night.apply(Map.of("year", "2027"), new String[] {"a_2026-03_v2.csv|3|1"}).ingestUnchangedSince());
    }
}
