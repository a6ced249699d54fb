package io.keygate.core.authc;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Credential hashes as Elasticsearch stores them: {@code bcrypt} for passwords (slow on purpose) and
 * salted SHA-256 ({@code ssha256}) for API key secrets, which carry 128 random bits so a work factor
 * adds nothing. The stored hash names its algorithm, so verification picks the right one. Every
 * comparison is constant-time.
 */
public enum Hasher {
    BCRYPT {
        @Override
        public String hash(char[] secret) {
            return new String(BCrypt.withDefaults().hashToChar(COST, secret));
        }

        @Override
        boolean matches(char[] secret, String stored) {
            // favre's verifier compares in constant time
            return BCrypt.verifyer().verify(secret, stored.toCharArray()).verified;
        }
    },
    SSHA256 {
        @Override
        public String hash(char[] secret) {
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            return PREFIX_SSHA256 + Base64.getEncoder().encodeToString(concat(salt, sha256(salt, secret)));
        }

        @Override
        boolean matches(char[] secret, String stored) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(stored.substring(PREFIX_SSHA256.length()));
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (decoded.length != SALT_BYTES + 32) return false;
            byte[] salt = Arrays.copyOf(decoded, SALT_BYTES);
            byte[] expected = Arrays.copyOfRange(decoded, SALT_BYTES, decoded.length);
            return MessageDigest.isEqual(expected, sha256(salt, secret));
        }
    };

    private static final int COST = 10;
    private static final int SALT_BYTES = 16;
    private static final String PREFIX_SSHA256 = "{SSHA256}";
    private static final SecureRandom RANDOM = new SecureRandom();

    public abstract String hash(char[] secret);

    abstract boolean matches(char[] secret, String stored);

    /** Verifies {@code secret} against a stored hash of any supported algorithm; unknown formats never match. */
    public static boolean verify(char[] secret, String stored) {
        if (stored == null) return false;
        if (stored.startsWith(PREFIX_SSHA256)) return SSHA256.matches(secret, stored);
        if (stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$")) {
            return BCRYPT.matches(secret, stored);
        }
        // a password_hash a client handed over in Elasticsearch's PBKDF2 formats (see PasswordHashes)
        if (stored.startsWith(PasswordHashes.PBKDF2) || stored.startsWith(PasswordHashes.PBKDF2_STRETCH)) {
            return PasswordHashes.verifyPbkdf2(secret, stored);
        }
        return false;
    }

    static byte[] sha256(byte[] salt, char[] secret) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        try {
            return Sha256.of(salt, bytes);
        } finally {
            if (bytes.hasArray()) Arrays.fill(bytes.array(), (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
