package io.keygate.core.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.error.EsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The property behind "forward what you checked": for a corpus of bodies, in every encoding a client may use (plain,
 * gzip, zlib and raw deflate, the {@code source} parameter), the bytes Keygate forwards are the canonical form of the
 * content it checked, the same whatever the encoding, a fixed point of checking again, and the targets found are the
 * same everywhere.
 */
class CheckedFormTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T20:15:30Z"), ZoneOffset.UTC);
    static final RequestClassifier CLASSIFIER = new RequestClassifier(CLOCK);
    static final BodyChecks CHECKS = new BodyChecks(CLOCK);
    static final long MAX = 1 << 20;

    record Case(String method, String path, String body, String contentType) {
        @Override public String toString() { return method + " " + path + " " + body.replace("\n", "\\n"); }
    }

    static List<Case> corpus() {
        String lookup = "{\"terms\":{\"user\":{\"index\":\"users\",\"id\":\"1\",\"path\":\"followers\"}}}";
        String wrapped = Base64.getEncoder().encodeToString(lookup.getBytes(StandardCharsets.UTF_8));
        return List.of(
                new Case("POST", "/logs/_search", "{\"query\":{\"match_all\":{}}}", "application/json"),
                new Case("POST", "/logs/_search", "  {\"size\" : 10,\n \"query\":{\"bool\":{\"filter\":[" + lookup + "]}}}\n", "application/json"),
                new Case("POST", "/logs/_search", "{\"query\":{\"wrapper\":{\"query\":\"" + wrapped + "\"}}}", "application/json; charset=UTF-8"),
                new Case("POST", "/logs/_search", "{\"query\":{\"range\":{\"n\":{\"gte\":0.1000000000000000055511151231257827}}},\"min_score\":1e-7}", "application/vnd.elasticsearch+json; compatible-with=9"),
                new Case("POST", "/logs/_count", "{\"query\":{\"geo_shape\":{\"loc\":{\"indexed_shape\":{\"id\":\"deu\"}}}}}", "application/json"),
                new Case("POST", "/_msearch", "{\"index\":\"logs\"}\n{\"query\":" + lookup + "}\n\n{}\n", "application/x-ndjson"),
                new Case("POST", "/logs/_msearch", "\n{}\r\n{\"query\":{\"match_all\":{}}}\r\n", "application/x-ndjson"),
                new Case("POST", "/_mget", "{\"docs\":[{\"_index\":\"a\",\"_id\":\"1\"},{\"_index\":\"b\",\"_id\":\"2\"}]}", "application/json"),
                new Case("POST", "/_reindex", "{\"source\":{\"index\":\"a\",\"query\":" + lookup + "},\"dest\":{\"index\":\"b\"}}", "application/json"),
                new Case("POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"a\",\"alias\":\"x\",\"filter\":" + lookup + "}}]}", "application/json"),
                new Case("PUT", "/a/_alias/x", "{\"filter\":{\"term\":{\"t\":\"\\u006beygate\"}}}", "application/json"),
                new Case("POST", "/logs/_termvectors/1", "{\"fields\":[\"msg\"],\"offsets\":true}", "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void whatIsForwardedIsWhatWasChecked(Case c) throws IOException {
        Classification cl = CLASSIFIER.classify(new RestRequest(c.method(), c.path(), Map.of()));
        byte[] plain = c.body().getBytes(StandardCharsets.UTF_8);
        List<RequestContent> encodings = List.of(
                RequestContent.of(plain, null, c.contentType(), null, null, MAX),
                RequestContent.of(gzip(plain), "gzip", c.contentType(), null, null, MAX),
                RequestContent.of(gzip(plain), "x-gzip", c.contentType(), null, null, MAX),
                RequestContent.of(deflate(plain, false), "deflate", c.contentType(), null, null, MAX),
                RequestContent.of(deflate(plain, true), "deflate", c.contentType(), null, null, MAX),
                RequestContent.of(new byte[0], null, null, c.body(), c.contentType(), MAX));
        BodyChecks.Checked first = CHECKS.check(cl, encodings.get(0), false, ExpandWildcards.OPEN);
        for (RequestContent content : encodings) {
            assertThat(content.bytes()).as("decoded once, to the client's plain content").isEqualTo(plain);
            BodyChecks.Checked checked = CHECKS.check(cl, content, false, ExpandWildcards.OPEN);
            assertThat(checked.bytes()).as("the same forwarded bytes in every encoding").isEqualTo(first.bytes());
            assertThat(targets(checked)).isEqualTo(targets(first));
        }
        // canonical: checking the forwarded bytes again forwards them unchanged and finds the same targets
        RequestContent again = RequestContent.of(first.bytes(), null, c.contentType(), null, null, MAX);
        BodyChecks.Checked second = CHECKS.check(cl, again, false, ExpandWildcards.OPEN);
        assertThat(second.bytes()).isEqualTo(first.bytes());
        assertThat(targets(second)).isEqualTo(targets(first));
        // and the forwarded bytes mean what the client sent: the same JSON values, line by line
        boolean ndjson = c.contentType().contains("ndjson");
        // (a wrapper query is forwarded as the query it decodes to, the one that was checked)
        assertThat(values(first.bytes(), ndjson)).isEqualTo(values(plain, ndjson).stream().map(CheckedFormTest::unwrapped).toList());
        assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).doesNotContain("wrapper");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void lookupsAreFoundWhereverTheyHide(Case c) {
        Classification cl = CLASSIFIER.classify(new RestRequest(c.method(), c.path(), Map.of()));
        BodyChecks.Checked checked = CHECKS.check(cl, RequestContent.of(c.body().getBytes(StandardCharsets.UTF_8), null,
                c.contentType(), null, null, MAX), false, ExpandWildcards.OPEN);
        boolean hasLookup = c.body().contains("followers") || c.body().contains("wrapper");
        assertThat(targets(checked).contains("indices:data/read/get[users]")).isEqualTo(hasLookup);
        if (c.body().contains("indexed_shape")) assertThat(targets(checked)).contains("indices:data/read/get[shapes]");
    }

    @org.junit.jupiter.api.Test
    void refusesWhatItCannotRead() {
        Classification search = CLASSIFIER.classify(new RestRequest("POST", "/logs/_search", Map.of()));
        byte[] body = "{\"query\":{\"match_all\":{}}}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("application/yaml", "application/cbor", "application/smile", "text/plain")) {
            assertThatThrownBy(() -> RequestContent.of(body, null, type, null, null, MAX))
                    .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(406));
        }
        assertThatThrownBy(() -> RequestContent.of(body, "br", "application/json", null, null, MAX))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> RequestContent.of(body, null, "application/json", "{}", "application/json", MAX))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(400));
        for (String bad : List.of("{\"query\":{},\"query\":{}}", "{\"query\":{}} {}", "[1]", "{\"query\":")) {
            assertThatThrownBy(() -> CHECKS.check(search, RequestContent.of(bad.getBytes(StandardCharsets.UTF_8), null,
                    "application/json", null, null, MAX), false, ExpandWildcards.OPEN))
                    .as(bad).isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        // a gzip bomb stops at the limit
        byte[] zeros = new byte[4 * (int) MAX];
        assertThatThrownBy(() -> RequestContent.of(gzip(zeros), "gzip", "application/json", null, null, MAX))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(413));
        // each inflated piece is offered to the breaker before it is kept: its refusal stops the inflation there
        java.util.concurrent.atomic.AtomicLong offered = new java.util.concurrent.atomic.AtomicLong();
        assertThatThrownBy(() -> RequestContent.of(gzip(zeros), "gzip", "application/json", null, null, 16 * MAX, n -> {
            if (offered.addAndGet(n) > MAX) throw new EsException(429, "circuit_breaking_exception", "full");
        })).isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThat(offered.get()).isBetween(MAX + 1, MAX + 2L * ContentEncodings.PIECE);
    }

    private static List<String> targets(BodyChecks.Checked checked) {
        List<String> out = new ArrayList<>();
        for (BodyChecks.Target t : checked.targets()) {
            ActionTarget a = t.target();
            out.add(a.action() + "[" + (a.indices() == null ? "" : a.indices().toCsv()) + "]");
        }
        return out;
    }

    /**
     * The JSON values of a body: one for JSON; for NDJSON one per line as the backend pairs them (a leading newline
     * skipped, a blank line an empty object).
     */
    private static List<JsonNode> values(byte[] bytes, boolean ndjson) {
        List<JsonNode> out = new ArrayList<>();
        if (!ndjson) {
            out.add(CanonicalJson.parse(bytes));
            return out;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\n")) text = text.substring(1);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) { // the part after the last newline is not read
            String line = lines[i].strip();
            out.add(CanonicalJson.parse((line.isEmpty() ? "{}" : line).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The tree with every {@code {"wrapper":{"query":base64}}} replaced by the query it encodes. */
    private static JsonNode unwrapped(JsonNode node) {
        if (node.isObject()) {
            JsonNode w = node.get("wrapper");
            if (node.size() == 1 && w != null && w.path("query").isTextual()) {
                return unwrapped(CanonicalJson.parse(Base64.getDecoder().decode(w.path("query").asText())));
            }
            com.fasterxml.jackson.databind.node.ObjectNode out = CanonicalJson.MAPPER.createObjectNode();
            node.fields().forEachRemaining(f -> out.set(f.getKey(), unwrapped(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = CanonicalJson.MAPPER.createArrayNode();
            node.forEach(e -> out.add(unwrapped(e)));
            return out;
        }
        return node;
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] plain, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
