package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyCredentialsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void referenceExampleRoundTrips() {
        String encoded = ApiKeyCredentials.encode("VuaCfGcBCdbkQm-e5aOx", "ui2lp2axTNmsyakw9tvNnw");
        assertThat(encoded).isEqualTo("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        ApiKeyCredentials c = ApiKeyCredentials.parse(encoded);
        assertThat(c.id()).isEqualTo("VuaCfGcBCdbkQm-e5aOx");
        assertThat(c.secret()).isEqualTo("ui2lp2axTNmsyakw9tvNnw");
        assertThat(c.toString()).doesNotContain("ui2lp2axTNmsyakw9tvNnw");
    }

    @Test
    void splitsAtTheFirstColon() {
        ApiKeyCredentials c = ApiKeyCredentials.parse(b64("id:se:cr:et"));
        assertThat(c.id()).isEqualTo("id");
        assertThat(c.secret()).isEqualTo("se:cr:et");
        assertThat(ApiKeyCredentials.parse(b64("id:")).secret()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!not-base64!!!", "aWQ", /* no colon */ "bm9jb2xvbg==", /* ":secret" */ "OnNlY3JldA=="})
    void malformedValuesAreInvalid(String value) {
        assertThatThrownBy(() -> ApiKeyCredentials.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ApiKey value");
    }
}
