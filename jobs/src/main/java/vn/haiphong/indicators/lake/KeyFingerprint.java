package vn.haiphong.indicators.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * The lake remembers which pseudonym key built it: on first use it records a fingerprint of the key,
 * {@code _city_indicators/pseudonym_key.json}, and every later night with another key is refused before
 * anything is read (the same person under two keys would be counted twice). The fingerprint is PBKDF2 with a
 * random salt and many iterations: it tells keys apart and reveals nothing of the key, not even to a search
 * over short or common keys at any useful speed.
 */
public final class KeyFingerprint {
    private KeyFingerprint() { }

    static final String FILE = "_city_indicators/pseudonym_key.json";
    static final int ITERATIONS = 120_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Records the key's fingerprint on a lake that has none; refuses another key.
     *
     * @throws IllegalStateException when the lake was built with another key (the message names neither key)
     */
    public static void check(String lakeBase, Configuration conf, Pseudonymizer key, String envName) {
        Path path = new Path(lakeBase + "/" + FILE);
        try {
            FileSystem fs = path.getFileSystem(conf);
            JsonNode recorded = read(fs, path);
            if (recorded == null) {
                byte[] salt = new byte[16];
                new SecureRandom().nextBytes(salt);
                String json = JSON.createObjectNode().put("algorithm", "PBKDF2WithHmacSHA256").put("iterations", ITERATIONS)
                        .put("salt", HexFormat.of().formatHex(salt)).put("fingerprint", key.fingerprint(salt, ITERATIONS))
                        .put("recorded", Instant.now().toString()).toString();
                try (OutputStream out = fs.create(path, false)) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                    check(lakeBase, conf, key, envName); // recorded meanwhile by another process: compare with it
                }
                return;
            }
            byte[] salt = HexFormat.of().parseHex(recorded.path("salt").asText());
            String expected = recorded.path("fingerprint").asText();
            String actual = key.fingerprint(salt, recorded.path("iterations").asInt(ITERATIONS));
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII))) {
                throw new IllegalStateException("the pseudonym key (" + envName + ") is not the key lake " + lakeBase
                        + " was built with (its fingerprint was recorded " + recorded.path("recorded").asText("?")
                        + " in " + FILE + "). Pseudonyms made with another key would count the same person twice. "
                        + "Set the lake's own key, or start a new lake; nothing was read or written.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or record the key fingerprint of lake " + lakeBase + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return JSON.readTree(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
