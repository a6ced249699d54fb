package io.keygate.core.apikey;

import io.keygate.core.error.EsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpirationTest {

    @ParameterizedTest
    @CsvSource({"30d,2592000", "1d,86400", "12h,43200", "10m,600", "90s,90", "1500ms,1", "999ms,0",
            "5000000micros,5", "3000000000nanos,3", "2S,2", "0,0", "-1,0", " 7d ,604800"})
    void wholeSeconds(String value, long seconds) {
        assertThat(Expiration.parse(value)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "10", "10x", "1.5d", "-5d", "tomorrow"})
    void malformedValuesAre400ParseExceptions(String value) {
        assertThatThrownBy(() -> Expiration.parse(value)).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("parse_exception");
            assertThat(e.reason()).startsWith("failed to parse setting [expiration] with value [" + value + "] as a time value");
        });
    }

    @Test
    void instantIsNowPlusWholeSeconds() {
        Instant now = Instant.parse("2026-01-01T00:00:00.123Z");
        assertThat(Expiration.at(now, Expiration.parse("1d"))).isEqualTo(Instant.parse("2026-01-02T00:00:00.123Z"));
        assertThat(Expiration.at(now, null)).isNull();
    }
}
