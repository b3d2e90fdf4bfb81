package vn.haiphong.indicators.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.process.CommandProcess;

/**
 * Sequences of nights on one lake, drawn by the model with fixed seeds (the soak's long runs: {@code bin/city-indicators
 * soak}): after every night it ends normally, every file's rows are accounted for, nothing is recorded twice, and the
 * marts equal a rebuild from the deliveries in force. A failure is shrunk and printed as the nights that reproduce it.
 */
class NightSequenceIT extends SparkTestBase {
    static final String KEY = "test-key-0123456789abcdef";

    /** The command line as a child JVM, as the tests' other whole-process nights run it. */
    static List<String> childCommand() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
        cmd.addAll(vn.haiphong.indicators.cli.JitChoice.CLIENT_ONLY);
        cmd.addAll(CommandProcess.jvmOptions());
        cmd.add("-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath().normalize());
        cmd.addAll(List.of("-cp", CommandProcess.classpath(), "vn.haiphong.indicators.cli.Main"));
        return cmd;
    }

    static void assertHolds(Soak soak, List<NightModel.Night> nights) {
        Soak.Result r = soak.run(nights);
        if (r.failure() != null) {
            List<NightModel.Night> shortest = soak.shrink(nights.subList(0, r.failure().night()), 8);
            fail("after night " + r.failure().night() + ": " + r.failure().what() + "\nshortest failing sequence found:\n"
                    + Soak.describe(shortest));
        }
        assertEquals(nights.size(), r.nights());
    }

    @Test
    void theModelDrawsEveryCaseAndTheSameSeedTheSameNights() {
        List<NightModel.Night> a = new NightModel(5, 0.1, true).nights(200);
        assertEquals(Soak.describe(a), Soak.describe(new NightModel(5, 0.1, true).nights(200)), "seeded");
        String all = Soak.describe(a);
        for (String c : List.of("(clean", "(bad rows", "correction, larger", "correction, smaller", "correction, equal",
                "header alone", "exact re-delivery", "same name, other bytes", "wrong folder", "a name no contract knows",
                "out-of-range version", "truncated last line", "empty file", "remove ", "accept ", "nothing new")) {
            assertTrue(all.contains(c), "200 nights draw '" + c + "'");
        }
        Set<NightModel.KillPoint> points = EnumSet.noneOf(NightModel.KillPoint.class);
        a.forEach(n -> { if (n.kill() != null) points.add(n.kill()); });
        assertEquals(EnumSet.allOf(NightModel.KillPoint.class), points, "kills land in the ingest, the tables and the publish");
    }

    @Test
    void randomSequencesOfNightsKeepEveryInvariant(@TempDir Path work) {
        assertHolds(new Soak(spark(), work, KEY, childCommand(), System.out), new NightModel(11, 0, false).nights(5));
        // a soak stopped after five nights (a restart of the machine) goes on from the sixth on the same lake
        List<NightModel.Night> seven = new NightModel(11, 0, false).nights(7);
        assertEquals(Soak.describe(new NightModel(11, 0, false).nights(5)), Soak.describe(seven.subList(0, 5)), "the same first nights");
        Soak.Result r = new Soak(spark(), work, KEY, childCommand(), System.out).run(seven, 6);
        assertEquals(null, r.failure(), "nights 6-7 on the lake of nights 1-5");
        assertEquals(7, r.nights());
    }

    /** Nights killed with kill -9 inside a sequence, in the publish and in the tables, and run again. */
    @Test
    void nightsKilledInsideASequenceKeepEveryInvariant(@TempDir Path work) {
        Soak soak = new Soak(spark(), work, KEY, childCommand(), System.out);
        List<NightModel.Night> drawn = new NightModel(21, 0, false).nights(2);
        List<NightModel.Night> nights = List.of(new NightModel.Night(drawn.get(0).steps(), NightModel.KillPoint.PUBLISH),
                new NightModel.Night(drawn.get(1).steps(), NightModel.KillPoint.TABLES));
        assertTrue(nights.stream().allMatch(n -> !n.steps().isEmpty()), "each night delivers: " + Soak.describe(nights));
        assertHolds(soak, nights);
    }
}
