package vn.haiphong.indicators.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.graph.ActiveDelivery;
import vn.haiphong.indicators.graph.Ledger;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.lake.Commit;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/**
 * Bronze ingestion: every new file of the inbox becomes typed, pseudonymised rows with lineage in
 * {@code bronze_<kind>}, its bad rows go to {@code ops_quarantine}, and one row per delivered file
 * records the outcome in {@code ops_file_ingestion}. The ops row is written last: a file without one
 * is ingested again on the next run, replacing (not duplicating) whatever a dead run left.
 *
 * <p>One object per night, whose steps are nodes of the night's graph ({@code pipeline.LakeTables} declares them on the
 * tables they write): {@link #bronze} for each kind, then {@link #ledger} once every kind's has run.
 */
public final class IngestJob {

    public static final StructType OPS_SCHEMA = new StructType()
            .add("file_name", DataTypes.StringType, false)
            .add("checksum", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, true)
            .add("period", DataTypes.StringType, true)
            .add("version", DataTypes.IntegerType, true)
            .add("size_bytes", DataTypes.LongType, false)
            .add("modified_at", DataTypes.LongType, false)
            .add("status", DataTypes.StringType, false)
            .add("rows_read", DataTypes.LongType, false)
            .add("rows_accepted", DataTypes.LongType, false)
            .add("rows_quarantined", DataTypes.LongType, false)
            .add("message", DataTypes.StringType, true)
            .add("superseded_by", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false)
            .add("ingested_at", DataTypes.TimestampType, false);

    /** One ops row. */
    public record FileOutcome(String fileName, String checksum, String source, String kind, String period,
                              Integer version, long sizeBytes, long modifiedAt, String status, long rowsRead,
                              long rowsAccepted, long rowsQuarantined, String message, String supersededBy,
                              String runId, Instant ingestedAt) {
        Row toRow() {
            return RowFactory.create(fileName, checksum, source, kind, period, version, sizeBytes, modifiedAt, status,
                    rowsRead, rowsAccepted, rowsQuarantined, message, supersededBy, runId, ingestedAt);
        }

        static FileOutcome of(Row r) {
            return new FileOutcome(r.getAs("file_name"), r.getAs("checksum"), r.getAs("source"), r.getAs("kind"),
                    r.getAs("period"), r.getAs("version"), r.<Long>getAs("size_bytes"), r.<Long>getAs("modified_at"),
                    r.getAs("status"), r.<Long>getAs("rows_read"), r.<Long>getAs("rows_accepted"),
                    r.<Long>getAs("rows_quarantined"), r.getAs("message"), r.getAs("superseded_by"), r.getAs("run_id"),
                    r.getAs("ingested_at"));
        }

        FileOutcome withStatus(String newStatus, String by) {
            return new FileOutcome(fileName, checksum, source, kind, period, version, sizeBytes, modifiedAt, newStatus,
                    rowsRead, rowsAccepted, rowsQuarantined, message, by, runId, ingestedAt);
        }

        FileOutcome withStatusAndMessage(String newStatus, String newMessage) {
            return new FileOutcome(fileName, checksum, source, kind, period, version, sizeBytes, modifiedAt, newStatus,
                    rowsRead, rowsAccepted, rowsQuarantined, newMessage, supersededBy, runId, ingestedAt);
        }

        /** The identity of a delivery: folder, name and bytes ({@link #OPS_KEY}). */
        public String key() { return source + "/" + fileName + "|" + checksum; }
    }

    /** Statuses of a file whose rows are in bronze: only these make a later identical file a duplicate. */
    static final Set<String> DELIVERED = Set.of("ingested", "superseded", "held");

    /** How long the counts observed while a plan ran may take to come back once it has ended. */
    static final long OBSERVED_WITHIN_MINUTES = 5;

    /** A correction with fewer than this share of the rows of the delivery it would replace is held. */
    static final double HOLD_BELOW_SHARE = 0.5;

    /**
     * What ingestion did: the ops rows it added, the ops rows whose status it changed, and the deliveries in
     * force after it (what the tables are built from); {@code secondsByKind}: wall time spent on parsing each
     * kind's new files and writing their bronze (the quarantine write and the count-back are shared by all kinds).
     */
    public record Result(List<FileOutcome> newFiles, List<FileOutcome> statusChanges, int alreadyIngested,
                         Map<String, Double> secondsByKind, List<ActiveDelivery> active, List<FileOutcome> held) { }

    /** The key of an ops row: one delivered file (folder, name, bytes). */
    static final List<String> OPS_KEY = List.of("source", "file_name", "checksum");

    private final Lake lake;
    private final SparkSession spark;
    private final Map<String, ExtractSpec> specs;
    private final Communes communes;
    private final Pseudonymizer pseudonymizer;
    private final String runId;
    private final Instant now;
    private final LocalDate today;
    private final Progress progress;
    private final String inbox;

    /**
     * One night's ingest of {@code inbox}, as steps the graph runs ({@code pipeline.LakeTables} declares them on the tables
     * they write): {@link #bronze} for each kind, side by side, then {@link #ledger}. The first step to run scans the inbox
     * against the ledger.
     */
    public IngestJob(Lake lake, Map<String, ExtractSpec> specs, Communes communes, Pseudonymizer pseudonymizer,
                     String runId, Instant now, LocalDate today, Progress progress, String inbox) {
        this.inbox = inbox;
        this.lake = lake;
        this.spark = lake.spark();
        this.specs = specs;
        this.communes = communes;
        this.pseudonymizer = pseudonymizer;
        this.runId = runId;
        this.now = now;
        this.today = today;
        this.progress = progress;
    }

    private Scan scan;
    private final Map<String, KindResult> byKind = new java.util.concurrent.ConcurrentHashMap<>();
    private Result result;

    /**
     * What the scan of the inbox found: the ledger as it stood, the outcomes already decided (rejected names,
     * duplicates), each kind's new deliveries, the files by path, and how many files were ingested before.
     */
    private record Scan(List<FileOutcome> existing, List<FileOutcome> outcomes, Map<String, List<Delivery>> toIngest,
                        Map<String, InboxScanner.Found> foundByPath, int already) { }

    /** The inbox scanned against the ledger, once a night, by whichever step asks first. */
    private synchronized Scan scan() {
        if (scan != null) return scan;
        List<FileOutcome> existing = readOps();
        progress.step("known deliveries: " + existing.size());
        Map<String, String> knownChecksums = new HashMap<>();
        Set<String> knownDeliveries = new HashSet<>();
        Map<String, String> deliveredByChecksum = new HashMap<>();
        for (FileOutcome o : existing) {
            knownChecksums.put(o.source() + "/" + o.fileName() + "|" + o.sizeBytes() + "|" + o.modifiedAt(), o.checksum());
            knownDeliveries.add(o.key());
            if (DELIVERED.contains(o.status())) deliveredByChecksum.putIfAbsent(o.checksum(), o.fileName());
        }
        InboxScanner scanner = new InboxScanner(spark.sparkContext().hadoopConfiguration());
        List<InboxScanner.Found> found = scanner.scan(inbox, specs.values(),
                (folder, name, size, mtime) -> knownChecksums.get(folder + "/" + name + "|" + size + "|" + mtime), today);
        progress.step("inbox " + inbox + ": " + found.size() + " files");

        List<FileOutcome> outcomes = new ArrayList<>();
        Map<String, List<Delivery>> toIngest = new LinkedHashMap<>();
        int already = 0;
        for (InboxScanner.Found f : found) {
            // A delivery is its folder, name and bytes: a file rejected once is looked at again when it comes
            // back in another folder or with other bytes.
            if (knownDeliveries.contains(f.folder() + "/" + f.fileName() + "|" + f.checksum())) {
                already++;
                continue;
            }
            if (f.delivery() == null) {
                String why = f.problem() != null ? f.problem() : "file name follows no contract of folder '" + f.folder()
                        + "': expected <kind>_<period>[_vN].csv, e.g. " + exampleName(f.folder());
                progress.warn(f.fileName() + " rejected: " + why);
                outcomes.add(outcome(f, null, "rejected", 0, 0, 0, why));
                continue;
            }
            String twin = deliveredByChecksum.get(f.checksum());
            if (twin != null) {
                outcomes.add(outcome(f, f.delivery(), "skipped_duplicate", 0, 0, 0, "byte-identical to " + twin + ", already delivered"));
                continue;
            }
            deliveredByChecksum.put(f.checksum(), f.fileName());
            toIngest.computeIfAbsent(f.delivery().kind(), k -> new ArrayList<>()).add(f.delivery());
        }
        Map<String, InboxScanner.Found> foundByPath = new HashMap<>();
        found.forEach(f -> foundByPath.put(f.path(), f));
        scan = new Scan(existing, outcomes, toIngest, foundByPath, already);
        return scan;
    }

    /**
     * One kind's step: its new files of the inbox parsed and written to its bronze table in one pass (a small kind's time
     * is mostly a Delta commit, so kinds run side by side; a kind whose checks look up another kind's rows runs after it).
     *
     * @return whether it wrote anything
     */
    public boolean bronze(ExtractSpec spec) {
        List<Delivery> deliveries = scan().toIngest().get(spec.kind());
        if (deliveries == null) return false;
        long t0 = System.nanoTime();
        List<FileOutcome> rejected = new ArrayList<>();
        Written w = SparkSessions.describing(lake.spark(), spec.bronzeTable(),
                () -> writeBronze(spec, deliveries, scan().foundByPath(), rejected));
        byKind.put(spec.kind(), new KindResult(w, rejected, (System.nanoTime() - t0) / 1e9));
        return w != null;
    }

    /**
     * The ledger's step, once every kind's has run: every kind's bad rows to the quarantine in one commit, every line
     * accounted for, suspicious corrections held, corrections superseding, the profiles, and one ledger row per file.
     *
     * @return the deliveries in force after it, settled unless a delivery is held
     */
    public synchronized Ledger ledger() {
        Scan sc = scan();
        List<FileOutcome> outcomes = new ArrayList<>(sc.outcomes());
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<Written> written = new ArrayList<>();
        for (ExtractSpec spec : specs.values()) { // reported in the order of the contracts
            KindResult r = byKind.get(spec.kind());
            if (r == null) continue;
            outcomes.addAll(r.rejected());
            if (r.written() != null) written.add(r.written());
            seconds.put(spec.kind(), r.seconds());
        }
        outcomes.addAll(quarantineAndVerify(written, sc.foundByPath()));
        hold(sc.existing(), outcomes);
        List<FileOutcome> changes = supersede(sc.existing(), outcomes);
        writeProfiles(written, sc.existing());
        writeOps(outcomes, changes);
        result = new Result(outcomes, changes, sc.already(), seconds, active(sc.existing(), outcomes, changes),
                stillHeld(sc.existing(), outcomes, changes));
        return new Ledger(result.active(), result.held().isEmpty()); // a held delivery is listed again every night
    }

    /** What the ingest did, once its ledger step has run. */
    public Result result() {
        if (result == null) throw new IllegalStateException("the ingest's ledger step has not run");
        return result;
    }

    /**
     * The known values each {@code in kind.column} check of this kind needs, from that kind's bronze
     * (every delivery ingested so far, this run's included).
     */
    private Map<String, Set<String>> references(ExtractSpec spec) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ColumnSpec c : spec.columns()) {
            String ref = c.reference();
            if (ref == null) continue;
            String[] kc = ref.split("\\.");
            ExtractSpec other = specs.get(kc[0]);
            if (other == null) throw new IllegalStateException("check 'in " + ref + "' names an unknown kind");
            Set<String> known = new HashSet<>();
            if (lake.exists(other.bronzeTable())) {
                for (Row r : lake.read(other.bronzeTable()).select(kc[1]).distinct().collectAsList()) known.add(r.getString(0));
            }
            out.put(ref, known);
        }
        return out;
    }

    private record KindResult(Written written, List<FileOutcome> rejected, double seconds) { }

    /**
     * A kind's new deliveries, in bronze, with their bad rows still to be written to the quarantine; {@code counts}: rows
     * accepted and quarantined by checksum, as observed while bronze was written.
     */
    private record Written(ExtractSpec spec, List<Delivery> accepted, Map<String, Long> rowsRead, Map<String, String> notes,
                           Map<String, long[]> counts, Map<String, List<Long>> badLines, List<Row> profiles,
                           ReParse reparse, long bronzeVersionBefore) {
        /** The deliveries with rows for the quarantine. */
        List<Delivery> withBadRows() {
            return accepted.stream().filter(d -> counts.getOrDefault(d.checksum(), new long[2])[1] > 0).toList();
        }
    }

    /** Parses some of a kind's deliveries again, only the lines given by checksum (all lines: null). */
    private interface ReParse {
        Parse of(List<Delivery> deliveries, Map<String, List<Long>> onlyLines);
    }

    /**
     * The parse of some of a kind's deliveries, not yet run: each {@link #observed} is a new plan of it that counts, as it
     * runs, the rows accepted and quarantined of each file, and notes the lines of the quarantined ones.
     */
    private record Parse(Dataset<Row> rows, List<Delivery> deliveries) {
        record Observed(Dataset<Row> rows, org.apache.spark.sql.Observation observation, List<Delivery> deliveries) {
            /**
             * The observed values, once the action that ran the plan has ended (they come with it); waited for a bounded
             * time, so that a night whose counts never come stops, saying so, rather than hanging.
             */
            private Map<String, Object> values() {
                Row row;
                try {
                    row = scala.concurrent.Await.result(observation.future(),
                            scala.concurrent.duration.Duration.create(OBSERVED_WITHIN_MINUTES, java.util.concurrent.TimeUnit.MINUTES));
                } catch (Exception e) { // a timeout (which Scala does not declare) or an interruption
                    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                    throw new IllegalStateException("the rows counted as " + observation.name() + " ran did not come back within "
                            + OBSERVED_WITHIN_MINUTES + " minutes (" + e + "); this night's files are not recorded as delivered, "
                            + "and the next night reads them again", e);
                }
                Map<String, Object> out = new HashMap<>();
                String[] names = row.schema().fieldNames();
                for (int i = 0; i < names.length; i++) out.put(names[i], row.get(i));
                return out;
            }

            /** Accepted and quarantined rows by checksum. */
            Map<String, long[]> counts() {
                Map<String, Object> m = values();
                Map<String, long[]> out = new HashMap<>();
                for (int i = 0; i < deliveries.size(); i++) {
                    out.put(deliveries.get(i).checksum(), new long[] {(Long) m.get("ok_" + i), (Long) m.get("bad_" + i)});
                }
                return out;
            }

            /**
             * The profiles of the deliveries' accepted rows ({@link DeliveryProfile}), observed if the plan was made with
             * their aggregates.
             */
            List<Row> profiles(ExtractSpec spec) {
                Map<String, Object> m = values();
                List<Row> out = new ArrayList<>();
                for (int i = 0; i < deliveries.size(); i++) {
                    Delivery d = deliveries.get(i);
                    out.addAll(DeliveryProfile.profile(spec, new ActiveDelivery(d.kind(), d.period(), d.fileName(), d.checksum()),
                            m, "_" + i));
                }
                return out;
            }

            /** The line numbers of the quarantined rows, by checksum (8 bytes a bad row, however long the line). */
            Map<String, List<Long>> badLines() {
                Map<String, Object> m = values();
                Map<String, List<Long>> out = new HashMap<>();
                for (int i = 0; i < deliveries.size(); i++) {
                    @SuppressWarnings("unchecked")
                    scala.collection.Seq<Long> lines = (scala.collection.Seq<Long>) m.get("lines_" + i);
                    out.put(deliveries.get(i).checksum(), scala.jdk.javaapi.CollectionConverters.asJava(lines));
                }
                return out;
            }
        }

        /** @param profiled the kind whose profile to observe as well (its accepted rows'), or null */
        Observed observed(String name, ExtractSpec profiled) {
            List<org.apache.spark.sql.Column> metrics = new ArrayList<>();
            for (int i = 0; i < deliveries.size(); i++) {
                // every row parsed is one of these deliveries': one alone needs no test
                org.apache.spark.sql.Column mine = deliveries.size() == 1 ? lit(true) : col("_checksum").equalTo(deliveries.get(i).checksum());
                org.apache.spark.sql.Column bad = mine.and(col("_rules").isNotNull());
                metrics.add(org.apache.spark.sql.functions.count_if(mine.and(col("_rules").isNull())).as("ok_" + i));
                if (profiled != null) metrics.addAll(DeliveryProfile.aggregates(profiled, mine.and(col("_rules").isNull()), "_" + i));
                metrics.add(org.apache.spark.sql.functions.count_if(bad).as("bad_" + i));
                // collect_list skips nulls: a good row costs a test
                metrics.add(org.apache.spark.sql.functions.collect_list(org.apache.spark.sql.functions.when(bad, col("_line"))).as("lines_" + i));
            }
            org.apache.spark.sql.Observation o = new org.apache.spark.sql.Observation(name + " " + java.util.UUID.randomUUID());
            return new Observed(rows.observe(o, metrics.get(0), metrics.subList(1, metrics.size()).toArray(org.apache.spark.sql.Column[]::new)),
                    o, deliveries);
        }
    }

    /**
     * The parse of these deliveries; with {@code onlyLines}, of those lines alone (by checksum), picked from the files by a
     * sequential read ({@link FileDigest#pick}): parsing a file again for its bad rows costs a read of its bytes, not a
     * Spark scan and parse of all its lines.
     */
    private Parse parse(ExtractSpec spec, List<Delivery> deliveries, List<ContractRules.FileInput> files,
                        Map<String, FileDigest> digests, Map<String, Set<String>> references, Map<String, List<Long>> onlyLines) {
        Dataset<Row> text;
        if (onlyLines == null) {
            text = NumberedLines.read(spark, deliveries.stream()
                    .map(d -> new NumberedLines.TextFile(d.path(), digests.get(d.checksum()))).toList()).rows();
        } else {
            // the lines wanted, picked from the files in Java, as Spark's text source would have read them (bytes cast to text)
            List<Row> picked = new ArrayList<>();
            for (Delivery d : deliveries) {
                Path p = new Path(d.path());
                try {
                    FileDigest.pick(p.getFileSystem(spark.sparkContext().hadoopConfiguration()), p,
                            onlyLines.getOrDefault(d.checksum(), List.of())).forEach((line, bytes) ->
                            picked.add(RowFactory.create(bytes, line, p.getName())));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + d.path(), e);
                }
            }
            StructType schema = new StructType().add("value", DataTypes.BinaryType).add("_line", DataTypes.LongType)
                    .add("_file_name", DataTypes.StringType);
            text = spark.createDataFrame(picked, schema).select(col("value").cast("string").as("value"), col("_line"), col("_file_name"));
        }
        return new Parse(new ContractRules(spec, runId, now, today, communes, pseudonymizer, references).parse(text, files),
                deliveries);
    }

    /** What the checksum read learned of a file; read again only if this run did not read it (its checksum was known). */
    private FileDigest digest(InboxScanner.Found f) {
        if (f.digest() != null) return f.digest();
        Path p = new Path(f.path());
        try {
            return FileDigest.read(p.getFileSystem(spark.sparkContext().hadoopConfiguration()), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.path(), e);
        }
    }

    /**
     * Parses a kind's new files and writes their good rows to bronze in one pass (catching the bad rows
     * on the way; no cache of millions of rows). Files rejected whole go straight to {@code outcomes}.
     */
    private Written writeBronze(ExtractSpec spec, List<Delivery> deliveries, Map<String, InboxScanner.Found> found,
                                List<FileOutcome> outcomes) {
        List<Delivery> accepted = new ArrayList<>();
        Map<String, FileDigest> digests = new HashMap<>();
        Map<String, String> notes = new HashMap<>();
        Map<String, Set<String>> references = references(spec);
        List<ContractRules.FileInput> files = new ArrayList<>();
        for (Delivery d : deliveries) {
            try {
                HeaderMapping mapping = HeaderMapping.match(spec, ContractRules.fields(readHeader(d.path())));
                FileDigest digest = digest(found.get(d.path()));
                if (!digest.endsWithLineBreak()) {
                    notes.put(d.checksum(), TRUNCATED);
                    progress.warn(d.fileName() + ": " + TRUNCATED);
                }
                files.add(new ContractRules.FileInput(d, mapping));
                accepted.add(d);
                digests.put(d.checksum(), digest);
            } catch (HeaderMapping.RejectedFile | IllegalArgumentException ex) {
                progress.warn(d.fileName() + " rejected: " + ex.getMessage());
                outcomes.add(outcome(found.get(d.path()), d, "rejected", 0, 0, 0, ex.getMessage()));
            }
        }
        if (files.isEmpty()) return null;
        // One scan and one plan for all of a kind's new files, written once: the lines read (from the checksum read),
        // the rows accepted and quarantined per file are observed as bronze is written. The observation is also a
        // barrier: Spark does not push bronze's filter on the broken rules below it, which would inline the rules'
        // projections into the filter (the card plan's optimised text grew from 20,522 to 1,236,569 characters, and the
        // city's card file took 413-425 s to write instead of about 30).
        Parse parse = parse(spec, accepted, files, digests, references, null);
        List<String> checksums = accepted.stream().map(Delivery::checksum).toList();
        List<String> periods = accepted.stream().map(Delivery::period).distinct().toList();
        String bronzeWhere = "period IN " + Lake.inList(periods) + " AND _checksum IN " + Lake.inList(checksums);
        long before = lake.version(spec.bronzeTable());
        java.util.concurrent.atomic.AtomicReference<Parse.Observed> observed = new java.util.concurrent.atomic.AtomicReference<>();
        lake.write(spec.bronzeTable(), () -> {
            Parse.Observed o = parse.observed(spec.kind() + " bronze", spec);
            observed.set(o);
            return o.rows().where(col("_rules").isNull()).select(names(spec.bronzeSchema()));
        }, Commit.replaceWhere(bronzeWhere, null, "period"));
        Map<String, long[]> counts = observed.get().counts();
        Map<String, List<Long>> badLines = observed.get().badLines();
        List<Row> profiles = observed.get().profiles(spec);
        progress.step(spec.bronzeTable() + " written");
        Map<String, Long> rowsRead = new HashMap<>();
        for (Delivery d : accepted) rowsRead.put(d.checksum(), digests.get(d.checksum()).dataLines());
        ReParse reparse = (subset, only) -> parse(spec, subset,
                files.stream().filter(f -> subset.contains(f.delivery())).toList(), digests, references, only);
        return new Written(spec, accepted, rowsRead, notes, counts, badLines, profiles, reparse, before);
    }

    /**
     * Writes the bad rows of every kind's new files to the quarantine in one commit, then accounts for every data
     * line: each file's lines read (counted apart from the parsing) must equal its accepted plus quarantined rows,
     * and the rows the bronze and quarantine commits report adding must equal those sums, or the file is not
     * recorded (and the next run retries it).
     */
    private List<FileOutcome> quarantineAndVerify(List<Written> written, Map<String, InboxScanner.Found> found) {
        List<FileOutcome> outcomes = new ArrayList<>();
        if (written.isEmpty()) return outcomes;
        List<String> checksums = written.stream().flatMap(w -> w.accepted().stream()).map(Delivery::checksum).toList();
        // Most deliveries have no bad row. The others are parsed again for their bad rows alone, at the lines noted while
        // bronze was written (observed again: that parse must find exactly the bad rows the first counted). All kinds'
        // go to the quarantine in one commit.
        List<Parse.Observed> again = new ArrayList<>();
        List<Dataset<Row>> bad = new ArrayList<>();
        for (Written w : written) {
            List<Delivery> withBad = w.withBadRows();
            if (withBad.isEmpty()) continue;
            Parse.Observed o = w.reparse().of(withBad, w.badLines()).observed(w.spec().kind() + " quarantine", null);
            again.add(o);
            bad.add(quarantineRows(w.spec(), o.rows()));
        }
        long quarantineBefore = lake.version(TableNames.OPS_QUARANTINE);
        String quarantineWhere = "checksum IN " + Lake.inList(checksums);
        // With no bad row, a commit is only needed to create the table, or to clear rows that an interrupted run of
        // other rules left for these files.
        if (!bad.isEmpty() || !lake.exists(TableNames.OPS_QUARANTINE) || !lake.read(TableNames.OPS_QUARANTINE).where(quarantineWhere).isEmpty()) {
            Written first = written.get(0);
            // a few rows: interpreted, rather than compiling every kind's rules again
            SparkSessions.describing(lake.spark(), TableNames.OPS_QUARANTINE, () -> SparkSessions.interpreted(lake.spark(), () -> lake.write(TableNames.OPS_QUARANTINE,
                    () -> bad.isEmpty() ? quarantineRows(first.spec(), first.reparse().of(first.accepted(), Map.of()).rows()).limit(0)
                            : bad.stream().reduce(Dataset::unionByName).orElseThrow().coalesce(1),
                    Commit.replaceWhere(quarantineWhere, null))));
            progress.step(TableNames.OPS_QUARANTINE + " written");
        }
        Map<String, long[]> counts = new HashMap<>();
        written.forEach(w -> counts.putAll(w.counts()));
        Map<String, String> names = new HashMap<>();
        written.forEach(w -> w.accepted().forEach(d -> names.put(d.checksum(), d.fileName())));
        for (Parse.Observed o : again) {
            o.counts().forEach((checksum, c) -> {
                if (c[1] != counts.get(checksum)[1]) {
                    throw new IllegalStateException(names.get(checksum) + ": " + counts.get(checksum)[1] + " bad rows counted as "
                            + "bronze was written but " + c[1] + " found again for the quarantine; not recorded as delivered, the "
                            + "next night reads it again. If it stops the same way, keep the file and the log for the data team");
                }
            });
        }
        long badTotal = 0;
        for (Written w : written) {
            long okTotal = 0;
            for (Delivery d : w.accepted()) {
                long[] c = counts.getOrDefault(d.checksum(), new long[2]);
                long read = w.rowsRead().get(d.checksum());
                if (read != c[0] + c[1]) {
                    throw new IllegalStateException(d.fileName() + ": " + read + " data lines but " + c[0] + " rows accepted and "
                            + c[1] + " quarantined; not recorded as delivered, the next night reads it again. If it stops the "
                            + "same way, the cause is not passing: keep the file and the log for the data team");
                }
                okTotal += c[0];
                badTotal += c[1];
            }
            requireWritten(w.spec().bronzeTable(), w.bronzeVersionBefore(), okTotal);
        }
        requireWritten(TableNames.OPS_QUARANTINE, quarantineBefore, badTotal);
        for (Written w : written) {
            for (Delivery d : w.accepted()) {
                long[] c = counts.getOrDefault(d.checksum(), new long[2]);
                outcomes.add(outcome(found.get(d.path()), d, "ingested", c[0] + c[1], c[0], c[1], w.notes().get(d.checksum())));
                progress.step(String.format("%-32s read %,d  accepted %,d  quarantined %,d", d.fileName(), c[0] + c[1], c[0], c[1]));
            }
        }
        return outcomes;
    }

    /**
     * The commits this night made to {@code table} since its version {@code before} added exactly {@code rows} rows (as
     * their Delta log reports; none made: 0), or the night stops. A mismatch means the lake did not keep what was
     * written (storage, or a bug): the files are not recorded, so the next night parses them again and replaces what
     * this one wrote; if it stops the same way, it will every night until the cause is found.
     */
    private void requireWritten(String table, long before, long rows) {
        long written = lake.rowsAddedSince(table, before);
        if (written != rows) {
            throw new IllegalStateException(table + ": this night's commits report " + written + " rows added, but " + rows
                    + " were parsed for it; this night's files are not recorded as delivered, and the next night reads them "
                    + "again and replaces these rows. If it stops the same way, the cause is not passing: keep the lake and "
                    + "the log for the data team");
        }
    }

    private Dataset<Row> quarantineRows(ExtractSpec spec, Dataset<Row> parsed) {
        return parsed.where(col("_rules").isNotNull()).select(
                lit(spec.folder()).as("source"), lit(spec.kind()).as("kind"), col("_source_file").as("file_name"),
                col("_checksum").as("checksum"), col("period"), col("_line").as("line_number"),
                col("_rules").as("rules"), col("_reason").as("reason"), col("_raw").as("raw_masked"),
                col("_run_id").as("run_id"), col("_ingested_at").as("quarantined_at"));
    }

    /**
     * For each kind and period, the delivery with the highest version (then the latest ingested) is
     * active; every other ingested delivery of that period becomes {@code superseded}.
     */
    static List<FileOutcome> supersede(List<FileOutcome> existing, List<FileOutcome> fresh) {
        Map<String, List<FileOutcome>> byPeriod = new HashMap<>();
        for (List<FileOutcome> list : List.of(existing, fresh)) {
            for (FileOutcome o : list) {
                if (o.status().equals("ingested") || o.status().equals("superseded")) {
                    byPeriod.computeIfAbsent(o.kind() + "|" + o.period(), k -> new ArrayList<>()).add(o);
                }
            }
        }
        Comparator<FileOutcome> order = PRECEDENCE;
        List<FileOutcome> changes = new ArrayList<>();
        Set<FileOutcome> freshSet = new HashSet<>(fresh);
        List<FileOutcome> replacedFresh = new ArrayList<>();
        for (List<FileOutcome> group : byPeriod.values()) {
            FileOutcome active = group.stream().max(order).orElseThrow();
            for (FileOutcome o : group) {
                String want = o == active ? "ingested" : "superseded";
                String by = o == active ? null : active.fileName();
                if (o.status().equals(want) && java.util.Objects.equals(o.supersededBy(), by)) continue;
                if (freshSet.contains(o)) replacedFresh.add(o); else changes.add(o.withStatus(want, by));
            }
        }
        for (FileOutcome o : replacedFresh) {
            FileOutcome active = byPeriod.get(o.kind() + "|" + o.period()).stream().max(order).orElseThrow();
            fresh.set(fresh.indexOf(o), o.withStatus("superseded", active.fileName()));
        }
        return changes;
    }

    /**
     * The ops rows, one per delivery. A lake written by an older version (two nights at once, before the lake
     * lock) may hold several rows for one delivery; they are repaired here, keeping the latest, in one commit.
     */
    private List<FileOutcome> readOps() {
        List<FileOutcome> all = ledger(lake);
        List<FileOutcome> unique = deduplicate(all);
        if (unique.size() < all.size()) {
            progress.warn(TableNames.OPS_FILE_INGESTION + " held " + (all.size() - unique.size()) + " duplicate row(s) of the same delivery "
                    + "(written by two nights at once before the lake lock); repaired, keeping the latest of each");
            List<Row> rows = unique.stream().map(FileOutcome::toRow).toList();
            lake.write(TableNames.OPS_FILE_INGESTION, () -> spark.createDataFrame(rows, OPS_SCHEMA), Commit.overwrite(null));
        }
        return unique;
    }

    /** One row per delivery ({@link FileOutcome#key()}): the latest recorded, in the order rows were read. */
    static List<FileOutcome> deduplicate(List<FileOutcome> rows) {
        Map<String, FileOutcome> byKey = new LinkedHashMap<>();
        for (FileOutcome o : rows) {
            byKey.merge(o.key(), o, (a, b) -> b.ingestedAt().isAfter(a.ingestedAt()) ? b : a);
        }
        return new ArrayList<>(byKey.values());
    }

    /** Precedence among the deliveries of one kind and period: the highest version, then the latest ingested. */
    static final Comparator<FileOutcome> PRECEDENCE = Comparator.comparing((FileOutcome o) -> o.version())
            .thenComparing(FileOutcome::ingestedAt).thenComparing(FileOutcome::fileName);

    /**
     * Holds a suspicious correction: a new delivery that would replace the one in force for its kind and period
     * with no accepted rows, or fewer than {@link #HOLD_BELOW_SHARE} of its rows, gets status {@code held} and
     * the reason; the earlier delivery stays in force until the data team accepts it ({@link #accept}).
     */
    void hold(List<FileOutcome> existing, List<FileOutcome> fresh) {
        Map<String, FileOutcome> inForce = new HashMap<>();
        for (FileOutcome o : existing) {
            if (o.status().equals("ingested")) inForce.merge(o.kind() + "|" + o.period(), o, (a, b) -> PRECEDENCE.compare(a, b) >= 0 ? a : b);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) if (fresh.get(i).status().equals("ingested")) order.add(i);
        order.sort(Comparator.comparing(fresh::get, PRECEDENCE));
        for (int i : order) {
            FileOutcome o = fresh.get(i);
            String group = o.kind() + "|" + o.period();
            FileOutcome current = inForce.get(group);
            if (current != null && PRECEDENCE.compare(o, current) <= 0) continue; // an older delivery: superseded as usual
            if (current != null && (o.rowsAccepted() == 0 || o.rowsAccepted() < HOLD_BELOW_SHARE * current.rowsAccepted())) {
                String why = String.format("%,d rows accepted against %,d in %s, which it would replace (%s); "
                        + "%s stays in force until the data team accepts this file: bin/city-indicators accept --lake %s %s/%s",
                        o.rowsAccepted(), current.rowsAccepted(), current.fileName(),
                        o.rowsAccepted() == 0 ? "no data rows" : "fewer than half", current.fileName(), lake.base(),
                        o.source(), o.fileName());
                progress.warn(o.fileName() + " " + why);
                fresh.set(i, o.withStatusAndMessage("held", o.message() == null ? why : o.message() + "; " + why));
            } else {
                inForce.put(group, o);
            }
        }
    }

    /** The deliveries held after this run: new ones and those still waiting from earlier nights. */
    static List<FileOutcome> stillHeld(List<FileOutcome> existing, List<FileOutcome> fresh, List<FileOutcome> changes) {
        Map<String, FileOutcome> byKey = new LinkedHashMap<>();
        for (List<FileOutcome> list : List.of(existing, fresh, changes)) for (FileOutcome o : list) byKey.put(o.key(), o);
        return byKey.values().stream().filter(o -> o.status().equals("held")).toList();
    }

    /**
     * The data team accepts a held delivery ({@code file}: its name, or folder/name): it comes into force as if it
     * had not been held, the delivery it replaces is superseded, in one keyed commit. The next night rebuilds the
     * tables from it.
     *
     * @return the accepted delivery's ops row
     */
    public static FileOutcome accept(Lake lake, String file, String user, Instant when) {
        if (!lake.exists(TableNames.OPS_FILE_INGESTION)) throw new IllegalArgumentException("lake " + lake.base() + " has no " + TableNames.OPS_FILE_INGESTION + " (no night ran)");
        List<FileOutcome> existing = deduplicate(ledger(lake));
        List<FileOutcome> matching = existing.stream().filter(o -> o.status().equals("held")
                && (o.fileName().equals(file) || (o.source() + "/" + o.fileName()).equals(file))).toList();
        if (matching.isEmpty()) {
            List<String> held = existing.stream().filter(o -> o.status().equals("held")).map(o -> o.source() + "/" + o.fileName()).toList();
            throw new IllegalArgumentException("no held delivery named " + file + " in " + lake.base()
                    + (held.isEmpty() ? " (none is held)" : "; held: " + String.join(", ", held)));
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException(file + " names " + matching.size() + " held deliveries; give folder/name: "
                    + String.join(", ", matching.stream().map(o -> o.source() + "/" + o.fileName()).toList()));
        }
        FileOutcome held = matching.get(0);
        FileOutcome accepted = held.withStatusAndMessage("ingested", "accepted by " + user + " at " + when + " (was " + held.message() + ")");
        List<FileOutcome> after = new ArrayList<>(existing);
        after.set(after.indexOf(held), accepted);
        List<FileOutcome> changes = new ArrayList<>(supersede(after, new ArrayList<>()));
        // the accepted row as supersede left it: in force, or superseded when an even later delivery is
        FileOutcome recorded = changes.stream().filter(o -> o.key().equals(accepted.key())).findFirst().orElse(accepted);
        changes.removeIf(o -> o.key().equals(accepted.key()));
        changes.add(0, recorded);
        List<Row> rows = changes.stream().map(FileOutcome::toRow).toList();
        lake.write(TableNames.OPS_FILE_INGESTION, () -> lake.spark().createDataFrame(rows, OPS_SCHEMA), Commit.upsert(OPS_KEY));
        return recorded;
    }

    /**
     * The profiles of this night's deliveries, before the ledger records them (a night that dies between the two ingests
     * them again and replaces their profiles). A lake whose deliveries were ingested before profiles were stored gets
     * theirs too, from bronze, the first time.
     */
    private void writeProfiles(List<Written> written, List<FileOutcome> existing) {
        List<Row> rows = new ArrayList<>();
        written.forEach(w -> rows.addAll(w.profiles()));
        if (!lake.exists(TableNames.OPS_DELIVERY_PROFILES)) {
            for (ExtractSpec spec : specs.values()) {
                List<ActiveDelivery> before = existing.stream().filter(o -> spec.kind().equals(o.kind()) && o.rowsAccepted() > 0
                        && DELIVERED.contains(o.status()))
                        .map(o -> new ActiveDelivery(o.kind(), o.period(), o.fileName(), o.checksum())).toList();
                if (before.isEmpty() || !lake.exists(spec.bronzeTable())) continue;
                rows.addAll(DeliveryProfile.ofBronze(spec, lake.read(spec.bronzeTable()).where(col("_checksum").isin(
                        before.stream().map(ActiveDelivery::checksum).toArray())), before));
            }
        }
        if (rows.isEmpty()) return;
        List<String> checksums = rows.stream().map(r -> r.getString(3)).distinct().toList();
        lake.write(TableNames.OPS_DELIVERY_PROFILES, () -> spark.createDataFrame(rows, DeliveryProfile.SCHEMA).coalesce(1),
                Commit.replaceWhere("checksum IN " + Lake.inList(checksums), null));
    }

    /** New ops rows and changed statuses in one keyed commit: a file's row is never written twice. */
    private void writeOps(List<FileOutcome> fresh, List<FileOutcome> changes) {
        if (fresh.isEmpty() && changes.isEmpty()) return;
        List<Row> rows = new ArrayList<>();
        fresh.forEach(o -> rows.add(o.toRow()));
        changes.forEach(o -> rows.add(o.toRow()));
        lake.write(TableNames.OPS_FILE_INGESTION, () -> spark.createDataFrame(rows, OPS_SCHEMA), Commit.upsert(OPS_KEY));
    }

    /** The deliveries in force as the ledger holds them (for a night whose ingest had nothing to do). */
    public static List<ActiveDelivery> inForce(Lake lake) {
        return active(deduplicate(ledger(lake)), List.of(), List.of());
    }

    /** Every row of the ledger as stored (none when no night ran). */
    private static List<FileOutcome> ledger(Lake lake) {
        List<FileOutcome> all = new ArrayList<>();
        if (!lake.exists(TableNames.OPS_FILE_INGESTION)) return all;
        for (Row r : lake.read(TableNames.OPS_FILE_INGESTION).select(names(OPS_SCHEMA)).collectAsList()) all.add(FileOutcome.of(r));
        return all;
    }

    /** The deliveries in force once this run's rows and status changes are recorded. */
    static List<ActiveDelivery> active(List<FileOutcome> existing, List<FileOutcome> fresh, List<FileOutcome> changes) {
        Map<String, FileOutcome> byKey = new LinkedHashMap<>();
        for (List<FileOutcome> list : List.of(existing, fresh, changes)) {
            for (FileOutcome o : list) byKey.put(o.key(), o);
        }
        return byKey.values().stream().filter(o -> o.status().equals("ingested"))
                .map(o -> new ActiveDelivery(o.kind(), o.period(), o.fileName(), o.checksum())).toList();
    }

    private FileOutcome outcome(InboxScanner.Found f, Delivery d, String status, long read, long accepted,
                                long quarantined, String message) {
        return new FileOutcome(f.fileName(), f.checksum(), f.folder(), d == null ? null : d.kind(),
                d == null ? null : d.period(), d == null ? null : d.version(), f.size(), f.modifiedAt(), status,
                read, accepted, quarantined, message, null, runId, now);
    }

    private String exampleName(String folder) {
        return specs.values().stream().filter(s -> s.folder().equals(folder)).findFirst()
                .map(s -> s.kind() + "_" + switch (s.periodType()) {
                    case "month" -> "2026-03";
                    case "year" -> "2026";
                    case "school_year" -> "2025-2026";
                    default -> "2026-03-31";
                } + ".csv").orElse("?");
    }

    /** The flag of a file whose last line has no line ending: kept, but someone should look. */
    static final String TRUNCATED = "possibly truncated: the last line has no line ending";

    /** Whether the file's last byte ends a line (every contract file does; a cut transfer does not). */
    private boolean endsWithLineBreak(Delivery d) {
        if (d.sizeBytes() == 0) return true;
        Path p = new Path(d.path());
        try (org.apache.hadoop.fs.FSDataInputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
            in.seek(d.sizeBytes() - 1);
            int last = in.read();
            return last == '\n' || last == '\r';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + d.path(), e);
        }
    }

    private String readHeader(String path) {
        try (BufferedReader r = open(path)) {
            String header = r.readLine();
            if (header == null || header.isBlank()) throw new HeaderMapping.RejectedFile("file is empty: no header line");
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private BufferedReader open(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8), 1 << 16);
    }

    static org.apache.spark.sql.Column[] names(StructType schema) {
        return java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new);
    }
}
