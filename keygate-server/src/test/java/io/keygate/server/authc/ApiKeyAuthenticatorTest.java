package io.keygate.server.authc;

import io.keygate.core.apikey.ApiKey;
import io.keygate.core.apikey.ApiKeyCredentials;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.error.EsException;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.server.store.ApiKeyStore.StoredApiKey;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The caches and the order of checks, with a counting lookup instead of the security index. */
class ApiKeyAuthenticatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SECRET = "ui2lp2axTNmsyakw9tvNnw";

    private final MutableClock clock = new MutableClock();
    private final Map<String, StoredApiKey> keys = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(id -> {
        lookups.incrementAndGet();
        return Future.succeededFuture(keys.get(id));
    }, clock, Duration.ofDays(1), 100, Duration.ofMinutes(5));

    private void store(String id, Instant expiration, boolean invalidated) {
        ApiKey.Owner owner = new ApiKey.Owner("apm", "default_native", "native", "APM", null, Map.of());
        keys.put(id, new StoredApiKey(new ApiKey(id, "k-" + id, "rest", T0, expiration, invalidated, null, owner, Map.of(),
                List.of(), List.of()), Hasher.SSHA256.hash(SECRET.toCharArray())));
    }

    private Future<Authentication> auth(String id, String secret) {
        return authenticator.authenticate(ApiKeyCredentials.encode(id, secret), "/");
    }

    private static String reason(Future<Authentication> f) {
        assertThat(f.failed()).as("expected a failure").isTrue();
        EsException e = (EsException) f.cause();
        assertThat(e.status()).isEqualTo(401);
        return (String) e.metadata().get("additional_unsuccessful_credentials");
    }

    @Test
    void aCacheHitReadsNothing() {
        store("k1", null, false);
        for (int i = 0; i < 5; i++) {
            Future<Authentication> f = auth("k1", SECRET);
            assertThat(f.succeeded()).isTrue();
            assertThat(f.result().apiKey().id()).isEqualTo("k1");
            assertThat(f.result().username()).isEqualTo("apm");
            assertThat(f.result().ownerRealm().name()).isEqualTo("default_native");
        }
        assertThat(lookups.get()).isEqualTo(1);
    }

    private void storeWith(String id, List<RoleDescriptor> assigned) {
        ApiKey.Owner owner = new ApiKey.Owner("apm", "default_native", "native", "APM", null, Map.of("team", "obs"));
        List<RoleDescriptor> limitedBy = List.of(new RoleDescriptor("owner", List.of("all"), List.of()));
        keys.put(id, new StoredApiKey(new ApiKey(id, "k-" + id, "rest", T0, null, false, null, owner, Map.of(),
                assigned, limitedBy), Hasher.SSHA256.hash(SECRET.toCharArray())));
    }

    private static List<RoleDescriptor> reader(String pattern) {
        return List.of(new RoleDescriptor("r", List.of(), List.of(
                new RoleDescriptor.IndicesPrivileges(List.of(pattern), List.of("read"), false))));
    }

    @Test
    void keysOfOneTemplateShareTheirDescriptorsAndAnUpdatedKeyGetsItsNewOnes() {
        storeWith("k1", reader("logs-*"));
        storeWith("k2", reader("logs-*"));
        Authentication.ApiKeyRef one = auth("k1", SECRET).result().apiKey();
        Authentication.ApiKeyRef two = auth("k2", SECRET).result().apiKey();
        assertThat(one.id()).isEqualTo("k1");
        assertThat(two.id()).isEqualTo("k2");
        assertThat(two.roleDescriptors()).isEqualTo(reader("logs-*")).isSameAs(one.roleDescriptors());
        assertThat(two.limitedBy()).isSameAs(one.limitedBy());

        storeWith("k2", reader("metrics-*")); // updated on this node: the cache forgets it
        authenticator.evict("k2");
        assertThat(auth("k2", SECRET).result().apiKey().roleDescriptors()).isEqualTo(reader("metrics-*"));
        assertThat(auth("k1", SECRET).result().apiKey().roleDescriptors()).isEqualTo(reader("logs-*"));
    }

    @Test
    void badKeysAreRememberedAndDoNotEvictTheGoodOne() {
        store("k1", null, false);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        for (int i = 0; i < 5; i++) assertThat(reason(auth("k1", "wrong"))).isEqualTo("API key: invalid credentials for API key [k1]");
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        for (int i = 0; i < 5; i++) assertThat(reason(auth("gone", "any" + i))).isEqualTo("API key: unable to find apikey with id gone");
        assertThat(lookups.get()).isEqualTo(3);
        assertThat(reason(authenticator.authenticate("%%%", "/"))).isEqualTo("API key: invalid ApiKey value");
    }

    @Test
    void expiryIsCheckedOnEveryHit() {
        store("k1", T0.plusSeconds(10), false);
        clock.now = T0;
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        clock.now = T0.plusMillis(9_999);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        clock.now = T0.plusSeconds(10);
        assertThat(reason(auth("k1", SECRET))).isEqualTo("API key: api key is expired");
        assertThat(reason(auth("k1", "wrong"))).isEqualTo("API key: invalid credentials for API key [k1]");
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void invalidationAndUpdateOnThisNodeTakeEffectAtOnce() {
        store("k1", null, false);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        authenticator.invalidated("k1");
        assertThat(reason(auth("k1", SECRET))).isEqualTo("API key: api key [k1] has been invalidated");
        assertThat(reason(auth("k1", "wrong"))).isEqualTo("API key: api key [k1] has been invalidated");
        assertThat(lookups.get()).isEqualTo(1);

        store("k2", null, false);
        assertThat(auth("k2", SECRET).result().apiKey().name()).isEqualTo("k-k2");
        keys.put("k2", new StoredApiKey(new ApiKey("k2", "renamed", "rest", T0, null, false, null,
                keys.get("k2").key().owner(), Map.of(), List.of(), List.of()), keys.get("k2").hash()));
        authenticator.evict("k2");
        assertThat(auth("k2", SECRET).result().apiKey().name()).isEqualTo("renamed");
    }

    @Test
    void changesMadeElsewhereAreSeenAfterTheDocTtl() {
        store("k1", null, false);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        store("k1", null, true); // invalidated by another node
        clock.now = T0.plusSeconds(299);
        assertThat(auth("k1", SECRET).succeeded()).isTrue();
        assertThat(lookups.get()).isEqualTo(1);
        clock.now = T0.plusSeconds(300);
        assertThat(reason(auth("k1", SECRET))).isEqualTo("API key: api key [k1] has been invalidated");
        assertThat(reason(auth("k1", SECRET))).isEqualTo("API key: api key [k1] has been invalidated");
        assertThat(lookups.get()).isEqualTo(2);

        store("k2", null, false);
        assertThat(auth("k2", SECRET).succeeded()).isTrue();
        clock.now = T0.plusSeconds(700);
        assertThat(auth("k2", SECRET).succeeded()).isTrue(); // re-read, still valid, no re-hash needed
        assertThat(auth("k2", SECRET).succeeded()).isTrue();
        assertThat(lookups.get()).isEqualTo(4);
    }

    @Test
    void storedInvalidatedKeysFailBeforeTheSecretIsChecked() {
        store("dead", null, true);
        assertThat(reason(auth("dead", "wrong"))).isEqualTo("API key: api key [dead] has been invalidated");
        assertThat(reason(auth("dead", SECRET))).isEqualTo("API key: api key [dead] has been invalidated");
        assertThat(lookups.get()).isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
