package vn.haiphong.indicators.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads the project's data files (schemas/, conf/) from the classpath, where the jar carries them. */
public final class ClasspathCsv {
    private ClasspathCsv() { }

    /** Records of a CSV resource with a header line, e.g. {@code /schemas/extract_kinds.csv}. */
    public static List<CSVRecord> records(String resource) {
        try (InputStream in = ClasspathCsv.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing from classpath: " + resource);
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** SHA-256 of a classpath resource: a table built from it is rebuilt when it changes. */
    public static String fingerprint(String resource) {
        try (java.io.InputStream in = ClasspathCsv.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from classpath");
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
