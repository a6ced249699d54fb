package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many API keys at once, for scale tests: copies of one key made through the API, written straight
 * into the security index with {@code _bulk} (creating thousands through the API one by one is a
 * test of hashing, not of what these tests measure). Only set-up goes this way; the tests then talk
 * to Keygate.
 */
final class ApiKeyDocsFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = ".keygate-security";

    private ApiKeyDocsFixture() {}

    /** The stored document of a key created through the API. */
    static ObjectNode doc(String id) {
        TestKeygate.Response r = TestKeygate.backend("GET", "/" + INDEX + "/_doc/" + id, null);
        assertThat(r.status()).isEqualTo(200);
        return (ObjectNode) r.json().get("_source");
    }

    /**
     * Writes {@code count} copies of the template, each shaped by {@code shape(i, doc)}; returns their
     * ids. Written in bulks of 5,000 and refreshed once at the end.
     */
    static List<String> copies(ObjectNode template, int count, BiConsumer<Integer, ObjectNode> shape) {
        List<String> ids = new ArrayList<>(count);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            ids.add(id);
            ObjectNode doc = template.deepCopy();
            shape.accept(i, doc);
            bulk.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n").append(doc).append('\n');
            if ((i + 1) % 5_000 == 0 || i == count - 1) {
                TestKeygate.Response r = TestKeygate.call(TestKeygate.backendUrl(), "POST", "/" + INDEX + "/_bulk", null,
                        bulk.toString(), "application/x-ndjson");
                assertThat(r.status()).isEqualTo(200);
                JsonNode body = r.json();
                assertThat(body.path("errors").asBoolean()).as(r.text().substring(0, Math.min(2000, r.text().length()))).isFalse();
                bulk.setLength(0);
            }
        }
        assertThat(TestKeygate.backend("POST", "/" + INDEX + "/_refresh", null).status()).isEqualTo(200);
        return ids;
    }

    static ObjectMapper json() {
        return JSON;
    }
}
