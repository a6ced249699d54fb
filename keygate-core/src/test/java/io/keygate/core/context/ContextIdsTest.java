package io.keygate.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.RealmRef;
import io.keygate.core.user.User;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextIdsTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final ContextIds IDS = new ContextIds(KEY);
    static final ContextId PIT = new ContextId(ContextId.Kind.PIT, "user:native/default_native/alice",
            List.of("logs-1", "logs-2"), "o463QQEJbG9ncy0xFlZ3==");

    @Test
    void roundTrip() {
        String wrapped = IDS.wrap(PIT);
        assertThat(wrapped).matches("[A-Za-z0-9_-]+").doesNotContain("o463QQEJ");
        assertThat(IDS.unwrap(wrapped)).contains(PIT);
        assertThat(new ContextIds(KEY).unwrap(wrapped)).as("another node with the same key").contains(PIT);
    }

    @Test
    void everyFlippedBitIsRefused() {
        byte[] raw = Base64.getUrlDecoder().decode(IDS.wrap(PIT));
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] edited = raw.clone();
                edited[i] ^= (byte) (1 << bit);
                assertThat(IDS.unwrap(Base64.getUrlEncoder().withoutPadding().encodeToString(edited))).as("byte %d bit %d", i, bit).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        ''
        not base64 !
        FGluY2x1ZGVfY29udGV4dF91dWlkDXF1ZXJ5QW5kRmV0Y2gBFmRKNmVR
        AA
        """)
    void junkAndRawBackendIdsAreUnknown(String text) {
        assertThat(IDS.unwrap(text)).isEmpty();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThat(new ContextIds(other).unwrap(IDS.wrap(PIT))).isEmpty();
    }

    @Test
    void ownersAreKeyIdsOrRealmAndName() {
        User alice = new User("alice", List.of("r"), null, null, null, true);
        assertThat(ContextId.ownerOf(Authentication.ofUser(alice, RealmRef.NATIVE))).isEqualTo("user:native/default_native/alice");
        assertThat(ContextId.ownerOf(Authentication.ofUser(alice, RealmRef.RESERVED))).isEqualTo("user:reserved/reserved/alice");
        assertThat(ContextId.ownerOf(Authentication.ofApiKey(alice, RealmRef.NATIVE,
                new Authentication.ApiKeyRef("k1", "n", List.of(), List.of())))).isEqualTo("api_key:k1");
    }
}
