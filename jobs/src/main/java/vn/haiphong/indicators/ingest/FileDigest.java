package vn.haiphong.indicators.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the one read of a delivered file that computes its SHA-256 also learns of its lines, so that no other pass
 * has to count them: how many lines Spark's text source will make of it, how many of those are data (non-blank, after
 * the header: the file's "rows read"), whether its last line ends, and where lines start, every {@link #GRANULE}
 * bytes, for numbering the lines of a split that starts mid-file ({@link #linesBefore}).
 *
 * <p>Lines end as Spark's (Hadoop's) text reader ends them: at {@code \n}, {@code \r\n} or a lone {@code \r}. A line is
 * blank when it holds only the white space {@link NumberedLines#WHITESPACE} lists (what Java's {@code isBlank} skips).
 */
public record FileDigest(String checksum, long size, long lines, long dataLines, boolean endsWithLineBreak,
                         long[] lineStartsUpTo) {
    /** Bytes between the positions whose line count is kept: a split's count is finished by reading at most this much. */
    static final int GRANULE = 1 << 18;

    /** Reads the file once. */
    public static FileDigest read(FileSystem fs, Path path) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Counter c = new Counter();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = fs.open(path)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                c.accept(buf, n);
            }
        }
        c.finish();
        return new FileDigest(HexFormat.of().formatHex(md.digest()), c.position, c.lines, Math.max(0, c.nonBlank - 1),
                c.position == 0 || c.previous == '\n' || c.previous == '\r', Arrays.copyOf(c.checkpoints, c.checkpointCount));
    }

    /**
     * How many lines start at or before byte {@code position} (0 for position 0): a text split starting there (not at 0)
     * begins with the line after those, since the split before it reads the line that starts exactly at its end. Reads
     * at most {@link #GRANULE} bytes of the file from the last kept position.
     */
    public long linesBefore(FileSystem fs, Path path, long position) throws IOException {
        if (position <= 0) return 0;
        int k = (int) Math.min(position / GRANULE, lineStartsUpTo.length - 1L);
        long from = (long) k * GRANULE;
        long terminators = lineStartsUpTo[k] - 1; // line starts at or before `from`, less the one at 0
        // the terminators ending at or before `position`: those at bytes [from, position), a lone \r at position - 1
        // told apart from a \r\n by the byte at `position`
        int length = (int) (position - from + 1);
        byte[] bytes = new byte[length];
        try (FSDataInputStream in = fs.open(path)) {
            in.seek(from);
            int read = 0;
            while (read < length) {
                int n = in.read(bytes, read, length - read);
                if (n < 0) break;
                read += n;
            }
            length = read;
        }
        for (int i = 0; i < position - from && i < length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= length || bytes[i + 1] != '\n'))) terminators++;
        }
        return terminators + 1;
    }

    /**
     * The bytes of some lines of a file, by line number (1 is the first; lines end as Spark's reader ends them), without
     * their line endings: one sequential read up to the last line wanted, which costs far less than Spark reading the
     * file again (the quarantine parses a file's bad lines alone, picked this way).
     */
    public static Map<Long, byte[]> pick(FileSystem fs, Path path, java.util.Collection<Long> lineNumbers) throws IOException {
        long[] wanted = lineNumbers.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        Map<Long, byte[]> out = new HashMap<>();
        if (wanted.length == 0) return out;
        int next = 0; // the next wanted line's index in `wanted`
        long line = 1;
        boolean afterCR = false;
        ByteArrayOutputStream current = wanted[0] == 1 ? new ByteArrayOutputStream() : null;
        if (current != null) next++;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = fs.open(path)) {
            int n;
            reading:
            while ((n = in.read(buf)) > 0) {
                int i = 0;
                while (i < n) {
                    byte b = buf[i];
                    if (afterCR) {
                        afterCR = false;
                        if (b == '\n') { // the \n of a \r\n: the same line ending
                            i++;
                            continue;
                        }
                    }
                    if (b == '\n' || b == '\r') {
                        if (current != null) out.put(line, current.toByteArray());
                        current = null;
                        line++;
                        if (next == wanted.length) break reading;
                        if (wanted[next] == line) {
                            current = new ByteArrayOutputStream();
                            next++;
                        }
                        afterCR = b == '\r';
                        i++;
                    } else {
                        int j = i;
                        while (j < n && buf[j] != '\n' && buf[j] != '\r') j++;
                        if (current != null) current.write(buf, i, j - i);
                        i = j;
                    }
                }
            }
        }
        if (current != null && current.size() > 0) out.put(line, current.toByteArray()); // a last line without its ending
        return out;
    }

    /** A streaming count of lines, blank lines and line starts at each granule. */
    private static final class Counter {
        long position;
        long lines;
        long nonBlank;
        int previous = -1;
        boolean lineOpen;   // a line has started and not ended
        boolean blank;      // the open line is white space so far
        int pending;        // bytes still to come of a multi-byte character read while the line is blank so far
        int codePoint;
        long terminatorsBefore; // terminators ending at or before `position`, except a \r whose next byte is unknown
        long[] checkpoints = new long[16];
        int checkpointCount;

        void accept(byte[] buf, int n) {
            int i = 0;
            while (i < n) {
                long intoGranule = position % GRANULE;
                if (intoGranule == 0) checkpoint(buf[i] & 0xff);
                int stop = (int) Math.min(n, i + (GRANULE - intoGranule));
                int start = i;
                for (; i < stop; i++) {
                    int b = buf[i] & 0xff;
                    // the common byte: inside a line already known not to be blank (no line ending can follow a \r
                    // unseen: a \r closes the line)
                    if (b > '\r' && lineOpen && !blank) continue;
                    slow(b);
                }
                position += stop - start;
                previous = buf[stop - 1] & 0xff;
            }
        }

        /** The line starts at or before {@code position}, kept before the byte {@code b} there is counted. */
        private void checkpoint(int b) {
            // a \r just before this position ends a line here unless this byte is its \n
            long t = terminatorsBefore + (previous == '\r' && b != '\n' ? 1 : 0);
            if (checkpointCount == checkpoints.length) checkpoints = Arrays.copyOf(checkpoints, checkpointCount * 2);
            checkpoints[checkpointCount++] = position == 0 ? 1 : t + 1;
        }

        /** Any other byte: a line ending, a line starting, or a line still blank so far. */
        private void slow(int b) {
            if (previous == '\r' && b != '\n') terminatorsBefore++;
            if (b == '\n') {
                terminatorsBefore++;
                if (previous != '\r') endLine();
            } else if (b == '\r') {
                endLine();
            } else {
                if (!lineOpen) {
                    lineOpen = true;
                    blank = true;
                    pending = 0;
                }
                if (blank) see(b);
            }
            previous = b;
        }

        /** One more byte of a line still blank so far: ASCII at once, other characters once decoded. */
        private void see(int b) {
            if (pending > 0) {
                if ((b & 0xc0) != 0x80) { blank = false; return; } // not UTF-8: Spark reads a replacement character
                codePoint = (codePoint << 6) | (b & 0x3f);
                if (--pending == 0) blank = NumberedLines.WHITESPACE.indexOf(codePoint) >= 0 && codePoint > 0x7f;
                return;
            }
            if (b < 0x80) {
                blank = NumberedLines.WHITESPACE.indexOf(b) >= 0;
            } else if ((b & 0xe0) == 0xc0) {
                codePoint = b & 0x1f; pending = 1;
            } else if ((b & 0xf0) == 0xe0) {
                codePoint = b & 0x0f; pending = 2;
            } else if ((b & 0xf8) == 0xf0) {
                codePoint = b & 0x07; pending = 3;
            } else {
                blank = false;
            }
        }

        /** A terminator: the open line (or an empty one) ends. */
        private void endLine() {
            lines++;
            if (lineOpen && (!blank || pending > 0)) nonBlank++;
            lineOpen = false;
        }

        void finish() {
            if (previous == '\r') terminatorsBefore++;
            if (lineOpen) endLine(); // a last line without its line ending
        }
    }
}
