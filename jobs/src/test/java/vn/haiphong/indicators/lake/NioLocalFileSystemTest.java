package vn.haiphong.indicators.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.config.PipelineConfig;

/** The local file system without shell-outs: wired in, no process started, and the same results as Hadoop's own. */
class NioLocalFileSystemTest extends SparkTestBase {
    @TempDir Path dir;

    @Test
    void theSessionAndTheDefaultConfigurationUseIt() throws Exception {
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        assertInstanceOf(NioLocalFileSystem.class, new org.apache.hadoop.fs.Path(dir.toUri()).getFileSystem(conf), "FileSystem for file:");
        assertInstanceOf(NioLocalFileSystem.Fs.class, FileContext.getFileContext(URI.create("file:///"), conf).getDefaultFileSystem(),
                "FileContext for file: (Delta's log store)");
        Map<String, String> cli = PipelineConfig.load(Map.of(), null, null).sparkSettings();
        assertEquals(NioLocalFileSystem.class.getName(), cli.get("spark.hadoop.fs.file.impl"), "conf/pipeline.properties");
        assertEquals(NioLocalFileSystem.Fs.class.getName(), cli.get("spark.hadoop.fs.AbstractFileSystem.file.impl"), "conf/pipeline.properties");
    }

    @Test
    void aDeltaWriteAndCommitStartNoProcess() throws Exception {
        Lake lake = new Lake(spark(), dir.resolve("lake").toString());
        List<String> commands = new ArrayList<>();
        Path jfr = dir.resolve("processes.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart").withStackTrace();
            recording.start();
            lake.write("t", () -> spark().range(10).selectExpr("id", "cast(id % 3 as string) as part"), Commit.overwrite("first"));
            lake.write("t", () -> spark().range(4).selectExpr("id", "'0' as part"), Commit.replaceWhere("part = '0'", "second"));
            recording.stop();
            recording.dump(jfr);
        }
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) commands.add(e.getString("command"));
        assertEquals(List.of(), commands.stream().filter(c -> c.startsWith("chmod") || c.startsWith("readlink")).toList(),
                "processes started by two Delta commits");
        assertEquals(1, lake.state("t").version(), "both commits landed");
        assertEquals(10 - 4 + 4, lake.read("t").count());
    }

    @Test
    void permissionsAndLinkStatusAreHadoopsOwn() throws Exception {
        Configuration conf = new Configuration(false);
        RawLocalFileSystem hadoop = new RawLocalFileSystem();
        hadoop.initialize(URI.create("file:///"), conf);
        NioLocalFileSystem.Raw ours = new NioLocalFileSystem.Raw();
        ours.initialize(URI.create("file:///"), conf);
        for (String octal : List.of("640", "755", "600", "750")) {
            FsPermission p = new FsPermission(Short.parseShort(octal, 8));
            String h = created(hadoop, "hadoop-" + octal, p), o = created(ours, "ours-" + octal, p);
            assertEquals(h, o, "file and folder created with " + octal);
        }

        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(Files.writeString(dir.resolve("plain.txt"), "x").toUri());
        assertSameStatus("a plain file", hadoop.getFileLinkStatus(file), ours.getFileLinkStatus(file));
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
        assertSameStatus("a folder", hadoop.getFileLinkStatus(folder), ours.getFileLinkStatus(folder));
        org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(dir.resolve("missing").toUri());
        assertThrows(FileNotFoundException.class, () -> hadoop.getFileLinkStatus(missing));
        assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(missing), "a missing file, as Hadoop reports it");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("plain.txt"));
        FileStatus viaLink = ours.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString()));
        assertTrue(viaLink.isSymlink(), "a symbolic link is still reported as one");
        assertEquals(hadoop.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString())).getSymlink(), viaLink.getSymlink());
    }

    /** Permission bits of a file and a folder created through {@code fs} with {@code p}, as the disk holds them. */
    private String created(RawLocalFileSystem fs, String name, FsPermission p) throws Exception {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
        assertTrue(fs.mkdirs(folder));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder, "f");
        fs.create(file, p, false, 4096, (short) 1, 1 << 20, null).close();
        fs.setPermission(folder, p);
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(folder.toUri())))
                + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file.toUri())));
    }

    private static void assertSameStatus(String what, FileStatus hadoop, FileStatus ours) {
        assertEquals(hadoop.getPath(), ours.getPath(), what + ": path");
        assertEquals(hadoop.isDirectory(), ours.isDirectory(), what + ": directory");
        assertEquals(hadoop.getLen(), ours.getLen(), what + ": length");
        assertEquals(hadoop.getPermission(), ours.getPermission(), what + ": permission");
        assertFalse(ours.isSymlink(), what + ": not a link");
    }
}
