package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user with no privileges sends huge bodies to an API Keygate parses itself, to a Keygate running with
 * the heap bin/keygate gives it: the node refuses them (413, or 429 from the in-flight requests breaker)
 * before it holds them, and the superuser is served throughout.
 */
class InFlightRequestsIT {
    private static final String USER = "inflight_nobody";
    private static final String PASSWORD = "inflight-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void userWithoutPrivileges() {
        assertThat(call("PUT", "/_security/user/" + USER, elastic(), "{\"password\":\"" + PASSWORD + "\",\"roles\":[]}").status())
                .isIn(200, 201);
    }

    @Test
    void fiveConcurrentHugeBodiesDoNotStopTheSuperuserBeingServed() throws Exception {
        assertThat(ChildKeygate.jvmOptions()).contains("-Xmx256m");
        try (ChildKeygate node = ChildKeygate.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Answer>> attacks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                attacks.add(pool.submit(() -> sendBody(node.port(), "/_security/_authenticate", 95L << 20, true)));
            }
            // the superuser, all along the attack: every GET / answered, and quickly
            List<Long> millis = new ArrayList<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/"))
                        .header("Authorization", elastic()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                millis.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(50);
            }
            for (Future<Answer> attack : attacks) {
                Answer a = attack.get(60, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(413);
                assertThat(a.json().path("error").path("type").asText()).isEqualTo("content_too_long_exception");
                assertThat(a.json().path("error").path("reason").asText()).contains("keygate.security.api.max_content_length");
            }
            pool.shutdownNow();
            System.out.println("[inflight] superuser GET / during the attack: " + millis.size() + " answers, max "
                    + millis.stream().mapToLong(Long::longValue).max().orElse(0) + " ms");
            assertThat(node.alive()).isTrue();
            assertThat(node.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
        }
    }

    @Test
    void pastTheInFlightLimitABodyIsRefusedWith429BeforeItIsRead() throws Exception {
        try (ChildKeygate node = ChildKeygate.start("keygate.security.api.max_content_length=100mb",
                "network.breaker.inflight_requests.limit=64mb")) {
            // the user's credentials verified once, so that the next requests authenticate at once
            assertThat(TestKeygate.call(node.url(), "GET", "/_security/_authenticate", basic(USER, PASSWORD), null, "application/json")
                    .status()).isEqualTo(200);
            // the first body is announced and held (its bytes reserved) while it trickles in
            try (Socket holder = new Socket("127.0.0.1", node.port())) {
                OutputStream out = holder.getOutputStream();
                out.write(head("/_security/_authenticate", 60L << 20).getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1 << 20]);
                out.flush();
                Thread.sleep(2_000);
                // a second one that would take the node past its limit: 429, without sending a byte of its body
                Answer refused = sendBody(node.port(), "/_security/_authenticate", 5L << 20, false);
                assertThat(refused.status()).as(refused.body()).isEqualTo(429);
                JsonNode error = refused.json().path("error");
                assertThat(error.path("type").asText()).isEqualTo("circuit_breaking_exception");
                assertThat(error.path("root_cause").get(0).path("type").asText()).isEqualTo("circuit_breaking_exception");
                assertThat(error.path("reason").asText()).startsWith("[in_flight_requests] Data too large, data for [<http_request>] would be [");
                assertThat(error.path("bytes_wanted").asLong()).isGreaterThan(64L << 20);
                assertThat(error.path("bytes_limit").asLong()).isEqualTo(64L << 20);
                assertThat(error.path("durability").asText()).isEqualTo("TRANSIENT");
                assertThat(refused.json().path("status").asInt()).isEqualTo(429);
                // the superuser meanwhile
                assertThat(TestKeygate.call(node.url(), "GET", "/", elastic(), null, "application/json").status()).isEqualTo(200);
            }
            // the first connection gone, its bytes are released: the same body is read and answered
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Answer later;
            do {
                // (5 MB: held with its copy and what parsing it may take, ~55 MB of the 64)
                later = sendBody(node.port(), "/_security/_authenticate", 5L << 20, true);
            } while (later.status() == 429 && System.nanoTime() < deadline);
            assertThat(later.status()).as(later.body()).isEqualTo(200);
            assertThat(later.json().path("username").asText()).isEqualTo(USER);
        }
    }

    @Test
    void anAnswerKeygateRewritesIsHeldOnlyWithinTheLimit() throws Exception {
        // ~3 MB of documents: a scroll page of all of them is an answer Keygate holds to re-sign its scroll id
        StringBuilder bulk = new StringBuilder();
        String filler = "x".repeat(10_000);
        for (int i = 0; i < 300; i++) bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n{\"f\":\"").append(filler).append("\"}\n");
        TestKeygate.Response loaded = TestKeygate.call(TestKeygate.backendUrl(), "POST", "/inflight-answers/_bulk?refresh=true", null,
                bulk.toString(), "application/x-ndjson");
        assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
        try (ChildKeygate node = ChildKeygate.start("network.breaker.inflight_requests.limit=2mb")) {
            TestKeygate.Response big = TestKeygate.call(node.url(), "POST", "/inflight-answers/_search?scroll=1m", elastic(),
                    "{\"size\":300}", "application/json");
            assertThat(big.status()).as(big.text()).isEqualTo(429);
            assertThat(big.json().path("error").path("type").asText()).isEqualTo("circuit_breaking_exception");
            // a page within the limit is served, and keeps being served: nothing of the refused one is still held
            for (int i = 0; i < 3; i++) {
                TestKeygate.Response small = TestKeygate.call(node.url(), "POST", "/inflight-answers/_search?scroll=1m", elastic(),
                        "{\"size\":10}", "application/json");
                assertThat(small.status()).as(small.text()).isEqualTo(200);
                assertThat(small.json().path("hits").path("hits")).hasSize(10);
            }
            assertThat(node.alive()).isTrue();
        }
    }

    @Test
    void aBulkWhoseAnswerMustBeMergedIsRefusedBeforeItRunsWhenItsAnswersWouldNotFit() throws Exception {
        assertThat(call("PUT", "/_security/role/inflight_writer", elastic(),
                "{\"indices\":[{\"names\":[\"inflight-bulk\"],\"privileges\":[\"create_doc\",\"create_index\"]}]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/inflight_writer", elastic(),
                "{\"password\":\"" + PASSWORD + "\",\"roles\":[\"inflight_writer\"]}").status()).isIn(200, 201);
        String writer = basic("inflight_writer", PASSWORD);
        try (ChildKeygate node = ChildKeygate.start("network.breaker.inflight_requests.limit=1mb")) {
            // one refused item among a thousand: its answer would be held and merged, ~2 MB counted, past the limit
            StringBuilder big = new StringBuilder("{\"create\":{\"_index\":\"not-mine\"}}\n{\"n\":0}\n");
            for (int i = 1; i < 1000; i++) big.append("{\"create\":{\"_index\":\"inflight-bulk\"}}\n{\"n\":").append(i).append("}\n");
            TestKeygate.Response refused = TestKeygate.call(node.url(), "POST", "/_bulk?refresh=true", writer, big.toString(),
                    "application/x-ndjson");
            assertThat(refused.status()).as(refused.text()).isEqualTo(429);
            assertThat(refused.json().path("error").path("type").asText()).isEqualTo("circuit_breaking_exception");
            // nothing of it ran
            assertThat(TestKeygate.backend("GET", "/inflight-bulk/_count", null).status()).isEqualTo(404);
            // a small one is merged and answered item by item, again and again (nothing stays held)
            for (int round = 0; round < 3; round++) {
                TestKeygate.Response small = TestKeygate.call(node.url(), "POST", "/_bulk?refresh=true", writer,
                        "{\"create\":{\"_index\":\"not-mine\"}}\n{\"n\":0}\n{\"create\":{\"_index\":\"inflight-bulk\"}}\n{\"n\":1}\n",
                        "application/x-ndjson");
                assertThat(small.status()).as(small.text()).isEqualTo(200);
                assertThat(small.json().path("items").get(0).path("create").path("status").asInt()).isEqualTo(403);
                assertThat(small.json().path("items").get(1).path("create").path("status").asInt()).isEqualTo(201);
            }
            assertThat(TestKeygate.backend("GET", "/inflight-bulk/_count", null).json().path("count").asInt()).isEqualTo(3);
        }
    }

    /**
     * A reader sends bodies Keygate must read that are small as sent and huge as read, to a node at its defaults: a
     * megabyte of gzip that inflates past the breaker (a search, a bulk), a body just under
     * {@code http.max_content_length}, bodies of the shape that parses into the most heap per byte, and bulks with a
     * 90 MB action line, all at once. Each one used to end the node ({@code OutOfMemoryError}, every client cut off); now
     * each is refused with Elasticsearch's 429, 413 or 400 and the node serves on.
     */
    @Test
    void bodiesKeygateParsesAreCountedAsReadAndParsedNotAsSent() throws Exception {
        assertThat(call("PUT", "/_security/role/inflight_reader", elastic(),
                "{\"indices\":[{\"names\":[\"inflight-logs*\"],\"privileges\":[\"read\"]},"
                + "{\"names\":[\"inflight-elsewhere\"],\"privileges\":[\"create_doc\"]}]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/inflight_reader", elastic(),
                "{\"password\":\"" + PASSWORD + "\",\"roles\":[\"inflight_reader\"]}").status()).isIn(200, 201);
        assertThat(TestKeygate.backend("PUT", "/inflight-logs/_doc/1?refresh=true", "{\"m\":\"kept\"}").status()).isIn(200, 201);
        String reader = basic("inflight_reader", PASSWORD);

        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(compressed)) {
            gz.write("{\"query\":{\"term\":{\"m\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] letters = new byte[1 << 20];
            java.util.Arrays.fill(letters, (byte) 'a');
            for (int i = 0; i < 400; i++) gz.write(letters);
            gz.write("\"}}}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bomb = compressed.toByteArray();
        byte[] nearTheLimit = ("{\"query\":{\"term\":{\"m\":\"" + "a".repeat(90 << 20) + "\"}}}").getBytes(StandardCharsets.UTF_8);
        byte[] manyValues = ("{\"query\":{\"ids\":{\"values\":[" + "\"a\",".repeat(3 << 20) + "\"a\"]}}}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream compressedBulk = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(compressedBulk)) {
            gz.write("{\"create\":{\"_index\":\"inflight-logs\"}}\n{\"m\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] letters = new byte[1 << 20];
            java.util.Arrays.fill(letters, (byte) 'a');
            for (int i = 0; i < 400; i++) gz.write(letters);
            gz.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bulkBomb = compressedBulk.toByteArray();
        byte[] longActionLine = ("{\"create\":{\"_index\":\"inflight-logs\",\"routing\":\"" + "r".repeat(90 << 20) + "\"}}\n{\"m\":1}\n")
                .getBytes(StandardCharsets.UTF_8);
        System.out.printf("[inflight] bodies: %,d bytes of gzip for 400 MB, %,d plain, %,d of one-letter values%n",
                bomb.length, nearTheLimit.length, manyValues.length);

        try (ChildKeygate node = ChildKeygate.start()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            java.util.function.BiFunction<byte[], Boolean, Answer> search = (body, gzip) -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + "/inflight-logs/_search"))
                        .header("Authorization", reader).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (gzip) b.header("Content-Encoding", "gzip");
                try {
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    return new Answer(r.statusCode(), r.body());
                } catch (IOException | InterruptedException e) {
                    return new Answer(-1, "no answer: " + e);
                }
            };
            java.util.function.BiFunction<byte[], Boolean, Answer> bulk = (body, gzip) -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + "/_bulk"))
                        .header("Authorization", reader).header("Content-Type", "application/x-ndjson")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (gzip) b.header("Content-Encoding", "gzip");
                try {
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    return new Answer(r.statusCode(), r.body());
                } catch (IOException | InterruptedException e) {
                    return new Answer(-1, "no answer: " + e);
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Answer>> attacks = new ArrayList<>();
            attacks.add(pool.submit(() -> search.apply(bomb, true)));
            attacks.add(pool.submit(() -> search.apply(bomb, true)));
            attacks.add(pool.submit(() -> search.apply(nearTheLimit, false)));
            for (int i = 0; i < 3; i++) attacks.add(pool.submit(() -> search.apply(manyValues, false)));
            // a bulk is streamed, not held: a compressed one inflates a slice at a time (its items are refused: the
            // reader writes elsewhere, so nothing reaches the backend), and an action line may not be longer than a megabyte
            List<Future<Answer>> bulks = new ArrayList<>();
            for (int i = 0; i < 2; i++) bulks.add(pool.submit(() -> bulk.apply(bulkBomb, true)));
            List<Future<Answer>> actionLines = new ArrayList<>();
            for (int i = 0; i < 2; i++) actionLines.add(pool.submit(() -> bulk.apply(longActionLine, false)));
            for (Future<Answer> attack : attacks) {
                Answer a = attack.get(120, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(429);
                assertThat(a.json().path("error").path("type").asText()).isEqualTo("circuit_breaking_exception");
            }
            for (Future<Answer> attack : bulks) {
                Answer a = attack.get(120, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(413);
                assertThat(a.json().path("error").path("type").asText()).isEqualTo("content_too_long_exception");
            }
            for (Future<Answer> attack : actionLines) {
                Answer a = attack.get(120, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.body()).isEqualTo(400);
                assertThat(a.json().path("error").path("reason").asText())
                        .isEqualTo("Malformed action/metadata line [1], longer than [1048576] bytes");
            }
            pool.shutdownNow();
            assertThat(node.alive()).isTrue();
            assertThat(node.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
            // nothing of them is still held: the reader's ordinary search is served
            Answer ordinary = search.apply("{\"query\":{\"term\":{\"m\":\"kept\"}}}".getBytes(StandardCharsets.UTF_8), false);
            assertThat(ordinary.status()).as(ordinary.body()).isEqualTo(200);
            assertThat(ordinary.json().path("hits").path("total").path("value").asInt()).isEqualTo(1);
        }
    }

    record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static String head(String path, long length) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic(USER, PASSWORD)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** Sends the head and (when {@code sendBody}) a body of spaces in the background; reads the answer. */
    private static Answer sendBody(int port, String path, long length, boolean sendBody) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(path, length).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = null;
            if (sendBody) {
                writer = new Thread(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    try {
                        out.write('{'); // a JSON object padded with spaces: {   …   }
                        for (long sent = 2; sent < length; sent += chunk.length) {
                            out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
                        }
                        out.write('}');
                        out.flush();
                    } catch (IOException ignored) {
                        // the answer came first and the socket closed
                    }
                });
                writer.setDaemon(true);
                writer.start();
            }
            Answer answer = readAnswer(socket.getInputStream());
            return answer;
        }
    }

    /** One HTTP/1.1 answer with a Content-Length body. */
    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b, state = 0;
        while (state < 4 && (b = in.read()) >= 0) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }
}
