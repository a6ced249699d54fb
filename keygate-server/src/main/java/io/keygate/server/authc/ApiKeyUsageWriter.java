package io.keygate.server.authc;

import io.keygate.core.apikey.ApiKey;
import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the usage recorded in memory ({@link ApiKeyUsage}) to the keys' documents, once per interval: one read and
 * one {@code _bulk} for all keys used since the last flush, so at most one write per key per interval, whatever the
 * load. Counts add up across nodes without scripts (the managed backend has none): each update is conditional on the
 * document's sequence number; one that lost to another write goes into the next flush. The change feed does not see
 * these writes, so no node drops its caches for them.
 */
public final class ApiKeyUsageWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiKeyUsageWriter.class);

    private final Vertx vertx;
    private final ApiKeyStore store;
    private final ApiKeyUsage usage;
    private final io.keygate.server.audit.AuditTrail audit;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private long timer = -1;

    /** {@code audit}: each record written is also an {@code api_key_used} audit event (who used a key from where). */
    public ApiKeyUsageWriter(Vertx vertx, ApiKeyStore store, ApiKeyUsage usage, io.keygate.server.audit.AuditTrail audit) {
        this.audit = audit;
        this.vertx = vertx;
        this.store = store;
        this.usage = usage;
    }

    public ApiKeyUsageWriter start(long intervalMillis) {
        timer = vertx.setPeriodic(intervalMillis, id -> {
            if (running.compareAndSet(false, true)) {
                flush().onComplete(done -> running.set(false))
                        .onFailure(e -> LOG.warn("writing API key usage failed (kept for the next flush): {}", e.toString()));
            }
        });
        return this;
    }

    /** Usage records written so far (a metric). */
    public long writes() {
        return writes.get();
    }

    /** Writes what was recorded since the last flush. */
    public Future<Void> flush() {
        List<ApiKeyUsage.Drained> drained = usage.drain();
        if (drained.isEmpty()) return Future.succeededFuture();
        Map<String, ApiKeyUsage.Drained> byId = new HashMap<>();
        drained.forEach(d -> byId.put(d.id(), d));
        return store.usageOf(byId.keySet()).compose(current -> {
            List<ApiKeyStore.UsageWrite> updates = new ArrayList<>();
            for (ApiKeyStore.StoredUsage c : current) { // keys deleted meanwhile are not there: their use is dropped
                ApiKeyUsage.Drained d = byId.get(c.id());
                if (d != null) updates.add(new ApiKeyStore.UsageWrite(c.id(), c.seqNo(), c.primaryTerm(), merge(c.usage(), d.pending())));
            }
            return store.writeUsage(updates);
        }).<Void>map(outcome -> {
            outcome.forEach((id, result) -> {
                switch (result) {
                    case WRITTEN -> {
                        writes.incrementAndGet();
                        ApiKeyUsage.Pending p = byId.get(id).pending(); // audited once: when written (a retried one later)
                        audit.apiKeyUsed(id, p.count(), p.address(), p.userAgent());
                    }
                    case CONFLICT -> usage.putBack(byId.get(id)); // another node wrote first: next time
                    case GONE -> { }
                    case FAILED -> LOG.warn("API key usage of [{}] not written", id);
                }
            });
            return null;
        }).recover(e -> {
            drained.forEach(usage::putBack); // the backend is away: nothing is lost, it waits
            return Future.failedFuture(e);
        });
    }

    static ApiKey.Usage merge(ApiKey.Usage stored, ApiKeyUsage.Pending p) {
        if (stored == null || stored.lastUsed() == null || stored.lastUsed().toEpochMilli() <= p.lastUsed()) {
            return new ApiKey.Usage(Instant.ofEpochMilli(p.lastUsed()), (stored == null ? 0 : stored.requestCount()) + p.count(),
                    p.address(), p.userAgent());
        }
        return new ApiKey.Usage(stored.lastUsed(), stored.requestCount() + p.count(), stored.lastAddress(), stored.lastUserAgent());
    }

    @Override
    public void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }
}
