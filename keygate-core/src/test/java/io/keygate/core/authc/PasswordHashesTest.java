package io.keygate.core.authc;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which password_hash values are accepted, and that accepted ones verify the password they were made from. */
class PasswordHashesTest {

    /** Elasticsearch's PBKDF2 format, computed here independently with the JDK: prefix, iterations, salt, key. */
    static String pbkdf2(String prefix, String password, int iterations, int saltBytes, int keyBits) throws Exception {
        byte[] salt = new byte[saltBytes];
        for (int i = 0; i < salt.length; i++) salt[i] = (byte) (i * 7 + 1);
        char[] input = prefix.equals("{PBKDF2_STRETCH}")
                ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(password.getBytes(StandardCharsets.UTF_8))).toCharArray()
                : password.toCharArray();
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(new PBEKeySpec(input, salt, iterations, keyBits)).getEncoded();
        return prefix + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(key);
    }

    @ParameterizedTest(name = "{0} {1} iterations, {2}-byte salt, {3}-bit key → {4}")
    @CsvSource(delimiter = '|', textBlock = """
        {PBKDF2}         | 10000 | 32 | 256 | true
        {PBKDF2}         | 1000  | 8  | 512 | true
        {PBKDF2_STRETCH} | 10000 | 32 | 256 | true
        {PBKDF2_STRETCH} | 1000  | 16 | 256 | true
        {PBKDF2}         | 2000  | 32 | 256 | false
        {PBKDF2}         | 1000  | 4  | 256 | false
        """)
    void pbkdf2HashesAreAcceptedAtElasticsearchsCostsAndVerify(String prefix, int iterations, int saltBytes, int keyBits,
                                                               boolean accepted) throws Exception {
        String hash = pbkdf2(prefix, "correct horse battery staple", iterations, saltBytes, keyBits);
        assertThat(PasswordHashes.isSupported(hash)).isEqualTo(accepted);
        if (accepted) {
            assertThat(Hasher.verify("correct horse battery staple".toCharArray(), hash)).isTrue();
            assertThat(Hasher.verify("wrong horse".toCharArray(), hash)).isFalse();
        }
    }

    @ParameterizedTest(name = "bcrypt cost {0} → {1}")
    @CsvSource({"4, true", "10, true", "14, true", "15, false"})
    void bcryptIsAcceptedAtCostsFourToFourteen(int cost, boolean accepted) {
        String cheap = new String(BCrypt.withDefaults().hashToChar(4, "s3cret-pw".toCharArray()));
        // the cost is read from the hash's format: a high one is written in rather than paid for (seconds per hash)
        String hash = cheap.substring(0, 4) + String.format("%02d", cost) + cheap.substring(6);
        assertThat(PasswordHashes.isSupported(hash)).isEqualTo(accepted);
        if (cost <= 10) {
            String real = new String(BCrypt.withDefaults().hashToChar(cost, "s3cret-pw".toCharArray()));
            assertThat(Hasher.verify("s3cret-pw".toCharArray(), real)).isTrue();
            assertThat(Hasher.verify("wrong-pw".toCharArray(), real)).isFalse();
        }
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @CsvSource(delimiter = '|', textBlock = """
        correct horse battery staple
        $2a$10$tooshort
        {SSHA256}c29tZXNhbHQ=
        {SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=
        {PBKDF2}10000$bm90IGJhc2U2NA$
        {PBKDF2}ten$c2FsdHNhbHRzYWx0$c2FsdHNhbHRzYWx0
        """)
    void anythingElseIsRefusedWithElasticsearchsMessage(String value) {
        assertThat(PasswordHashes.isSupported(value)).isFalse();
        assertThatThrownBy(() -> PasswordHashes.requireSupported(value)).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("illegal_argument_exception");
            assertThat(e.reason()).startsWith("The provided password hash is not a hash or it could not be resolved to a supported hash "
                    + "algorithm. The supported password hash algorithms are [bcrypt, bcrypt4, bcrypt5,");
        });
    }

    @Test
    void theListedAlgorithmsAreElasticsearchsStoredPasswordHashes() {
        assertThat(PasswordHashes.ALGORITHMS).hasSize(26).startsWith("bcrypt", "bcrypt4").endsWith("pbkdf2_stretch_1000000")
                .contains("bcrypt10", "pbkdf2", "pbkdf2_10000", "pbkdf2_stretch");
    }
}
