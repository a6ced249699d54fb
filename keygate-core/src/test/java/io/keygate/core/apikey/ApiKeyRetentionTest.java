package io.keygate.core.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyRetentionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ApiKeyRetention DEFAULTS =
            new ApiKeyRetention(ApiKeyRetention.DEFAULT_RETENTION_PERIOD, ApiKeyRetention.DEFAULT_INTERVAL);

    /** last run (seconds after T0, or empty = never) × now (seconds after T0) → due? with a 24h interval */
    @ParameterizedTest
    @CsvSource({
            ",      0,      true",
            "0,     0,      false",
            "0,     1,      false",
            "0,     86399,  false",
            "0,     86400,  true",
            "0,     90000,  true",
            "86400, 90000,  false",
    })
    void runsAtMostOncePerInterval(Long lastRun, long now, boolean due) {
        assertThat(DEFAULTS.due(T0.plusSeconds(now), lastRun == null ? null : T0.plusSeconds(lastRun))).isEqualTo(due);
    }

    @Test
    void aZeroIntervalIsAlwaysDue() {
        ApiKeyRetention eager = new ApiKeyRetention(Duration.ZERO, Duration.ZERO);
        assertThat(eager.due(T0, T0)).isTrue();
        assertThat(eager.cutoff(T0)).isEqualTo(T0);
    }

    @Test
    void deletesKeysExpiredOrInvalidatedBeforeTheRetentionPeriod() throws Exception {
        assertThat(DEFAULTS.cutoff(T0)).isEqualTo(T0.minus(Duration.ofDays(7)));
        long cutoff = T0.minus(Duration.ofDays(7)).toEpochMilli();
        assertThat(DEFAULTS.deleteQuery(T0)).isEqualTo(new ObjectMapper().readTree(("""
                {'bool':{'filter':[{'term':{'doc_type':'api_key'}}],
                 'should':[{'range':{'expiration_time':{'lte':%d}}},
                           {'bool':{'filter':[{'term':{'api_key_invalidated':true}},{'range':{'invalidation_time':{'lte':%d}}}]}}],
                 'minimum_should_match':1}}""").formatted(cutoff, cutoff).replace('\'', '"')));
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new ApiKeyRetention(Duration.ofMillis(-1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
