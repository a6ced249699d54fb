package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifetimePolicyTest {
    private static final LifetimePolicy NINETY = LifetimePolicy.of("90d");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** requested expiration ('-' = none) → refused? */
    @ParameterizedTest
    @CsvSource({"-,true", "90d,false", "1d,false", "2160h,false", "91d,true", "2161h,true", "365d,true"})
    void createNeedsAnExpirationWithinTheMaximum(String requested, boolean refused) {
        String error = NINETY.createError(requested.equals("-") ? null : Expiration.parse(requested));
        assertThat(error != null).isEqualTo(refused);
        if (refused) assertThat(error).contains(LifetimePolicy.SETTING).contains("[90d]");
    }

    @Test
    void messagesSayWhatToSend() {
        assertThat(NINETY.createError(null)).isEqualTo("[expiration] is required: the API key lifetime policy "
                + "[keygate.security.authc.api_key.max_expiration] allows keys of at most [90d]; set an expiration of [90d] or less");
        assertThat(NINETY.createError(Duration.ofDays(365))).isEqualTo("[expiration] of [365d] is longer than the API key lifetime "
                + "policy [keygate.security.authc.api_key.max_expiration] allows: at most [90d]");
    }

    /** requested ('-' none), current expiration in days from now ('-' never) → refused? */
    @ParameterizedTest
    @CsvSource({"-,-,true", "-,30,false", "-,90,false", "-,91,true", "30d,-,false", "100d,-,true", "30d,400,false"})
    void updateKeepsOrSetsAnExpirationWithinTheMaximum(String requested, String currentDays, boolean refused) {
        Instant current = currentDays.equals("-") ? null : NOW.plus(Duration.ofDays(Long.parseLong(currentDays)));
        String error = NINETY.updateError("k1", requested.equals("-") ? null : Expiration.parse(requested), current, NOW);
        assertThat(error != null).as(String.valueOf(error)).isEqualTo(refused);
    }

    @Test
    void existingKeysThatBreakThePolicy() {
        assertThat(NINETY.violation(key(null))).isEqualTo("never expires");
        assertThat(NINETY.violation(key(NOW.plus(Duration.ofDays(90))))).isNull();
        assertThat(NINETY.violation(key(NOW.plus(Duration.ofDays(400))))).isEqualTo("lives 400d from creation, longer than [90d]");
    }

    @Test
    void noPolicyAllowsEverything() {
        LifetimePolicy none = LifetimePolicy.of(null);
        assertThat(none.enabled()).isFalse();
        assertThat(none.createError(null)).isNull();
        assertThat(none.updateError("k", null, null, NOW)).isNull();
        assertThat(none.violation(key(null))).isNull();
        assertThat(LifetimePolicy.of(" ")).isEqualTo(LifetimePolicy.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ninety days", "0", "0d", "-5d"})
    void aBadSettingStopsTheStart(String text) {
        assertThatThrownBy(() -> LifetimePolicy.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(LifetimePolicy.SETTING);
    }

    private static ApiKey key(Instant expiration) {
        return new ApiKey("k1", "n", null, NOW, expiration, false, null,
                new ApiKey.Owner("u", "r", "native", null, null, Map.of()), Map.of(), List.of(), List.of());
    }
}
