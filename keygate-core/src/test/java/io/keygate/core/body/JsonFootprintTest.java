package io.keygate.core.body;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The estimate is never below what one parse into Keygate's tree really allocates (measured on this thread), for the
 * shapes that make the most heap of the fewest bytes and for ordinary bodies.
 */
class JsonFootprintTest {

    record Shape(String name, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String repeat(int n, IntFunction<String> item, String open, String close) {
        return IntStream.range(0, n).mapToObj(item).collect(Collectors.joining(",", open, close));
    }

    static List<Shape> shapes() {
        int n = 50_000;
        return List.of(
                new Shape("one-letter strings", repeat(n, i -> "\"a\"", "[", "]")),
                new Shape("distinct short strings", repeat(n, i -> "\"" + Integer.toString(i, 36) + "\"", "[", "]")),
                new Shape("small integers", repeat(n, i -> Integer.toString(i), "[", "]")),
                new Shape("single digits", repeat(n, i -> Integer.toString(i % 10), "[", "]")),
                new Shape("decimals", repeat(n, i -> i + ".25", "[", "]")),
                new Shape("long integers", repeat(n, i -> "12345678901234567890123" + i, "[", "]")),
                new Shape("empty objects", repeat(n, i -> "{}", "[", "]")),
                new Shape("empty arrays", repeat(n, i -> "[]", "[", "]")),
                new Shape("one-key objects", repeat(n, i -> "{\"a\":1}", "[", "]")),
                new Shape("many keys", repeat(n, i -> "\"k" + i + "\":" + i, "{", "}")),
                new Shape("booleans and nulls", repeat(n, i -> i % 2 == 0 ? "true" : "null", "[", "]")),
                new Shape("nested", "{\"a\":".repeat(190) + "1" + "}".repeat(190)),
                new Shape("one long string", "{\"query\":{\"term\":{\"f\":\"" + "x".repeat(1 << 20) + "\"}}}"),
                new Shape("one long non-Latin string", "{\"f\":\"" + "\u65e5\u672c".repeat(200_000) + "\"}"),
                new Shape("escaped string", "{\"f\":\"" + "\\u0041".repeat(100_000) + "\"}"),
                new Shape("a search", "{\"size\":10,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"service.name\":\"api\"}},"
                        + "{\"range\":{\"@timestamp\":{\"gte\":\"now-15m\"}}}],\"must\":[{\"match\":{\"message\":\"error timeout\"}}]}},"
                        + "\"sort\":[{\"@timestamp\":\"desc\"}],\"_source\":[\"message\",\"@timestamp\"]}"),
                new Shape("terms lookup of ids", "{\"query\":{\"ids\":{\"values\":" + repeat(20_000, i -> "\"id-" + i + "\"", "[", "]") + "}}}"));
    }

    private static long allocatedBy(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void theEstimateIsNeverBelowWhatAParseAllocates(Shape shape) {
        byte[] json = shape.json().getBytes(StandardCharsets.UTF_8);
        CanonicalJson.parse(json); // classes loaded, buffers recycled: what is measured is the parse itself
        long allocated = allocatedBy(() -> CanonicalJson.parse(json));
        long estimate = JsonFootprint.estimate(json);
        System.out.printf("[footprint] %-26s %,11d bytes: parse allocated %,12d, estimate %,12d (%.1fx)%n", shape,
                json.length, allocated, estimate, (double) estimate / allocated);
        assertThat(estimate).as(shape.name()).isGreaterThanOrEqualTo(allocated);
    }
}
