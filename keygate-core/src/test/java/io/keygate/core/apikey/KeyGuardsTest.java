package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyGuardsTest {

    private static KeyGuards networks(String... nets) {
        List<String> errors = new ArrayList<>();
        KeyGuards g = KeyGuards.of(Map.of("keygate_guards", Map.of("allowed_networks", List.of(nets))), errors);
        assertThat(errors).isEmpty();
        return g;
    }

    /** network, address → allowed */
    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.1.2.3, true", "10.0.0.0/8, 11.0.0.1, false", "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/24, 192.168.2.1, false", "192.168.1.128/25, 192.168.1.127, false", "192.168.1.128/25, 192.168.1.200, true",
            "127.0.0.1, 127.0.0.1, true", "127.0.0.1, 127.0.0.2, false", "0.0.0.0/0, 8.8.8.8, true",
            "2001:db8::/32, 2001:db8:1::5, true", "2001:db8::/32, 2001:db9::1, false", "::1, ::1, true", "::1, 127.0.0.1, false",
            "10.0.0.0/8, ::ffff:10.0.0.7, true", "10.0.0.0/8, not-an-ip, false", "10.0.0.0/8, '', false",
    })
    void networksAllowAddresses(String network, String address, boolean allowed) {
        assertThat(networks(network).allows(address)).isEqualTo(allowed);
    }

    @Test
    void malformedGuardsAreNamed() {
        List<String> errors = new ArrayList<>();
        KeyGuards.of(Map.of("keygate_guards", Map.of("allowed_networks", List.of("10.0.0.0/33", "example.com", "cafe", "300.1.1.1"),
                "rate_limit", Map.of("per_second", 0), "other", 1)), errors);
        assertThat(errors).containsExactlyInAnyOrder(
                "[metadata.keygate_guards] has an unknown field [other]: expected [allowed_networks] or [rate_limit]",
                "[metadata.keygate_guards.allowed_networks] has [10.0.0.0/33], which is not an IP address or a CIDR network",
                "[metadata.keygate_guards.allowed_networks] has [example.com], which is not an IP address or a CIDR network",
                "[metadata.keygate_guards.allowed_networks] has [cafe], which is not an IP address or a CIDR network",
                "[metadata.keygate_guards.allowed_networks] has [300.1.1.1], which is not an IP address or a CIDR network",
                "[metadata.keygate_guards.rate_limit] must be an object with [per_second] > 0 (and an optional [burst] >= 1)");
        errors.clear();
        KeyGuards.of(Map.of("keygate_guards", "yes"), errors);
        assertThat(errors).containsExactly("[metadata.keygate_guards] must be an object");
    }

    @Test
    void rateLimitAndDefaults() {
        List<String> errors = new ArrayList<>();
        KeyGuards g = KeyGuards.of(Map.of("keygate_guards", Map.of("rate_limit", Map.of("per_second", 2.5))), errors);
        assertThat(errors).isEmpty();
        assertThat(g.limitsRate()).isTrue();
        assertThat(g.burst()).isEqualTo(3);
        assertThat(g.restrictsNetworks()).isFalse();
        assertThat(g.allows("1.2.3.4")).isTrue();
        assertThat(KeyGuards.of(Map.of("team", "ops"), errors)).isEqualTo(KeyGuards.NONE);
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        long t = 1_000_000_000L;
        TokenBucket b = new TokenBucket(10, 5, t);
        int taken = 0;
        for (int i = 0; i < 20; i++) if (b.tryTake(t)) taken++;
        assertThat(taken).isEqualTo(5);
        assertThat(b.tryTake(t + 50_000_000L)).isFalse(); // half a token
        assertThat(b.tryTake(t + 100_000_000L)).isTrue();  // one token after 100 ms at 10/s
        assertThat(b.tryTake(t + 100_000_000L)).isFalse();
        taken = 0;
        for (int i = 0; i < 20; i++) if (b.tryTake(t + 10_000_000_000L)) taken++;
        assertThat(taken).isEqualTo(5); // refilled to the burst, not beyond
    }
}
