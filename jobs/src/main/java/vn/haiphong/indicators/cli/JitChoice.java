package vn.haiphong.indicators.cli;

import java.lang.management.ManagementFactory;
import java.util.List;
import vn.haiphong.indicators.pipeline.SmallNight;

/**
 * The JIT compilers a night's JVM runs with, chosen before it starts (bin/city-indicators asks {@code Main
 * jvm-options}), since a JVM cannot change them later. A {@linkplain SmallNight small night} in a fresh JVM gains less
 * from the optimising compiler than that compiler's work costs it on two cores: the client compiler alone took the
 * sample night (4.5 MiB) from 63.0-69.1 s to 56.6-64.2 s, with a third less CPU. A large night needs both (the city night
 * took 264 s with the client compiler alone against 156 s), and so does a night whose inbox or lake this JVM cannot
 * measure: both compilers then, as the JVM sets them ({@link #BOTH}).
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
     * {@link #CLIENT_ONLY} for a {@linkplain SmallNight small night} of a local inbox on a local lake; {@link #BOTH} otherwise
     * (an inbox or lake on {@code s3a://} or the like is not measured from here: its credentials are the night's).
     */
    public static List<String> forNight(String inbox, String lake, long smallBelowBytes) {
        if (smallBelowBytes <= 0 || inbox == null || lake == null || !local(inbox) || !local(lake)) return BOTH;
        if (!java.nio.file.Files.isDirectory(path(inbox))) return BOTH;
        return SmallNight.isSmall(SmallNight.newBytes(path(inbox), path(lake)), smallBelowBytes) ? CLIENT_ONLY : BOTH;
    }

    private static boolean local(String path) {
        return path.startsWith("file:") || !path.contains("://");
    }

    private static java.nio.file.Path path(String local) {
        return local.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(local)) : java.nio.file.Path.of(local);
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
