package vn.haiphong.indicators.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    static String run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int code = cl.execute(args);
        return code + "\n" + out;
    }

    @Test
    void helpExplainsEveryCommand() {
        String help = run("--help");
        assertTrue(help.startsWith("0\n"), help);
        for (String cmd : new String[] {"run", "accept", "export", "publish", "serve", "report", "edition"}) assertTrue(help.contains(cmd), help);
        String run = run("run", "--help");
        assertTrue(run.contains("--inbox") && run.contains("--lake") && run.contains("Running it again") && run.contains("--wait"), run);
        String accept = run("accept", "--help");
        assertTrue(accept.contains("FILE") && accept.contains("held delivery"), accept);
        String export = run("export", "--help");
        assertTrue(export.contains("--out") && export.contains("key order"), export);
    }

    @Test
    void theLauncherAsksWhichJitASmallInboxsNightRunsWith(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("bhyt_the_2026-03.csv"), "a few bytes\n");
        // the run's own arguments, whatever they are, as bin/city-indicators passes them on
        assertEquals("0\n-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m\n",
                run("jvm-options", "run", "--lake", tmp.resolve("lake").toString(), "--inbox", tmp.toString(), "--rebuild"));
        assertEquals("0\n\n", run("jvm-options", "run", "--inbox", "s3a://city-inbox/incoming"),
                "a large night's when it cannot tell");
        assertEquals("0\n\n", run("jvm-options", "--large-night"), "the benchmark's JVM: the JVM's own defaults");
        assertTrue(!run("--help").contains("jvm-options"), "not a command for people");
    }

    @Test
    void exportWithoutOutIsAUsageError() {
        String out = run("export");
        assertEquals("2", out.substring(0, out.indexOf('\n')), out);
        assertTrue(out.contains("Missing required option: '--out=DIR'"), out);
    }
}
