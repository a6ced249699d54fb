package io.keygate.server.authc;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.authc.RealmRef;
import io.keygate.core.user.User;
import io.keygate.server.store.UserStore.StoredUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The realm's cache and its shared checks, with users held in memory instead of the security index. */
class BasicRealmTest {
    private static Vertx vertx;
    private static final StoredUser ALICE = new StoredUser(new User("alice", List.of("viewer"), null, null, Map.of(), true),
            Hasher.BCRYPT.hash("alice-password".toCharArray()), RealmRef.NATIVE, 1);

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** A store read that answers only when released, so that every login below is in flight at once. */
    private static final class HeldLookup implements BasicRealm.Lookup {
        final AtomicInteger reads = new AtomicInteger();
        final List<Promise<StoredUser>> held = new ArrayList<>();

        @Override
        public synchronized Future<StoredUser> get(String username) {
            reads.incrementAndGet();
            Promise<StoredUser> p = Promise.promise();
            held.add(p);
            return p.future();
        }

        synchronized void release() {
            held.forEach(p -> p.complete(ALICE));
            held.clear();
        }
    }

    private static List<Future<Authentication>> logins(BasicRealm realm, String password, int n) {
        List<Future<Authentication>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(realm.authenticate("alice", password.toCharArray(), "/_doc"));
        return out;
    }

    private static void await(List<Future<Authentication>> logins) throws Exception {
        Future.join(new ArrayList<>(logins)).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void sixteenConcurrentLoginsOfOneUserCostOneStoreReadAndOneCheck() throws Exception {
        HeldLookup store = new HeldLookup();
        BasicRealm realm = new BasicRealm(vertx, store, 100, Duration.ofMinutes(20));
        List<Future<Authentication>> right = logins(realm, "alice-password", 16);
        List<Future<Authentication>> wrong = logins(realm, "not-her-password", 4);
        store.release();
        await(right);
        await(wrong);
        assertThat(right).allSatisfy(f -> assertThat(f.result().username()).isEqualTo("alice"));
        // a different password never shares the right one's check
        assertThat(wrong).allSatisfy(f -> assertThat(f.failed()).isTrue());
        assertThat(store.reads.get()).isEqualTo(2);
        // afterwards: cached, no read
        Future<Authentication> again = realm.authenticate("alice", "alice-password".toCharArray(), "/_doc");
        assertThat(again.result().username()).isEqualTo("alice");
        assertThat(store.reads.get()).isEqualTo(2);
    }

    @Test
    void anInvalidatedUserIsCheckedAgainAndAWrongPasswordNeverAdmitted() throws Exception {
        HeldLookup store = new HeldLookup();
        BasicRealm realm = new BasicRealm(vertx, store, 100, Duration.ofMinutes(20));
        List<Future<Authentication>> first = logins(realm, "alice-password", 2);
        store.release();
        await(first);
        realm.invalidate("alice");
        List<Future<Authentication>> second = logins(realm, "alice-password", 3);
        store.release();
        await(second);
        assertThat(second).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
        assertThat(store.reads.get()).isEqualTo(2);
        List<Future<Authentication>> wrong = logins(realm, "alice-passwore", 1);
        store.release();
        await(wrong);
        assertThat(wrong.get(0).failed()).isTrue();
        assertThat(wrong.get(0).cause().getMessage()).contains("unable to authenticate user [alice]");
    }
}
