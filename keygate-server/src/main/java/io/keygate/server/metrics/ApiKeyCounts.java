package io.keygate.server.metrics;

import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * API keys by status, and active ones expiring soon, for the metrics: counted by one search every interval (not at
 * scrape time, so that scrapes cost the backend nothing). Until the first count, and while the backend is away,
 * the gauges keep their last values.
 */
public final class ApiKeyCounts implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiKeyCounts.class);
    public static final String EXPIRING_SOON = "keygate.security.authc.api_key.expiring_soon";

    private final Vertx vertx;
    private final ApiKeyStore store;
    private final Clock clock;
    private final Duration soon;
    private volatile Map<String, Long> counts = Map.of();
    private long timer = -1;

    public ApiKeyCounts(Vertx vertx, ApiKeyStore store, Clock clock, Duration soon, KeygateMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.soon = soon;
        for (String status : new String[]{"active", "expired", "invalidated"}) {
            metrics.gauge("keygate.api_keys", "API keys by status (counted every refresh interval)",
                    () -> counts.getOrDefault(status, 0L), "status", status);
        }
        metrics.gauge("keygate.api_keys.expiring_soon", "Active API keys that expire within " + EXPIRING_SOON,
                () -> counts.getOrDefault("expiring_soon", 0L));
    }

    public ApiKeyCounts start(long intervalMillis) {
        refresh();
        timer = vertx.setPeriodic(intervalMillis, id -> refresh());
        return this;
    }

    private void refresh() {
        store.countByStatus(clock.instant(), soon)
                .onSuccess(c -> counts = Map.copyOf(c))
                .onFailure(e -> LOG.debug("counting API keys failed: {}", e.toString()));
    }

    @Override
    public void close() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }
}
