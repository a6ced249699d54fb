package io.keygate.server.authc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.server.store.UserStore;
import io.keygate.server.store.UserStore.StoredUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Username and password against the reserved and native users. A successful login is cached per
 * username with a salted SHA-256 of the password, so the next request costs one hash and no I/O;
 * bcrypt (slow on purpose) runs off the event loop, only on a miss.
 */
public final class BasicRealm {

    private record Cached(StoredUser user, byte[] salt, byte[] digest) {}

    private final Vertx vertx;
    private final UserStore users;
    private final Cache<String, Cached> cache;
    private final SecureRandom random = new SecureRandom();

    public BasicRealm(Vertx vertx, UserStore users, int maxUsers, Duration ttl) {
        this.vertx = vertx;
        this.users = users;
        this.cache = Caffeine.newBuilder().maximumSize(maxUsers).expireAfterWrite(ttl).build();
    }

    public Future<Authentication> authenticate(String username, char[] password, String uri) {
        Cached cached = cache.getIfPresent(username);
        if (cached != null && MessageDigest.isEqual(cached.digest(), digest(cached.salt(), password))) {
            return Future.succeededFuture(Authentication.ofUser(cached.user().user(), cached.user().realm()));
        }
        return users.get(username).compose(stored -> {
            if (stored == null || !stored.user().enabled() || stored.passwordHash() == null) {
                return Future.failedFuture(AuthenticationErrors.failedUser(username, uri));
            }
            return vertx.executeBlocking(() -> Hasher.verify(password, stored.passwordHash()), false).compose(ok -> {
                if (!ok) return Future.failedFuture(AuthenticationErrors.failedUser(username, uri));
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                cache.put(username, new Cached(stored, salt, digest(salt, password)));
                return Future.succeededFuture(Authentication.ofUser(stored.user(), stored.realm()));
            });
        });
    }

    /** Forgets a user at once, after its password, roles or state changed on this node. */
    public void invalidate(String username) {
        cache.invalidate(username);
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    private static byte[] digest(byte[] salt, char[] password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
