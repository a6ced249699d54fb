package io.keygate.server.authc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.apikey.ApiKey;
import io.keygate.core.apikey.ApiKeyCheck;
import io.keygate.core.apikey.ApiKeyCredentials;
import io.keygate.core.apikey.ApiKeyParts;
import io.keygate.core.apikey.KeyGuards;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.authc.RealmRef;
import io.keygate.core.user.User;
import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code Authorization: ApiKey …}: Elasticsearch's checks in its order (found, not invalidated, secret,
 * type, not expired), with two bounded caches so that the common case does no I/O:
 * <ul>
 *   <li>positive: id → the key and a salted digest of its verified secret; a hit costs one SHA-256;</li>
 *   <li>negative: failures that do not depend on the secret (missing, invalidated) by id, and wrong
 *       secrets by id + a keyed digest of the secret, so a flood of bad keys reads nothing twice.</li>
 * </ul>
 * Expiry is checked against the clock on every request, cached or not. A cached document older than
 * {@code docTtl} is read again (no re-hash: the secret's digest is kept), so an invalidation or update
 * made on another node reaches this one within {@code docTtl}; on this node it is immediate.
 */
public final class ApiKeyAuthenticator implements AuthenticationService.ApiKeyAuthenticator {

    /**
     * Reads a key and its hash by id; null when there is none. On a node: the store's {@code getAllWithHash} behind a
     * {@code BatchedReads}, so that misses arriving together are read in one request.
     */
    @FunctionalInterface
    public interface Lookup {
        Future<ApiKeyStore.StoredApiKey> get(String id);
    }

    /** Key ids and usernames share one lockout table: a prefix keeps them apart. */
    public static final String LOCKOUT_PREFIX = "api_key:";

    /**
     * A key that authenticated once, and the proof of its secret: the stored hash it matched, and until when that
     * secret is accepted ({@code Long.MAX_VALUE} for the current one; a rotated-out one until its grace period ends).
     */
    private record Verified(ApiKey key, Authentication authentication, byte[] salt, byte[] digest, long readAt,
                            String matchedHash, long validUntil, KeyGuards guards) {
        Verified(ApiKey key, Authentication authentication, byte[] salt, byte[] digest, long readAt, String matchedHash, long validUntil) {
            this(key, authentication, salt, digest, readAt, matchedHash, validUntil, KeyGuards.ofStored(key.metadata()));
        }

        boolean previous() {
            return validUntil != Long.MAX_VALUE;
        }
    }

    /** A rotated-out secret in its grace period is cached beside the current one, so that both stay cheap. */
    private static final String PREVIOUS_SLOT = "\0previous";

    private final Lookup store;
    private final Clock clock;
    private final long docTtlMillis;
    private final Cache<String, Verified> verified;
    private final Cache<String, String> failures;
    private final byte[] failureKeySalt = new byte[16];
    private final SecureRandom random = new SecureRandom();
    private final AuthenticationLockout lockout;
    /** Requests answered from the verified cache, and those that had to read the key's document. */
    private final java.util.concurrent.atomic.LongAdder cacheHits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder cacheMisses = new java.util.concurrent.atomic.LongAdder();
    /** Cached keys share their equal descriptor lists and owners: 10,000 keys of one template hold one copy. */
    private final ApiKeyParts parts = new ApiKeyParts();
    private final Cache<String, KeyGuards> guards = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1))
            .executor(Runnable::run).build();

    public ApiKeyAuthenticator(Lookup store, Clock clock, Duration ttl, int maxKeys, Duration docTtl) {
        this(store, clock, ttl, maxKeys, docTtl, AuthenticationLockout.disabled());
    }

    /** {@code lockout}: a key id whose secret is guessed wrong too often is refused for a while (a verified secret still works). */
    public ApiKeyAuthenticator(Lookup store, Clock clock, Duration ttl, int maxKeys, Duration docTtl, AuthenticationLockout lockout) {
        this.lockout = lockout;
        this.store = store;
        this.clock = clock;
        this.docTtlMillis = docTtl.toMillis();
        boolean enabled = !ttl.isZero() && !ttl.isNegative() && maxKeys > 0;
        // cache maintenance on the calling thread: handed to the common pool it cost a thread wake-up (futex) every few
        // reads, ~12 % of Keygate's CPU on a cached GET in the profile
        this.verified = Caffeine.newBuilder().maximumSize(enabled ? maxKeys : 0).expireAfterAccess(enabled ? ttl : Duration.ofNanos(1))
                .executor(Runnable::run).build();
        this.failures = Caffeine.newBuilder().maximumSize(enabled ? maxKeys : 0).expireAfterWrite(enabled ? ttl : Duration.ofNanos(1))
                .executor(Runnable::run).build();
        random.nextBytes(failureKeySalt);
    }

    @Override
    public Future<Authentication> authenticate(String encodedCredentials, String uri) {
        ApiKeyCredentials credentials;
        try {
            credentials = ApiKeyCredentials.parse(encodedCredentials);
        } catch (IllegalArgumentException e) {
            return fail(ApiKeyCredentials.INVALID);
        }
        String id = credentials.id();
        String byId = failures.getIfPresent(id);
        if (byId != null) return fail(byId);
        Verified hit = cached(id, id, credentials.secret());
        if (hit == null) hit = cached(id, id + PREVIOUS_SLOT, credentials.secret());
        if (hit != null) {
            if (clock.millis() - hit.readAt() < docTtlMillis) {
                cacheHits.increment();
                return admit(hit);
            }
            cacheMisses.increment();
            return reread(hit, credentials);
        }
        String bySecret = failures.getIfPresent(failureKey(id, credentials.secret()));
        if (bySecret != null) return fail(bySecret);
        if (lockout.locked(LOCKOUT_PREFIX + id)) return fail(ApiKeyCheck.wrongSecret(id));
        cacheMisses.increment();
        return store.get(id).compose(stored -> verify(id, credentials, stored));
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long cacheMisses() {
        return cacheMisses.sum();
    }

    private Verified cached(String id, String slot, String secret) {
        Verified v = verified.getIfPresent(slot);
        return v != null && MessageDigest.isEqual(v.digest(), digest(v.salt(), secret)) ? v : null;
    }

    /** The full check of a presented secret against a key's document: its current secret, or a rotated-out one in its grace period. */
    private Future<Authentication> verify(String id, ApiKeyCredentials credentials, ApiKeyStore.StoredApiKey stored) {
        if (stored == null) return remember(id, ApiKeyCheck.notFound(id));
        ApiKey key = stored.key();
        String before = ApiKeyCheck.beforeSecret(key);
        if (before != null) return remember(id, before);
        long now = clock.millis();
        String matched;
        long validUntil;
        if (Hasher.verify(credentials.secret().toCharArray(), stored.hash())) {
            matched = stored.hash();
            validUntil = Long.MAX_VALUE;
        } else if (stored.previousHash() != null && stored.previousValidUntil() != null
                && now < stored.previousValidUntil().toEpochMilli()
                && Hasher.verify(credentials.secret().toCharArray(), stored.previousHash())) {
            matched = stored.previousHash();
            validUntil = stored.previousValidUntil().toEpochMilli();
        } else {
            lockout.failed(LOCKOUT_PREFIX + id);
            return remember(failureKey(id, credentials.secret()), ApiKeyCheck.wrongSecret(id));
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        ApiKey shared = parts.share(key);
        Verified v = new Verified(shared, authentication(shared), salt, digest(salt, credentials.secret()), now, matched, validUntil);
        verified.put(v.previous() ? id + PREVIOUS_SLOT : id, v);
        lockout.succeeded(LOCKOUT_PREFIX + id);
        return admit(v);
    }

    /**
     * The secret was verified before; the document may have changed since (on another node). If the secret it
     * matched is no longer where it was (the key was rotated), the secret is checked again in full.
     */
    private Future<Authentication> reread(Verified old, ApiKeyCredentials credentials) {
        String id = old.key().id();
        String slot = old.previous() ? id + PREVIOUS_SLOT : id;
        return store.get(id).compose(stored -> {
            if (stored == null) {
                evict(id);
                return remember(id, ApiKeyCheck.notFound(id));
            }
            String before = ApiKeyCheck.beforeSecret(stored.key());
            if (before != null) {
                evict(id);
                return remember(id, before);
            }
            boolean unchanged = old.previous()
                    ? old.matchedHash().equals(stored.previousHash()) && stored.previousValidUntil() != null
                            && stored.previousValidUntil().toEpochMilli() == old.validUntil()
                    : old.matchedHash().equals(stored.hash());
            if (!unchanged) {
                verified.invalidate(slot);
                return verify(id, credentials, stored);
            }
            ApiKey shared = parts.share(stored.key());
            Verified v = new Verified(shared, authentication(shared), old.salt(), old.digest(), clock.millis(),
                    old.matchedHash(), old.validUntil());
            verified.put(slot, v);
            return admit(v);
        });
    }

    private Future<Authentication> admit(Verified v) {
        if (clock.millis() >= v.validUntil()) { // a rotated-out secret whose grace period is over
            verified.invalidate(v.key().id() + PREVIOUS_SLOT);
            return fail(ApiKeyCheck.wrongSecret(v.key().id()));
        }
        String after = ApiKeyCheck.afterSecret(v.key(), clock.instant());
        if (after == null && guards.getIfPresent(v.key().id()) != v.guards()) guards.put(v.key().id(), v.guards());
        return after == null ? Future.succeededFuture(v.authentication()) : fail(after);
    }

    /**
     * The guards ({@code metadata.keygate_guards}) of a key this node authenticated a moment ago; kept apart from the
     * verified cache so that they are known even when that cache is off. Unknown: {@link KeyGuards#MALFORMED} (refused).
     */
    public KeyGuards guards(String id) {
        KeyGuards g = guards.getIfPresent(id);
        return g == null ? KeyGuards.MALFORMED : g;
    }

    /** Forgets a key after it changed on this node (updated): the next request reads it again. */
    public void evict(String id) {
        verified.invalidate(id);
        verified.invalidate(id + PREVIOUS_SLOT);
        failures.invalidate(id);
    }

    /** A key was invalidated on this node: refuse it from now on without reading it again. */
    public void invalidated(String id) {
        verified.invalidate(id);
        verified.invalidate(id + PREVIOUS_SLOT);
        failures.put(id, ApiKeyCheck.invalidated(id));
    }

    public void evictAll() {
        verified.invalidateAll();
        failures.invalidateAll();
    }

    static Authentication authentication(ApiKey key) {
        ApiKey.Owner owner = key.owner();
        User user = new User(owner.username(), java.util.List.of(), owner.fullName(), owner.email(), owner.metadata(), true);
        return Authentication.ofApiKey(user, new RealmRef(owner.realm(), owner.realmType()),
                new Authentication.ApiKeyRef(key.id(), key.name(), key.roleDescriptors(), key.limitedBy()));
    }

    private Future<Authentication> remember(String cacheKey, String reason) {
        failures.put(cacheKey, reason);
        return fail(reason);
    }

    private static Future<Authentication> fail(String reason) {
        return Future.failedFuture(AuthenticationErrors.failedApiKey(reason));
    }

    private String failureKey(String id, String secret) {
        return id + '\0' + HexFormat.of().formatHex(digest(failureKeySalt, secret));
    }

    private static byte[] digest(byte[] salt, String secret) {
        return io.keygate.core.authc.Sha256.of(salt, secret.getBytes(StandardCharsets.UTF_8));
    }
}
