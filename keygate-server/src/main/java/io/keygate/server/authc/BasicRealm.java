package io.keygate.server.authc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.server.store.UserStore.StoredUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Username and password against the reserved and native users. A successful login is cached per
 * username with a salted SHA-256 of the password, so the next request costs one hash and no I/O;
 * bcrypt (slow on purpose) runs off the event loop, only on a miss.
 *
 * <p>A miss costs one bcrypt check whether the user exists or not (an unknown or disabled user is checked
 * against a dummy hash of the same cost), so the answer's timing does not tell which usernames exist. A
 * username that fails too often in a row is locked for a while ({@link AuthenticationLockout}). Concurrent misses
 * of the same username and password share one check, as Elasticsearch's caching realm does: a client that opens
 * sixteen connections at once (or a cache eviction under load) costs one bcrypt, not sixteen queued ones.
 */
public final class BasicRealm {

    /** Reads a user with its password hash by name (the user store's {@code get}); null when there is none. */
    @FunctionalInterface
    public interface Lookup {
        Future<StoredUser> get(String username);
    }

    private record Cached(StoredUser user, byte[] salt, byte[] digest) {}

    private final Vertx vertx;
    private final Lookup users;
    private final Cache<String, Cached> cache;
    private final SecureRandom random = new SecureRandom();
    private final AuthenticationLockout lockout;
    /** What an unknown user's password is checked against: a bcrypt hash of the same cost as real ones. */
    private final String dummyHash;
    /**
     * Checks in flight, by username and a keyed digest of the password: the user when the password matched, else
     * {@code null}. A different password never shares another's check.
     */
    private final Map<String, Future<StoredUser>> checking = new ConcurrentHashMap<>();
    private final byte[] checkingSalt = new byte[16];

    public BasicRealm(Vertx vertx, Lookup users, int maxUsers, Duration ttl) {
        this(vertx, users, maxUsers, ttl, AuthenticationLockout.disabled());
    }

    public BasicRealm(Vertx vertx, Lookup users, int maxUsers, Duration ttl, AuthenticationLockout lockout) {
        this.vertx = vertx;
        this.users = users;
        this.lockout = lockout;
        this.cache = Caffeine.newBuilder().maximumSize(maxUsers).expireAfterWrite(ttl)
                .executor(Runnable::run).build(); // maintenance on the caller: no common-pool wake-up per few reads
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        this.dummyHash = Hasher.BCRYPT.hash(HexFormat.of().formatHex(unguessable).toCharArray());
        random.nextBytes(checkingSalt);
    }

    public Future<Authentication> authenticate(String username, char[] password, String uri) {
        Cached cached = cache.getIfPresent(username);
        if (cached != null && MessageDigest.isEqual(cached.digest(), digest(cached.salt(), password))) {
            return Future.succeededFuture(Authentication.ofUser(cached.user().user(), cached.user().realm()));
        }
        if (lockout.locked(username)) return Future.failedFuture(AuthenticationErrors.failedUser(username, uri));
        return check(username, password).compose(user -> user == null
                ? Future.failedFuture(AuthenticationErrors.failedUser(username, uri))
                : Future.succeededFuture(Authentication.ofUser(user.user(), user.realm())));
    }

    /** The stored user when {@code password} is theirs, else null; one bcrypt check however many ask at once. */
    private Future<StoredUser> check(String username, char[] password) {
        String flight = username + '\0' + HexFormat.of().formatHex(digest(checkingSalt, password));
        Promise<StoredUser> promise = Promise.promise();
        Future<StoredUser> pending = checking.putIfAbsent(flight, promise.future());
        if (pending != null) return pending;
        users.get(username).compose(stored -> {
            boolean usable = stored != null && stored.user().enabled() && stored.passwordHash() != null;
            String hash = usable ? stored.passwordHash() : dummyHash;
            return vertx.executeBlocking(() -> Hasher.verify(password, hash) && usable, false).map(ok -> {
                if (!ok) {
                    lockout.failed(username);
                    return (StoredUser) null;
                }
                lockout.succeeded(username);
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                cache.put(username, new Cached(stored, salt, digest(salt, password)));
                return stored;
            });
        }).onComplete(ar -> {
            checking.remove(flight);
            promise.handle(ar);
        });
        return promise.future();
    }

    /** Forgets a user at once, after its password, roles or state changed on this node. */
    public void invalidate(String username) {
        cache.invalidate(username);
        checking.keySet().removeIf(flight -> flight.startsWith(username + '\0')); // later logins check afresh
    }

    public void invalidateAll() {
        cache.invalidateAll();
        checking.clear();
    }

    private static byte[] digest(byte[] salt, char[] password) {
        return io.keygate.core.authc.Sha256.of(salt, new String(password).getBytes(StandardCharsets.UTF_8));
    }
}
