package io.keygate.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads by key, gathered adaptively: a read asked for while fewer than {@code maxInFlight} batches are out goes at once
 * (alone, when the node is idle: no timer, no delay); one asked for while they are all out waits and goes with every other
 * waiting key in the next batch, sent the moment a batch comes back. So a burst of cold API keys costs one backend request
 * per round trip instead of one per key, and a single key costs what it did.
 *
 * <p>Rules: a batch holds at most {@code maxBatch} keys; waiting reads of the same key share one slot and one answer; a
 * key is never answered from a batch that was sent before it was asked for (a read always starts after its request
 * did, so a change made on this node before the request is seen). A key absent from a batch's answer reads as
 * {@code null}; a failed batch fails each of its waiters with the batch's error.
 *
 * <p>Each waiter is answered on the Vert.x context it asked from (a batch may be sent and answered on another event loop).
 */
public final class BatchedReads<K, V> {

    /** Reads many keys at once: a map from each key found to its value (absent keys: not found). */
    @FunctionalInterface
    public interface BatchRead<K, V> {
        Future<Map<K, V>> read(List<K> keys);
    }

    private record Waiter<V>(Context context, Promise<V> promise) {}

    private final BatchRead<K, V> reader;
    private final int maxBatch;
    private final int maxInFlight;
    /** Keys asked for and not yet sent, in arrival order, each with everyone waiting for it. Guarded by {@code this}. */
    private final LinkedHashMap<K, List<Waiter<V>>> waiting = new LinkedHashMap<>();
    private int inFlight;
    private long batches;
    private long keysRead;

    public BatchedReads(BatchRead<K, V> reader, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        this.reader = reader;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    public Future<V> get(K key) {
        Waiter<V> waiter = new Waiter<>(Vertx.currentContext(), Promise.promise());
        Map<K, List<Waiter<V>>> batch = null;
        synchronized (this) {
            waiting.computeIfAbsent(key, k -> new ArrayList<>(1)).add(waiter);
            if (inFlight < maxInFlight) batch = take();
        }
        if (batch != null) send(batch);
        return waiter.promise().future();
    }

    /** Backend requests sent, and keys they carried (a key shared by several waiters counts once). */
    public synchronized long batches() {
        return batches;
    }

    public synchronized long keysRead() {
        return keysRead;
    }

    /** The next batch out of the waiting keys (the oldest first), counted as in flight. Holds the lock. */
    private Map<K, List<Waiter<V>>> take() {
        Map<K, List<Waiter<V>>> batch = new LinkedHashMap<>();
        var it = waiting.entrySet().iterator();
        while (it.hasNext() && batch.size() < maxBatch) {
            var e = it.next();
            batch.put(e.getKey(), e.getValue());
            it.remove();
        }
        inFlight++;
        batches++;
        keysRead += batch.size();
        return batch;
    }

    private void send(Map<K, List<Waiter<V>>> batch) {
        Future<Map<K, V>> answer;
        try {
            answer = reader.read(List.copyOf(batch.keySet()));
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(result -> {
            // the next batch goes out before these waiters run on: the backend reads while this node verifies
            Map<K, List<Waiter<V>>> next = null;
            synchronized (this) {
                inFlight--;
                if (!waiting.isEmpty()) next = take();
            }
            if (next != null) send(next);
            for (var e : batch.entrySet()) {
                for (Waiter<V> w : e.getValue()) {
                    if (result.succeeded()) answer(w, result.result() == null ? null : result.result().get(e.getKey()), null);
                    else answer(w, null, result.cause());
                }
            }
        });
    }

    private static <V> void answer(Waiter<V> w, V value, Throwable failure) {
        Context here = Vertx.currentContext();
        if (w.context() == null || w.context() == here) {
            complete(w.promise(), value, failure);
        } else {
            w.context().runOnContext(v -> complete(w.promise(), value, failure));
        }
    }

    private static <V> void complete(Promise<V> p, V value, Throwable failure) {
        if (failure == null) p.complete(value);
        else p.fail(failure);
    }
}
