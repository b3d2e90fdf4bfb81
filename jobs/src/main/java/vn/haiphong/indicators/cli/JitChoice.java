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
 * a local folder, or a large one, may hold one: both compilers then, compiling only methods six times as hot as the
 * JVM's default thresholds ({@link #BOTH}).
 */
public final class JitChoice {
    private JitChoice() { }

    /** The client compiler alone, with the usual code cache (its own default, 48 MB, fills on a night). */
    public static final List<String> CLIENT_ONLY = List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m");

    /**
     * Both compilers, each compiling a method only once it has run six times as often as the JVM's defaults ask. A city
     * night's JIT worked for about as long as the night itself (-XX:+CITime: 126.5 s of compiler threads in a night of
     * 136.6 s, of which the optimising compiler 103 s for 7,414 methods; which methods was not broken down), on a
     * machine of two cores that the night keeps busy. City nights as whole processes: defaults 144.0, 143.4, 138.1, 145.2, 142.8 s (user
     * CPU 265, 264, 252, 264, 264 s); thresholds x3 136.7, 135.4, 136.0 s (239, 241, 238 s); x6 130.8, 132.1, 130.8,
     * 144.3, 136.3 s (226, 231, 232, 254, 242 s); x10 168.3 s (259 s: hot code waits too long). Small nights gained nothing from it (client compiler alone, x3: 63.1 and
     * 65.7 s against 53.4 and 63.0 s).
     */
    public static final List<String> BOTH = List.of("-XX:CompileThresholdScaling=6");

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
