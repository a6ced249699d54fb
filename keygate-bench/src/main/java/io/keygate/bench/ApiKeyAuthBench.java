package io.keygate.bench;

import io.keygate.core.apikey.ApiKey;
import io.keygate.core.apikey.ApiKeyCredentials;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.BulkLineClassifier;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.server.authc.ApiKeyAuthenticator;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Future;
import org.openjdk.jmh.annotations.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * API-key authentication with Keygate's {@code ApiKeyAuthenticator}; the store lookup is an already completed future
 * (no I/O, "store read excluded"):
 * <ul>
 *   <li>{@code cacheHit}: header value → parse → positive cache → one salted SHA-256 → expiry → {@code Authentication};</li>
 *   <li>{@code cacheHitPlusAuthorizeBulkItem}: that, then the effective role ({@code AccessControl.roleOf}: own
 *       descriptors ∩ limited-by, compiled-role cache hit) and the decision for one classified bulk action line: what a
 *       one-item {@code _bulk} costs in Keygate besides HTTP (the "≤ 1 µs per request" budget);</li>
 *   <li>{@code coldVerify}: caches emptied first, so: parse → miss → lookup (completed) → {@code Hasher.verify}
 *       (ssha256) → cache fill → {@code Authentication}. Cold verification with the store read excluded.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApiKeyAuthBench {

    private ApiKeyAuthenticator authenticator;
    private AccessControl access;
    private BulkLineClassifier bulkClassifier;
    private IndexCatalog catalog;
    private String header;
    private byte[] actionLine;

    @Setup
    public void setup() {
        String id = "VuaCfGcBCdbkQm-e5aOx";
        String secret = "ui2lp2axTNmsyakw9tvNnw";
        ApiKey.Owner owner = new ApiKey.Owner("elastic", "reserved", "reserved", null, null, Map.of());
        ApiKey key = new ApiKey(id, "apm-writer", ApiKey.TYPE_REST, Instant.now(), Instant.now().plus(Duration.ofDays(30)),
                false, null, owner, Map.of(), Fixtures.apmWriter(), Fixtures.superuser());
        ApiKeyStore.StoredApiKey stored = new ApiKeyStore.StoredApiKey(key, Hasher.SSHA256.hash(secret.toCharArray()));
        Future<ApiKeyStore.StoredApiKey> found = Future.succeededFuture(stored);
        authenticator = new ApiKeyAuthenticator(i -> i.equals(id) ? found : Future.succeededFuture(null),
                Clock.systemUTC(), Duration.ofDays(1), 25_000, Duration.ofMinutes(5));
        access = new AccessControl(new RoleCompiler(), null, Duration.ofMinutes(20)); // API keys never read stored roles
        header = ApiKeyCredentials.encode(id, secret);
        bulkClassifier = new BulkLineClassifier(Clock.systemUTC());
        catalog = new IndexCatalog(List.of(IndexCatalog.Entry.index("traces-apm-default")));
        actionLine = "{\"create\":{\"_index\":\"traces-apm-default\"}}".getBytes(StandardCharsets.UTF_8);
        if (cacheHitPlusAuthorizeBulkItem() != 0) throw new IllegalStateException("must be allowed");
    }

    private static <T> T now(Future<T> f) {
        if (!f.isComplete()) throw new IllegalStateException("not complete: I/O on the measured path");
        if (f.failed()) throw new IllegalStateException(f.cause());
        return f.result();
    }

    @Benchmark
    public Authentication cacheHit() {
        return now(authenticator.authenticate(header, "/_bulk"));
    }

    /** Returns 0 when the item is allowed. */
    @Benchmark
    public int cacheHitPlusAuthorizeBulkItem() {
        Authentication auth = now(authenticator.authenticate(header, "/_bulk"));
        Role role = now(access.roleOf(auth));
        BulkItem item = bulkClassifier.classify(actionLine, 0, actionLine.length, 1, null, false);
        String index = item.index();
        if (RestrictedIndices.isKeygateInternal(index)) return 1;
        if (!role.grantsIndex(ActionNames.BULK_SHARD, index)) return 2;
        if (!role.grantsIndex(item.action(), index)) return 3;
        return catalog.get(index) != null || role.grantsIndex(ActionNames.AUTO_CREATE, index) ? 0 : 4;
    }

    @Benchmark
    public Authentication coldVerify() {
        authenticator.evictAll();
        return now(authenticator.authenticate(header, "/_bulk"));
    }
}
