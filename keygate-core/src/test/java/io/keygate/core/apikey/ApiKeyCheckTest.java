package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyCheckTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ApiKey.Owner OWNER = new ApiKey.Owner("elastic", "reserved", "reserved", null, null, Map.of());

    private static ApiKey key(Instant expiration, boolean invalidated, String type) {
        return new ApiKey("id1", "k", type, T0, expiration, invalidated, invalidated ? T0 : null, OWNER, Map.of(),
                List.of(), List.of());
    }

    @Test
    void invalidatedComesBeforeTheSecretAndExpiryAfter() {
        ApiKey dead = key(T0.plusSeconds(1), true, "rest");
        assertThat(ApiKeyCheck.check(dead, false, T0.plusSeconds(5))).isEqualTo("api key [id1] has been invalidated");
        ApiKey expired = key(T0.plusSeconds(1), false, "rest");
        assertThat(ApiKeyCheck.check(expired, false, T0.plusSeconds(5))).isEqualTo("invalid credentials for API key [id1]");
        assertThat(ApiKeyCheck.check(expired, true, T0.plusSeconds(5))).isEqualTo("api key is expired");
        assertThat(ApiKeyCheck.check(key(null, false, "cross_cluster"), true, T0))
                .isEqualTo("authentication expected API key type of [rest], but API key [id1] has type [cross_cluster]");
        assertThat(ApiKeyCheck.notFound("nope")).isEqualTo("unable to find apikey with id nope");
    }

    @Test
    void refusedFromTheMillisecondItExpires() {
        MutableClock clock = new MutableClock(T0);
        ApiKey key = key(T0.plusSeconds(2), false, "rest");
        assertThat(ApiKeyCheck.check(key, true, clock.instant())).isNull();
        clock.now = T0.plusMillis(1999);
        assertThat(ApiKeyCheck.check(key, true, clock.instant())).isNull();
        assertThat(key.isActive(clock.instant())).isTrue();
        clock.now = T0.plusMillis(2000);
        assertThat(ApiKeyCheck.check(key, true, clock.instant())).isEqualTo("api key is expired");
        assertThat(key.isActive(clock.instant())).isFalse();
        assertThat(key(null, false, "rest").isExpired(Instant.MAX)).isFalse();
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
