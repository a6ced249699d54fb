package io.keygate.core.authc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void isTheSha256OfSaltThenData() throws Exception {
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        for (String secret : new String[]{"", "a", "ui2lp2axTNmsyakw9tvNnw", "ünïcödé ✓"}) {
            MessageDigest reference = MessageDigest.getInstance("SHA-256");
            reference.update(salt);
            reference.update(secret.getBytes(StandardCharsets.UTF_8));
            assertThat(Sha256.of(salt, secret.getBytes(StandardCharsets.UTF_8))).isEqualTo(reference.digest());
        }
    }

    @Test
    void oneDigestDoesNotCarryIntoTheNext() {
        byte[] salt = {1, 2, 3};
        byte[] first = Sha256.of(salt, "secret".getBytes(StandardCharsets.UTF_8));
        Sha256.of(new byte[]{9}, "other".getBytes(StandardCharsets.UTF_8));
        assertThat(Sha256.of(salt, "secret".getBytes(StandardCharsets.UTF_8))).isEqualTo(first);
    }
}
