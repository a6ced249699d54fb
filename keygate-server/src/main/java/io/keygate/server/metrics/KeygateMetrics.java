package io.keygate.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Keygate's metrics, scraped at {@code /_keygate/metrics} in Prometheus' text format (Micrometer): requests by
 * family and outcome with a latency histogram (time to the answer's headers), API key authentication cache hits and
 * misses, usage writes, the backend's answer times ({@link BackendLatency}) and breaker trips. Recording is a lookup in a
 * map and an atomic add: nothing on the request's path blocks.
 */
public final class KeygateMetrics {
    public static final String PATH = "/_keygate/metrics";
    /** Under {@code cluster:monitor/*}: the {@code monitor} cluster privilege (and {@code all}) grants it. */
    public static final String ACTION = "cluster:monitor/keygate/metrics";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** One answered request: {@code family} from its path, {@code status} the answer's. */
    public void requestDone(String path, int status, long nanos) {
        String family = family(path);
        String outcome = outcome(status);
        timers.computeIfAbsent(family + '|' + outcome, k -> Timer.builder("keygate.requests")
                .description("Requests by family and outcome; the time until the answer's headers went out")
                .tag("family", family).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A monotonic count read when scraped (e.g. cache hits), as {@code <name>_total}, with tags given as name, value… */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> read, String... tags) {
        FunctionCounter.builder(name, source, read).description(description).tags(tags).register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** A value read when scraped, with tags given as name, value, name, value… */
    public void gauge(String name, String description, Supplier<Number> read, String... tags) {
        Gauge.builder(name, read).description(description).tags(tags).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** What kind of request a path is: Keygate's own APIs, the UI, or data by its main endpoint. */
    static String family(String path) {
        if (path == null) return "other";
        if (path.equals("/_security") || path.startsWith("/_security/")) return "security";
        if (path.equals("/_keygate") || path.startsWith("/_keygate/")) return "keygate";
        if (path.endsWith("/_bulk") || path.equals("/_bulk")) return "bulk";
        if (path.contains("/_search") || path.contains("/_msearch") || path.contains("/_count")) return "search";
        if (path.contains("/_doc") || path.contains("/_create") || path.contains("/_update")) return "document";
        if (path.equals("/") || path.startsWith("/_cluster") || path.startsWith("/_cat") || path.startsWith("/_nodes")) return "cluster";
        return "other";
    }

    static String outcome(int status) {
        if (status < 400) return "success";
        return switch (status) {
            case 401 -> "authentication_failed";
            case 403 -> "denied";
            case 429 -> "rejected";
            default -> status < 500 ? "client_error" : "server_error";
        };
    }
}
