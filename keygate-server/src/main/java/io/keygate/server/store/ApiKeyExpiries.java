package io.keygate.server.store;

import io.keygate.core.apikey.ApiKey;
import io.keygate.core.apikey.ExpiryNotes;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands each API key that expires while this node runs to a listener once (the audit log's {@code api_key_expired}):
 * every interval one search for the keys whose expiration passed since the last check ({@link ExpiryNotes} decides
 * which of them are new). Reads only; a check the backend fails is made up by the next one, which covers the gap.
 */
public final class ApiKeyExpiries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyExpiries.class);
    public static final String INTERVAL = "keygate.security.authc.api_key.expiry_check.interval";
    /** How far back each check looks again: a key written shortly before its expiration may be searchable late. */
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final ApiKeyStore store;
    private final Clock clock;
    private final Consumer<ApiKey> onExpired;
    private final ExpiryNotes notes;
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    public ApiKeyExpiries(Vertx vertx, ApiKeyStore store, Clock clock, Consumer<ApiKey> onExpired) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.onExpired = onExpired;
        this.notes = new ExpiryNotes(clock.instant(), OVERLAP);
    }

    public ApiKeyExpiries start(long intervalMillis) {
        timer = vertx.setPeriodic(intervalMillis, id -> check());
        return this;
    }

    private void check() {
        if (!checking.compareAndSet(false, true)) return; // the last check is still running (a slow backend)
        java.time.Instant now = clock.instant();
        store.expiringBetween(notes.from(), now).onComplete(ar -> {
            try {
                if (ar.failed()) {
                    LOG.debug("checking API key expirations failed: {}", ar.cause().toString());
                    return;
                }
                for (ApiKey key : notes.observe(ar.result(), now)) onExpired.accept(key);
            } finally {
                checking.set(false);
            }
        });
    }

    @Override
    public void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }
}
