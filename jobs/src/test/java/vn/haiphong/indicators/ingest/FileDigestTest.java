package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksum read's count of lines, against Java's own reading of the same text. */
class FileDigestTest {
    @TempDir Path dir;

    FileDigest digest(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        FileDigest d = FileDigest.read(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(p.toString()));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))), d.checksum(), name);
        return d;
    }

    @Test
    void linesEndAsSparksReaderEndsThemAndBlankLinesAreNotData() throws Exception {
        FileDigest d = digest("a.csv", "h,h\n1,a\r\n\n  \r2,b\r\u3000\u2003\n\u00A0\n3,c");
        // lines: header, "1,a", "", "  ", "2,b", ideographic and em space (blank), no-break space (not white to Java), "3,c"
        assertEquals(8, d.lines());
        assertEquals(4, d.dataLines(), "1,a  2,b  no-break space  3,c");
        assertEquals(false, d.endsWithLineBreak());
        assertEquals(true, digest("b.csv", "h\r\n1\r\n").endsWithLineBreak());
        assertEquals(2, digest("b2.csv", "h\r\n1\r\n").lines());
        assertEquals(0, digest("c.csv", "").lines());
        assertEquals(true, digest("c.csv", "").endsWithLineBreak());
        assertEquals(1, digest("e.csv", "h\r\n\r\n\r\n").dataLines() + 1, "blank lines only after the header");
    }

    @Test
    void linesBeforeAnyPositionAcrossGranules() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 3 * FileDigest.GRANULE; i++) {
            text.append("dòng ").append(i).append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
        }
        FileDigest d = digest("big.csv", text.toString());
        byte[] bytes = Files.readAllBytes(dir.resolve("big.csv"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve("big.csv").toString());
        // the line starts at or before each position, counted byte by byte
        long starts = 1;
        for (int p = 1; p < bytes.length; p++) {
            boolean terminatorEndsHere = bytes[p - 1] == '\n' || (bytes[p - 1] == '\r' && bytes[p] != '\n');
            if (terminatorEndsHere) starts++;
            if (p % 977 == 0 || Math.abs(p % FileDigest.GRANULE) <= 2 || Math.abs(p % FileDigest.GRANULE - FileDigest.GRANULE) <= 2) {
                assertEquals(starts, d.linesBefore(fs, path, p), "position " + p);
            }
        }
        assertEquals(starts, d.lines());
    }

    @Test
    void pickReturnsTheLinesAsSparksReaderReadsThem() throws Exception {
        String text = "h,h\n1,ạ\r\n\n  \r2,b\r\u3000\n3,c";
        digest("p.csv", text);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve("p.csv").toString());
        var picked = FileDigest.pick(fs, path, java.util.List.of(7L, 2L, 5L, 1L, 9L));
        java.util.Map<Long, String> asText = new java.util.TreeMap<>();
        picked.forEach((line, bytes) -> asText.put(line, new String(bytes, StandardCharsets.UTF_8)));
        assertEquals(java.util.Map.of(1L, "h,h", 2L, "1,ạ", 5L, "2,b", 7L, "3,c"), asText, "line 9 does not exist");
    }
}
