package vn.haiphong.indicators.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.haiphong.indicators.graph.NodeRecords;
import vn.haiphong.indicators.ingest.InboxScanner;

/**
 * The one definition of a small night: the files new to it (those the ingest did not list when it last ran, as the
 * graph records it: {@link NodeRecords.Ingest#inbox}; the whole inbox when there is no record) come to less than {@code pipeline.interpret_below_mib}
 * (0: no night is small). A small night is read with the client compiler alone (chosen before its JVM starts:
 * {@code cli.JitChoice}) and with interpreted expressions ({@link ExpressionMode}); both are measured the same way,
 * from the same listing and the same record, so that they never disagree about a night. A lake's history does not make a
 * night large: only what is new in it.
 */
public final class SmallNight {
    private SmallNight() { }

    /** Whether {@code newBytes} of new files make a small night, below {@code belowBytes} (0: never). */
    public static boolean isSmall(long newBytes, long belowBytes) {
        return belowBytes > 0 && newBytes < belowBytes;
    }

    /** The bytes of the inbox's files not {@code seen} (a new, corrected or touched file: their keys). */
    static long newBytes(List<InboxScanner.InboxFile> files, List<String> seen) {
        Set<String> known = new HashSet<>(seen);
        return files.stream().filter(f -> !known.contains(f.key())).mapToLong(InboxScanner.InboxFile::bytes).sum();
    }

    /**
     * The new bytes of a night of a local {@code inbox} on a local {@code lake}, measured with the JDK's own file API:
     * what the launcher asks before the night's JVM starts (in half a second; Hadoop's file systems and the contract's
     * columns with their Spark types would triple it). The night itself measures the same from the listing it takes.
     */
    public static long newBytes(java.nio.file.Path inbox, java.nio.file.Path lake) {
        NodeRecords.Ingest seen = NodeRecords.read(lake).ingest();
        return newBytes(InboxScanner.localListing(inbox, InboxScanner.contractFolders()), seen == null ? List.of() : seen.inbox());
    }
}
