package io.keygate.server.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The batching rules, with a reader whose answers the test gives by hand (no I/O, no event loop). */
class BatchedReadsTest {

    /** One call of the reader: the keys it was asked for, and the answer the test completes. */
    private record Call(List<String> keys, Promise<Map<String, String>> answer) {}

    private final List<Call> calls = new ArrayList<>();

    private BatchedReads<String, String> reads(int maxBatch, int maxInFlight) {
        return new BatchedReads<>(keys -> {
            Call call = new Call(keys, Promise.promise());
            calls.add(call);
            return call.answer().future();
        }, maxBatch, maxInFlight);
    }

    private List<List<String>> sent() {
        return calls.stream().map(Call::keys).toList();
    }

    @Test
    void anIdleReaderSendsAReadAtOnceAlone() {
        BatchedReads<String, String> reads = reads(64, 1);
        Future<String> a = reads.get("a");
        assertThat(sent()).containsExactly(List.of("a"));
        assertThat(a.isComplete()).isFalse();
        calls.get(0).answer().complete(Map.of("a", "doc-a"));
        assertThat(a.result()).isEqualTo("doc-a");
    }

    @Test
    void readsAskedForWhileABatchIsOutGoTogetherWhenItComesBack() {
        BatchedReads<String, String> reads = reads(64, 1);
        Future<String> a = reads.get("a");
        Future<String> b = reads.get("b");
        Future<String> c = reads.get("c");
        Future<String> d = reads.get("d");
        assertThat(sent()).containsExactly(List.of("a"));
        calls.get(0).answer().complete(Map.of("a", "doc-a"));
        assertThat(sent()).containsExactly(List.of("a"), List.of("b", "c", "d"));
        assertThat(a.result()).isEqualTo("doc-a");
        assertThat(b.isComplete()).isFalse();
        calls.get(1).answer().complete(Map.of("b", "doc-b", "d", "doc-d")); // c does not exist
        assertThat(b.result()).isEqualTo("doc-b");
        assertThat(c.succeeded()).isTrue();
        assertThat(c.result()).isNull();
        assertThat(d.result()).isEqualTo("doc-d");
        assertThat(reads.batches()).isEqualTo(2);
        assertThat(reads.keysRead()).isEqualTo(4);
    }

    @Test
    void severalBatchesMayBeOutAtOnce() {
        BatchedReads<String, String> reads = reads(64, 2);
        reads.get("a");
        reads.get("b");
        reads.get("c");
        reads.get("d");
        assertThat(sent()).containsExactly(List.of("a"), List.of("b"));
        calls.get(1).answer().complete(Map.of());
        assertThat(sent()).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
    }

    @Test
    void waitingReadsOfOneKeyShareOneSlotAndOneAnswer() {
        BatchedReads<String, String> reads = reads(64, 1);
        reads.get("first");
        Future<String> x1 = reads.get("x");
        Future<String> y = reads.get("y");
        Future<String> x2 = reads.get("x");
        calls.get(0).answer().complete(Map.of());
        assertThat(sent().get(1)).containsExactly("x", "y");
        calls.get(1).answer().complete(Map.of("x", "doc-x", "y", "doc-y"));
        assertThat(x1.result()).isEqualTo("doc-x");
        assertThat(x2.result()).isEqualTo("doc-x");
        assertThat(y.result()).isEqualTo("doc-y");
    }

    @Test
    void aKeyIsNotAnsweredFromABatchSentBeforeItWasAskedFor() {
        // the batch out may predate a change this node made (an update evicts the key, then reads it again)
        BatchedReads<String, String> reads = reads(64, 1);
        Future<String> before = reads.get("k");
        Future<String> after = reads.get("k");
        assertThat(sent()).containsExactly(List.of("k"));
        calls.get(0).answer().complete(Map.of("k", "old"));
        assertThat(before.result()).isEqualTo("old");
        assertThat(after.isComplete()).isFalse();
        assertThat(sent()).containsExactly(List.of("k"), List.of("k"));
        calls.get(1).answer().complete(Map.of("k", "new"));
        assertThat(after.result()).isEqualTo("new");
    }

    @Test
    void aBatchHoldsAtMostMaxBatchKeysTheOldestFirst() {
        BatchedReads<String, String> reads = reads(2, 1);
        reads.get("a");
        for (String k : List.of("b", "c", "d", "e", "f")) reads.get(k);
        calls.get(0).answer().complete(Map.of());
        calls.get(1).answer().complete(Map.of());
        calls.get(2).answer().complete(Map.of());
        assertThat(sent()).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"), List.of("f"));
    }

    @Test
    void aFailedBatchFailsEachOfItsWaitersWithItsErrorAndTheNextBatchStillGoes() {
        BatchedReads<String, String> reads = reads(64, 1);
        reads.get("a");
        Future<String> b = reads.get("b");
        Future<String> c1 = reads.get("c");
        Future<String> c2 = reads.get("c");
        calls.get(0).answer().complete(Map.of());
        reads.get("d"); // waits for the batch [b, c]
        IllegalStateException down = new IllegalStateException("mget on .keygate-security failed: 500");
        calls.get(1).answer().fail(down);
        for (Future<String> f : List.of(b, c1, c2)) {
            assertThat(f.failed()).isTrue();
            assertThat(f.cause()).isSameAs(down);
        }
        assertThat(sent()).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
    }

    @Test
    void aReaderThatThrowsFailsItsWaitersAndFreesItsSlot() {
        List<List<String>> asked = new ArrayList<>();
        BatchedReads<String, String> reads = new BatchedReads<>(keys -> {
            asked.add(keys);
            if (keys.contains("boom")) throw new IllegalStateException("boom");
            return Future.succeededFuture(Map.of("ok", "doc-ok"));
        }, 64, 1);
        Future<String> boom = reads.get("boom");
        assertThat(boom.failed()).isTrue();
        assertThat(boom.cause()).hasMessage("boom");
        assertThat(reads.get("ok").result()).isEqualTo("doc-ok");
        assertThat(asked).containsExactly(List.of("boom"), List.of("ok"));
    }
}
