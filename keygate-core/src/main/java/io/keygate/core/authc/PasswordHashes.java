package io.keygate.core.authc;

import io.keygate.core.error.EsException;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The password hashes a client may hand over as {@code password_hash} (put user, change password), as
 * Elasticsearch's {@code Hasher} accepts them for stored passwords: bcrypt at costs 4 to 14 and PBKDF2
 * with HMAC-SHA512 ({@code {PBKDF2}} and {@code {PBKDF2_STRETCH}}, the latter over the SHA-512 hex of the
 * password) at its listed iteration counts. Anything else (a clear-text value above all) is refused with
 * Elasticsearch's message, so a user is never stored with a password nobody can present.
 */
public final class PasswordHashes {
    private PasswordHashes() {}

    static final String PBKDF2 = "{PBKDF2}";
    static final String PBKDF2_STRETCH = "{PBKDF2_STRETCH}";
    private static final Set<Integer> PBKDF2_ITERATIONS = Set.of(1_000, 10_000, 50_000, 100_000, 500_000, 1_000_000);
    private static final int BCRYPT_MIN_COST = 4;
    private static final int BCRYPT_MAX_COST = 14;
    private static final int HMAC_SHA512_BLOCK_BITS = 128;
    private static final int PBKDF2_MIN_SALT_BYTES = 8;

    /** Elasticsearch's names for the stored-password algorithms, in its order. */
    public static final List<String> ALGORITHMS = algorithms();

    public static final String NOT_A_HASH = "The provided password hash is not a hash or it could not be resolved to a supported "
            + "hash algorithm. The supported password hash algorithms are [" + String.join(", ", ALGORITHMS) + "]";

    /** Refuses a {@code password_hash} Elasticsearch would refuse: Elasticsearch's 400 {@code illegal_argument_exception}. */
    public static void requireSupported(String hash) {
        if (!isSupported(hash)) throw EsException.illegalArgument(NOT_A_HASH);
    }

    /** True when the value is a bcrypt or PBKDF2 hash in a form and cost Elasticsearch accepts for stored passwords. */
    public static boolean isSupported(String hash) {
        if (hash == null) return false;
        if (isBcrypt(hash)) {
            Integer cost = number(hash.substring(4, hash.length() - 54)); // $2a$NN$ + 53 characters of salt and hash
            return cost != null && cost >= BCRYPT_MIN_COST && cost <= BCRYPT_MAX_COST && hash.length() == 60;
        }
        String prefix = hash.startsWith(PBKDF2_STRETCH) ? PBKDF2_STRETCH : hash.startsWith(PBKDF2) ? PBKDF2 : null;
        if (prefix == null) return false;
        Pbkdf2 parsed = Pbkdf2.parse(hash, prefix);
        return parsed != null && PBKDF2_ITERATIONS.contains(parsed.iterations);
    }

    static boolean isBcrypt(String hash) {
        return hash.length() > 54 && hash.charAt(0) == '$' && hash.charAt(1) == '2' && hash.charAt(3) == '$'
                && "aby".indexOf(hash.charAt(2)) >= 0;
    }

    /** Verifies a password against a {@code {PBKDF2}} or {@code {PBKDF2_STRETCH}} hash; a malformed hash never matches. */
    static boolean verifyPbkdf2(char[] secret, String stored) {
        boolean stretch = stored.startsWith(PBKDF2_STRETCH);
        Pbkdf2 parsed = Pbkdf2.parse(stored, stretch ? PBKDF2_STRETCH : PBKDF2);
        if (parsed == null) return false;
        char[] input = stretch ? sha512Hex(secret) : secret;
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
            byte[] computed = factory.generateSecret(new PBEKeySpec(input, parsed.salt, parsed.iterations, parsed.keyBits)).getEncoded();
            return MessageDigest.isEqual(computed, parsed.hash);
        } catch (GeneralSecurityException e) {
            return false;
        } finally {
            if (stretch) java.util.Arrays.fill(input, '\0');
        }
    }

    /** {@code <prefix><iterations>$<salt base64>$<hash base64>}, key length from the hash's length, as Elasticsearch reads it. */
    private record Pbkdf2(int iterations, byte[] salt, byte[] hash, int keyBits) {
        static Pbkdf2 parse(String value, String prefix) {
            String[] parts = value.substring(prefix.length()).split("\\$", -1);
            if (parts.length != 3) return null;
            Integer iterations = number(parts[0]);
            if (iterations == null || iterations <= 0) return null;
            try {
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] hash = Base64.getDecoder().decode(parts[2]);
                int keyBits = parts[2].length() * 3 / 64 * 128;
                if (salt.length < PBKDF2_MIN_SALT_BYTES || keyBits <= 0 || keyBits % HMAC_SHA512_BLOCK_BITS != 0
                        || hash.length * 8 != keyBits) {
                    return null;
                }
                return new Pbkdf2(iterations, salt, hash, keyBits);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static char[] sha512Hex(char[] secret) {
        try {
            byte[] bytes = new String(secret).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes)).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    }

    private static Integer number(String s) {
        if (s.isEmpty() || s.length() > 9) return null;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return null;
        }
        return Integer.parseInt(s);
    }

    private static List<String> algorithms() {
        List<String> out = new ArrayList<>();
        out.add("bcrypt");
        for (int cost = BCRYPT_MIN_COST; cost <= BCRYPT_MAX_COST; cost++) out.add("bcrypt" + cost);
        for (String base : List.of("pbkdf2", "pbkdf2_stretch")) {
            out.add(base);
            for (int n : List.of(1_000, 10_000, 50_000, 100_000, 500_000, 1_000_000)) out.add(base + "_" + n);
        }
        return List.copyOf(out);
    }
}
