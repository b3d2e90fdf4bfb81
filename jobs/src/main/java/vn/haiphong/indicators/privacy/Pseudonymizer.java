package vn.haiphong.indicators.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA-256, truncated to 128 bits, hex) of personal identifiers. The same identifier always gives the same
 * pseudonym under one key, so people can be counted and linked across months, but the identifier
 * cannot be recovered or guessed without the key. One instance per task: {@link Mac} is not
 * thread-safe, so the Mac is created lazily on each executor.
 */
public final class Pseudonymizer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * The first 128 bits of the HMAC (32 hex characters), the truncation RFC 2104 allows (at least half
     * the output): collisions among millions of people are practically impossible (~1e-26), and keys
     * half as long make the lake smaller and the per-person grouping faster.
     */
    static final int BYTES_KEPT = 16;
    private final byte[] key;
    private transient Mac mac;
    /** Fingerprints computed, by salt and iterations: a lake's is checked every night, and PBKDF2 is slow by design. */
    private transient java.util.Map<String, String> fingerprints;

    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("pseudonym key must be at least 16 bytes");
        }
        this.key = key.clone();
    }

    public String pseudonym(String identifier) {
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }
        byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[BYTES_KEPT * 2];
        for (int i = 0; i < BYTES_KEPT; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * A fingerprint of the key that tells keys apart and reveals nothing of it: PBKDF2-HMAC-SHA-256 of the key
     * with a random salt and many iterations (hex, 256 bits).
     */
    public synchronized String fingerprint(byte[] salt, int iterations) {
        if (fingerprints == null) fingerprints = new java.util.HashMap<>();
        return fingerprints.computeIfAbsent(java.util.HexFormat.of().formatHex(salt) + "/" + iterations, k -> derive(salt, iterations));
    }

    private String derive(byte[] salt, int iterations) {
        try {
            // PBEKeySpec takes characters: the key bytes as ISO-8859-1 keep every byte value distinct
            javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(
                    new String(key, StandardCharsets.ISO_8859_1).toCharArray(), salt, iterations, 256);
            return java.util.HexFormat.of().formatHex(javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
