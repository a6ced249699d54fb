package io.keygate.server.authc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyUsageTest {

    @Test
    void countsAndKeepsTheLatestRequestPerKey() {
        ApiKeyUsage usage = new ApiKeyUsage(10);
        usage.record("k1", 1_000, "10.0.0.1", "a/1");
        usage.record("k1", 3_000, "10.0.0.3", "a/3");
        usage.record("k1", 2_000, "10.0.0.2", "a/2"); // arrived late: counted, but not the latest
        usage.record("k2", 5_000, null, null);
        List<ApiKeyUsage.Drained> drained = usage.drain();
        assertThat(drained).containsExactlyInAnyOrder(
                new ApiKeyUsage.Drained("k1", new ApiKeyUsage.Pending(3, 3_000, "10.0.0.3", "a/3")),
                new ApiKeyUsage.Drained("k2", new ApiKeyUsage.Pending(1, 5_000, null, null)));
        assertThat(usage.drain()).isEmpty();
    }

    @Test
    void aPutBackEntryJoinsWhatCameMeanwhile() {
        ApiKeyUsage usage = new ApiKeyUsage(10);
        usage.record("k1", 1_000, "a", "ua");
        ApiKeyUsage.Drained lost = usage.drain().getFirst();
        usage.record("k1", 2_000, "b", "ub");
        usage.putBack(lost);
        assertThat(usage.drain()).containsExactly(new ApiKeyUsage.Drained("k1", new ApiKeyUsage.Pending(2, 2_000, "b", "ub")));
    }

    @Test
    void boundedByKeysAndUserAgentLength() {
        ApiKeyUsage usage = new ApiKeyUsage(2);
        usage.record("k1", 1, null, "x".repeat(1_000));
        usage.record("k2", 1, null, null);
        usage.record("k3", 1, null, null); // over the bound: not tracked this interval
        usage.record("k1", 2, null, null); // known keys still count
        assertThat(usage.size()).isEqualTo(2);
        List<ApiKeyUsage.Drained> drained = usage.drain();
        assertThat(drained).extracting(ApiKeyUsage.Drained::id).containsExactlyInAnyOrder("k1", "k2");
        assertThat(drained.stream().filter(d -> d.id().equals("k1")).findFirst().orElseThrow().pending().count()).isEqualTo(2);
        usage.record("k9", 1, null, "y".repeat(1_000));
        assertThat(usage.drain().getFirst().pending().userAgent()).hasSize(ApiKeyUsage.MAX_USER_AGENT);
    }
}
