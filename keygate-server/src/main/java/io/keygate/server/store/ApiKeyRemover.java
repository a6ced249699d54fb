package io.keygate.server.store;

import io.keygate.core.apikey.ApiKeyRetention;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deletes API keys invalidated or expired longer ago than the retention period (Elasticsearch's
 * expired API keys remover), with one {@code delete_by_query} on the security index. It runs at most
 * once per interval ({@link ApiKeyRetention#due}), checked on a timer and after every invalidation,
 * and never twice at once on this node.
 */
public final class ApiKeyRemover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRemover.class);
    /** How often the timer asks whether a run is due; short intervals are checked as often as they come. */
    private static final long MAX_TIMER_MILLIS = 60_000;

    private final ApiKeyStore store;
    private final ApiKeyRetention retention;
    private final Clock clock;
    private final AtomicReference<Instant> lastRun = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Vertx vertx;
    private long timer = -1;

    public ApiKeyRemover(Vertx vertx, ApiKeyStore store, ApiKeyRetention retention, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** Starts the periodic check (the first check comes one period after start). */
    public ApiKeyRemover start() {
        long period = Math.max(100, Math.min(MAX_TIMER_MILLIS, retention.interval().toMillis()));
        timer = vertx.setPeriodic(period, id -> maybeRun());
        return this;
    }

    /** Runs a removal if one is due and none is running; the answer is how many keys went (0 if none ran). */
    public Future<Long> maybeRun() {
        Instant now = clock.instant();
        Instant last = lastRun.get();
        if (!retention.due(now, last) || !running.compareAndSet(false, true)) return Future.succeededFuture(0L);
        if (!lastRun.compareAndSet(last, now)) {
            running.set(false);
            return Future.succeededFuture(0L);
        }
        return store.deleteRetired(retention.deleteQuery(now)).andThen(ar -> {
            running.set(false);
            if (ar.failed()) {
                LOG.warn("removing invalidated and expired API keys failed", ar.cause());
            } else if (ar.result() > 0) {
                LOG.info("removed {} invalidated or expired API keys older than {}", ar.result(), retention.retentionPeriod());
            }
        });
    }

    @Override
    public void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }
}
