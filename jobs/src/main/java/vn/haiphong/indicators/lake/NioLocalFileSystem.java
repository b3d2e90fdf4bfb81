package vn.haiphong.indicators.lake;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with its two shell-outs done by Java's own file API instead.
 *
 * <p>Without Hadoop's native library (which no Maven artifact ships), {@link RawLocalFileSystem} starts a
 * {@code chmod} process for every file and folder it creates, and a {@code readlink} process for every
 * {@code getFileLinkStatus}, which Delta's log store calls on each commit's rename. A sample night started about
 * 1,200 such processes (JFR, {@code jdk.ProcessStart}), each 2-3 ms on the path of the write or commit that asked.
 * Behaviour is unchanged: the same permission bits, and a symbolic link still goes through Hadoop's own code.
 *
 * <p>Configured for the lake and the inbox in {@code conf/pipeline.properties} ({@code spark.hadoop.fs.file.impl}
 * for {@code FileSystem}, {@code spark.hadoop.fs.AbstractFileSystem.file.impl} for {@code FileContext}, which
 * Delta's log store uses).
 */
public class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) file system underneath, as {@link RawLocalFileSystem} with no process started. */
    public static class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Set<PosixFilePermission> posix = posix(permission);
            if (posix == null) {
                super.setPermission(p, permission); // sticky bit and the like: Java cannot set them
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            // Not a link (or not there, which getFileStatus reports as Hadoop's does): the file's own status.
            if (!Files.isSymbolicLink(pathToFile(f).toPath())) return getFileStatus(f);
            return super.getFileLinkStatus(f);
        }
    }

    /** {@code FileContext}'s view of the same file system, with checksums, as Hadoop's {@code LocalFs}. */
    public static class Fs extends ChecksumFs {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(uri, conf));
        }
    }

    /** As Hadoop's {@code RawLocalFs}, over {@link Raw}. */
    static class RawFs extends DelegateToFileSystem {
        RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, "file", false);
        }

        @Override public int getUriDefaultPort() { return -1; }

        @Override public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override @SuppressWarnings("deprecation") public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override public boolean isValidName(String src) { return true; }
    }

    /** The permission as Java's POSIX set, or null when it has bits beyond read/write/execute. */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        if (permission.getStickyBit()) return null;
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        add(out, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        add(out, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        add(out, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        return out;
    }

    private static void add(Set<PosixFilePermission> out, FsAction action, PosixFilePermission read,
                            PosixFilePermission write, PosixFilePermission execute) {
        if (action.implies(FsAction.READ)) out.add(read);
        if (action.implies(FsAction.WRITE)) out.add(write);
        if (action.implies(FsAction.EXECUTE)) out.add(execute);
    }
}
