package vn.haiphong.indicators.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the inbox (local or {@code s3a://}) as laid out in the extracts contract: one folder per
 * source, CSV files inside. Reads each file once for its SHA-256 and its lines ({@link FileDigest}), except when a file
 * with the same name, size and modification time was already checksummed in an earlier run (and is then known).
 */
public final class InboxScanner {

    /**
     * A file found in the inbox; {@code delivery} is null when its name follows no contract, or when it is
     * shaped like one but cannot be a delivery ({@code problem} says why, naming the file); {@code digest} is null when
     * the checksum was known and the file not read.
     */
    public record Found(String path, String folder, String fileName, long size, long modifiedAt, String checksum,
                        Delivery delivery, String problem, FileDigest digest) { }

    /** Checksums already known from ops_file_ingestion, keyed by folder, name, size and modification time. */
    public interface KnownChecksums {
        String lookup(String folder, String fileName, long size, long modifiedAt);
    }

    private final Configuration hadoopConf;

    public InboxScanner(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    public List<Found> scan(String inbox, Collection<ExtractSpec> specs, KnownChecksums known, java.time.LocalDate today) {
        List<Found> found = new ArrayList<>();
        try {
            FileSystem fs = new Path(inbox).getFileSystem(hadoopConf);
            for (Listed l : list(fs, inbox, specs)) {
                FileStatus f = l.status();
                String checksum = known.lookup(l.folder(), l.fileName(), f.getLen(), f.getModificationTime());
                FileDigest digest = checksum == null ? FileDigest.read(fs, f.getPath()) : null;
                if (digest != null) checksum = digest.checksum();
                Delivery.Recognition r = Delivery.recognise(f.getPath().toString(), l.folder(), l.fileName(), f.getLen(), checksum,
                        specs, today);
                found.add(new Found(f.getPath().toString(), l.folder(), l.fileName(), f.getLen(), f.getModificationTime(), checksum,
                        r.delivery(), r.problem(), digest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list inbox " + inbox, e);
        }
        return found;
    }

    /** A file of the inbox as a listing sees it. */
    public record InboxFile(String folder, String name, long bytes, long modified) {
        /** {@code folder/name|size|modified}: the same key means the same file, as far as a listing can tell. */
        public String key() { return folder + "/" + name + "|" + bytes + "|" + modified; }
    }

    /**
     * What the inbox holds, without reading any file, in the order {@link #scan} looks at it. The same listing means
     * the same files, as far as a night can tell without checksumming them (which is also how {@link #scan} decides
     * to reuse a known checksum).
     */
    public List<InboxFile> listing(String inbox, Collection<ExtractSpec> specs) {
        try {
            FileSystem fs = new Path(inbox).getFileSystem(hadoopConf);
            return list(fs, inbox, specs).stream().map(l -> new InboxFile(l.folder(), l.fileName(), l.status().getLen(),
                    l.status().getModificationTime())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list inbox " + inbox, e);
        }
    }

    /**
     * The contract's folders, in the order of {@code schemas/extract_kinds.csv}, read without the kinds' columns (whose
     * Spark types would take the launcher half a second to load).
     */
    public static List<String> contractFolders() {
        List<String> out = new ArrayList<>();
        for (org.apache.commons.csv.CSVRecord r : vn.haiphong.indicators.config.ClasspathCsv.records("/schemas/extract_kinds.csv")) {
            String folder = r.get("folder").trim();
            if (!out.contains(folder)) out.add(folder);
        }
        return out;
    }

    /**
     * The same listing as {@link #listing} for an inbox on the local disk, with the JDK's own file API: for the launcher,
     * which asks before the night's JVM starts and must not pay for starting Hadoop's file systems. The same folders,
     * files, order and keys (a test holds the two to it).
     */
    public static List<InboxFile> localListing(java.nio.file.Path inbox, Collection<String> folders) {
        List<InboxFile> out = new ArrayList<>();
        for (String folder : folders.stream().distinct().toList()) {
            java.nio.file.Path dir = inbox.resolve(folder);
            if (!java.nio.file.Files.isDirectory(dir)) continue;
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                    String name = f.getFileName().toString();
                    if (!java.nio.file.Files.isRegularFile(f) || name.startsWith(".") || name.startsWith("_")) continue;
                    out.add(new InboxFile(folder, name, java.nio.file.Files.size(f), java.nio.file.Files.getLastModifiedTime(f).toMillis()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list inbox folder " + dir, e);
            }
        }
        return out;
    }

    private record Listed(String folder, String fileName, FileStatus status) { }

    /** The contract's folders' files, by folder and then name; hidden files ({@code .x}, {@code _x}) left out. */
    private static List<Listed> list(FileSystem fs, String inbox, Collection<ExtractSpec> specs) throws IOException {
        Path root = new Path(inbox);
        if (!fs.exists(root)) throw new IllegalArgumentException("inbox " + inbox + " does not exist");
        List<Listed> out = new ArrayList<>();
        for (String folder : specs.stream().map(ExtractSpec::folder).distinct().toList()) {
            Path dir = new Path(root, folder);
            if (!fs.exists(dir)) continue;
            FileStatus[] files = fs.listStatus(dir);
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            for (FileStatus f : files) {
                String name = f.getPath().getName();
                if (!f.isFile() || name.startsWith(".") || name.startsWith("_")) continue;
                out.add(new Listed(folder, name, f));
            }
        }
        return out;
    }
}
