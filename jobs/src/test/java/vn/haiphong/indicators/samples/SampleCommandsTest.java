package vn.haiphong.indicators.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.haiphong.indicators.cli.Main;

class SampleCommandsTest {
    static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        return cl.execute(args) + "\n" + out;
    }

    @Test
    void theFixturesToolsAreHereAndNotInTheProductsCommandLine() {
        String help = run(SampleCommands.commandLine(), "--help");
        assertTrue(help.startsWith("0\n") && help.contains("generate") && help.contains("soak"), help);
        String product = run(Main.commandLine(), "generate", "--out", "x");
        assertFalse(product.startsWith("0\n"), product);
        assertTrue(product.contains("Unmatched argument"), product);
    }

    @Test
    void generateWritesTheSamplesAsTheGeneratorDoes(@TempDir Path tmp) throws Exception {
        String out = run(SampleCommands.commandLine(), "generate", "--out", tmp.toString());
        assertTrue(out.startsWith("0\n"), out);
        List<Path> committed = SampleGeneratorTest.list(SampleGeneratorTest.SAMPLES);
        assertEquals(committed, SampleGeneratorTest.list(tmp), out);
        for (Path f : committed) assertEquals(Files.readString(SampleGeneratorTest.SAMPLES.resolve(f)), Files.readString(tmp.resolve(f)), f.toString());
    }
}
