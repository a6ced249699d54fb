package io.keygate.server.metrics;

import io.keygate.server.backend.BackendTimings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code keygate.backend.requests}: the backend's answer times as a histogram, by who asked ({@code source}: {@code proxy}
 * or {@code keygate}) and the answer's status class ({@code 2xx} … {@code 5xx}, {@code none} when there was no answer).
 * One timer per cell, registered on first use and then found by array index: no lookup by name, no tag objects and no
 * string built per request.
 */
public final class BackendLatency implements BackendTimings {
    static final String NAME = "keygate.backend.requests";
    /** Index 0: no answer; 1..5: the status' hundreds. */
    private static final String[] STATUS = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    /** By {@code source.ordinal() * STATUS.length + status}; read and written by every event loop (safe publication). */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Source.values().length * STATUS.length);

    public BackendLatency(KeygateMetrics metrics) {
        this.registry = metrics.registry();
    }

    @Override
    public void answered(Source source, long startNanos, int status) {
        int cls = status / 100;
        record(source, cls >= 1 && cls <= 5 ? cls : 0, startNanos);
    }

    @Override
    public void failed(Source source, long startNanos) {
        record(source, 0, startNanos);
    }

    private void record(Source source, int status, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        int i = source.ordinal() * STATUS.length + status;
        Timer timer = timers.get(i);
        if (timer == null) { // a race registers it twice: the registry answers the same timer both times
            timer = timer(source, status);
            timers.set(i, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Source source, int status) {
        return Timer.builder(NAME)
                .description("Backend requests, from asking for a connection until the answer's headers arrived")
                .tag("source", source.name().toLowerCase(java.util.Locale.ROOT)).tag("status", STATUS[status])
                .publishPercentileHistogram()
                .register(registry);
    }
}
