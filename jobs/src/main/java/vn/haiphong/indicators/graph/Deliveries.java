package vn.haiphong.indicators.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The deliveries in force as the graph sees them: per file kind, the fingerprint of its active deliveries (what a table
 * reading {@code kind:<kind>} read), and the deliveries themselves, read only when a build needs them. A night whose
 * ingest had nothing to do knows the fingerprints from what its steps recorded when they last ran ({@link NodeRecords}), and reads the ledger only
 * if some table's fingerprint says it must be rebuilt: a night with nothing new runs no Spark job.
 */
public final class Deliveries {
    private final Map<String, String> fingerprintByKind;
    private final Supplier<List<ActiveDelivery>> read;
    private Map<String, List<ActiveDelivery>> byKind;

    private Deliveries(Map<String, String> fingerprintByKind, Supplier<List<ActiveDelivery>> read) {
        this.fingerprintByKind = Map.copyOf(fingerprintByKind);
        this.read = read;
    }

    /** These deliveries, known. */
    public static Deliveries of(List<ActiveDelivery> active) {
        List<ActiveDelivery> copy = List.copyOf(active);
        return new Deliveries(fingerprints(copy), () -> copy);
    }

    /** Deliveries known by their fingerprints ({@link #fingerprints}), read by {@code read} if a build needs them. */
    public static Deliveries known(Map<String, String> fingerprintByKind, Supplier<List<ActiveDelivery>> read) {
        return new Deliveries(fingerprintByKind, read);
    }

    /** Per kind with at least one delivery in force, the fingerprint of its deliveries (periods and checksums). */
    public static Map<String, String> fingerprints(List<ActiveDelivery> active) {
        Map<String, List<String>> files = new TreeMap<>();
        for (ActiveDelivery d : active) files.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d.period() + ":" + d.checksum());
        Map<String, String> out = new TreeMap<>();
        files.forEach((kind, list) -> {
            Collections.sort(list);
            out.put(kind, GraphRunner.sha(String.join(";", list)));
        });
        return out;
    }

    /** Per kind with deliveries in force, their fingerprint. */
    public Map<String, String> fingerprints() { return fingerprintByKind; }

    boolean delivered(String kind) { return fingerprintByKind.containsKey(kind); }

    /** The fingerprint of a kind's deliveries (that of none when nothing of it is in force). */
    String fingerprint(String kind) { return fingerprintByKind.getOrDefault(kind, GraphRunner.sha("")); }

    /** A kind's deliveries in force, read the first time a build asks. */
    synchronized List<ActiveDelivery> of(String kind) {
        if (byKind == null) {
            byKind = new TreeMap<>();
            for (ActiveDelivery d : read.get()) byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(d);
            Map<String, String> found = fingerprints(byKind.values().stream().flatMap(List::stream).toList());
            if (!found.equals(fingerprintByKind)) {
                throw new IllegalStateException("the deliveries in force are not those recorded when the ingest last ran "
                        + "(another process changed the ledger?); run the night again");
            }
        }
        return byKind.getOrDefault(kind, List.of());
    }
}
