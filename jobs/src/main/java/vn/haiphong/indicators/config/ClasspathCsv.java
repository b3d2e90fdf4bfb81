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

    /**
     * A built-in data file with, optionally, a site file on top (the criteria catalog, the delivery calendar): both
     * texts, the site file's path for messages, and the SHA-256 of both, on which what is built from them depends.
     */
    public record Layered(String builtIn, String site, String sitePath, String fingerprint) { }

    /**
     * @param sitePath the site file, or none when null or blank
     * @param siteWhat    how a message names the site file when it cannot be read ("the site catalog")
     * @param siteSetting the environment variable that names it, for that message
     */
    public static Layered layered(String resource, String sitePath, String siteWhat, String siteSetting) {
        byte[] builtIn;
        try (InputStream in = ClasspathCsv.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " missing from classpath");
            builtIn = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(builtIn);
        String site = null;
        boolean hasSite = sitePath != null && !sitePath.isBlank();
        if (hasSite) {
            byte[] bytes;
            try {
                bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(sitePath));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + siteWhat + " " + sitePath + " (" + siteSetting + "): " + e.getMessage(), e);
            }
            digest.update(bytes);
            site = new String(bytes, StandardCharsets.UTF_8);
        }
        return new Layered(new String(builtIn, StandardCharsets.UTF_8), site, hasSite ? sitePath : null,
                java.util.HexFormat.of().formatHex(digest.digest()));
    }
}
