package vn.haiphong.indicators.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JIT compilers a night's JVM runs with, chosen before it starts (bin/city-indicators asks {@code Main
 * jvm-options}), since a JVM cannot change them later. A small inbox makes a small night, whatever is new in it, and a
 * small night in a fresh JVM gains less from the optimising compiler than that compiler's work costs it on two cores:
 * the client compiler alone took the sample night (4.5 MiB) from 63.0-69.1 s to 56.6-64.2 s, with a third less CPU. A large
 * night needs both (the city night took 264 s with the client compiler alone against 156 s), and an inbox that is not
 * a local folder, or a large one, may hold one: both compilers then, as the JVM sets them ({@link #BOTH}).
 */
public final class JitChoice {
    private JitChoice() { }

    /** The client compiler alone, with the usual code cache (its own default, 48 MB, fills on a night). */
    public static final List<String> CLIENT_ONLY = List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m");

    /**
     * Both compilers, as the JVM sets them. (Higher compile thresholds, -XX:CompileThresholdScaling=6, took the city night
     * from a mean of 142.7 s to 134.9 s over five runs, 5%: less than the 10% a speed mechanism must buy to stay.)
     */
    public static final List<String> BOTH = List.of();

    /**
     * {@link #CLIENT_ONLY} for a local inbox folder whose files come to less than {@code smallBelowBytes} (the size below
     * which a night interprets its expressions, {@code pipeline.interpret_below_mib}; 0: never); {@link #BOTH} otherwise.
     */
    public static List<String> forInbox(String inbox, long smallBelowBytes) {
        if (smallBelowBytes <= 0 || inbox == null) return BOTH;
        Path folder;
        if (inbox.startsWith("file:")) folder = Path.of(URI.create(inbox));
        else if (inbox.contains("://")) return BOTH; // s3a:// and the like: not measured from here
        else folder = Path.of(inbox);
        if (!Files.isDirectory(folder)) return BOTH;
        long total = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                total += Files.size(f);
                if (total >= smallBelowBytes) return BOTH;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the inbox " + folder, e);
        }
        return CLIENT_ONLY;
    }

    /** What this JVM runs with (the last of its options wins), for the night's progress. */
    public static String running() {
        com.sun.management.HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String scaling = vm.getVMOption("CompileThresholdScaling").getValue();
        String thresholds = Double.parseDouble(scaling) == 1.0 ? "" : " (compile thresholds x" + scaling + ")";
        return ("1".equals(vm.getVMOption("TieredStopAtLevel").getValue()) ? "JIT: client compiler only"
                : "JIT: client and optimising compilers") + thresholds;
    }
}
