package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.keygate.server.it.AuthzFixture.APPENDER;
import static io.keygate.server.it.AuthzFixture.MONITORING;
import static io.keygate.server.it.AuthzFixture.UPSERTER;
import static io.keygate.server.it.AuthzFixture.WRITER;
import static io.keygate.server.it.AuthzFixture.as;
import static io.keygate.server.it.AuthzFixture.assertDenied;
import static io.keygate.server.it.AuthzFixture.bulk;
import static io.keygate.server.it.AuthzFixture.countOnBackend;
import static io.keygate.server.it.AuthzFixture.denial;
import static io.keygate.server.it.AuthzFixture.docExists;
import static io.keygate.server.it.AuthzFixture.exists;
import static io.keygate.server.it.AuthzFixture.gzipBulk;
import static io.keygate.server.it.TestKeygate.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The APM writer and other ingest-only roles, attacking through {@code _bulk} and the document APIs. */
class BulkAuthorizationIT {
    private static final String CREATE_PRIVS = "create_doc,create,index,write,all";
    private static final String INDEX_PRIVS = "create,index,write,all";

    @BeforeAll
    static void setUp() {
        AuthzFixture.setUp();
    }

    @Test
    void bulkMixingAllowedAndDeniedItemsKeepsOrderAndWritesOnlyTheAllowed() {
        String body = """
                {"create":{"_index":"traces-apm-default"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"mix-1"}
                {"create":{"_index":"secret-index"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"mix-2"}
                {"create":{"_index":"logs-apm.error-default"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"mix-3"}
                {"index":{"_index":"traces-apm-default","_id":"chosen-id"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"mix-4"}
                {"create":{"_index":"metrics-apm.internal-default"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"mix-5"}
                """;
        TestKeygate.Response r = bulk(as(WRITER), "/_bulk", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode json = r.json();
        assertThat(json.path("errors").asBoolean()).isTrue();
        JsonNode items = json.path("items");
        assertThat(items).hasSize(5);
        assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(items.get(0).path("create").path("_index").asText()).isEqualTo("traces-apm-default");
        JsonNode denied = items.get(1).path("create");
        assertThat(denied.path("status").asInt()).isEqualTo(403);
        assertThat(denied.path("_index").asText()).isEqualTo("secret-index");
        assertThat(denied.path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(denied.path("error").path("reason").asText())
                .isEqualTo(denial(WRITER, "indices:data/write/bulk[s]", List.of("secret-index"), CREATE_PRIVS));
        assertThat(items.get(2).path("create").path("status").asInt()).isEqualTo(201);
        JsonNode indexWithId = items.get(3).path("index");
        assertThat(indexWithId.path("status").asInt()).isEqualTo(403);
        assertThat(indexWithId.path("_id").asText()).isEqualTo("chosen-id");
        assertThat(indexWithId.path("error").path("reason").asText())
                .isEqualTo(denial(WRITER, "indices:data/write/index:op_type/index", List.of("traces-apm-default"), INDEX_PRIVS));
        assertThat(items.get(4).path("create").path("status").asInt()).isEqualTo(201);

        assertThat(countOnBackend("traces-apm-default", "marker", "mix-1")).isEqualTo(1);
        assertThat(countOnBackend("secret-index", "marker", "mix-2")).isZero();
        assertThat(countOnBackend("logs-apm.error-default", "marker", "mix-3")).isEqualTo(1);
        assertThat(docExists("traces-apm-default", "chosen-id")).isFalse();
        assertThat(countOnBackend("traces-apm-default", "marker", "mix-4")).isZero();
        assertThat(countOnBackend("metrics-apm.internal-default", "marker", "mix-5")).isEqualTo(1);
    }

    @Test
    void gzipBulkIsAuthorizedItemByItemToo() {
        String body = """
                {"create":{"_index":"secret-index"}}
                {"marker":"gz-1"}
                {"create":{"_index":"traces-apm-default"}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"gz-2"}
                """;
        TestKeygate.Response r = gzipBulk(as(WRITER), "/_bulk", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(1).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(countOnBackend("secret-index", "marker", "gz-1")).isZero();
        assertThat(countOnBackend("traces-apm-default", "marker", "gz-2")).isEqualTo(1);
    }

    @Test
    void anItemsIndexOverridesTheAllowedUrlIndex() {
        String body = """
                {"create":{}}
                {"@timestamp":"2024-01-01T00:00:00Z","marker":"url-1"}
                {"create":{"_index":"secret-index"}}
                {"marker":"url-2"}
                """;
        TestKeygate.Response r = bulk(as(WRITER), "/traces-apm-default/_bulk", body);
        JsonNode items = r.json().path("items");
        assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(items.get(1).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(countOnBackend("traces-apm-default", "marker", "url-1")).isEqualTo(1);
        assertThat(countOnBackend("secret-index", "marker", "url-2")).isZero();
    }

    @Test
    void everyItemDeniedAnswers200WithOnly403ItemsAndWritesNothing() {
        TestKeygate.Response r = bulk(as(WRITER), "/secret-index/_bulk", "{\"create\":{}}\n{\"marker\":\"all-denied\"}\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("errors").asBoolean()).isTrue();
        assertThat(r.json().path("items").get(0).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(countOnBackend("secret-index", "marker", "all-denied")).isZero();
    }

    @Test
    void bulkIntoAMissingIndexNeedsAutoCreate() {
        // create_doc on logs-* but no auto_configure/create_index: the index does not exist, so the item is refused
        TestKeygate.Response r = bulk(as(APPENDER), "/_bulk",
                "{\"create\":{\"_index\":\"logs-never-created\"}}\n{\"marker\":\"auto-1\"}\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode item = r.json().path("items").get(0).path("create");
        assertThat(item.path("status").asInt()).isEqualTo(403);
        assertThat(item.path("error").path("reason").asText()).isEqualTo(denial(APPENDER, "indices:admin/auto_create",
                List.of("logs-never-created"), "auto_configure,create_index,manage,all"));
        assertThat(exists("logs-never-created")).isFalse();

        // the monitoring role may create its index
        TestKeygate.Response m = bulk(as(MONITORING), "/_bulk",
                "{\"create\":{\"_index\":\".monitoring-beats-9-2024.01.01\"}}\n{\"marker\":\"mon-1\"}\n"
                        + "{\"create\":{\"_index\":\".monitoring-es-9-2024.01.01\"}}\n{\"marker\":\"mon-2\"}\n");
        JsonNode items = m.json().path("items");
        assertThat(items.get(0).path("create").path("status").asInt()).as(m.text()).isEqualTo(201);
        assertThat(items.get(1).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(exists(".monitoring-es-9-2024.01.01")).isFalse();
    }

    @Test
    void anUpsertIntoAMissingIndexNeedsAutoCreateToo() {
        TestKeygate.Response r = bulk(as(UPSERTER), "/_bulk",
                "{\"update\":{\"_index\":\"upd-missing\",\"_id\":\"1\"}}\n{\"doc\":{\"n\":1},\"doc_as_upsert\":true}\n"
                        + "{\"update\":{\"_index\":\"upd-existing\",\"_id\":\"1\"}}\n{\"doc\":{\"n\":2},\"doc_as_upsert\":true}\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.get(0).path("update").path("status").asInt()).as(r.text()).isEqualTo(403);
        assertThat(items.get(0).path("update").path("error").path("reason").asText()).isEqualTo(denial(UPSERTER,
                "indices:admin/auto_create", List.of("upd-missing"), "auto_configure,create_index,manage,all"));
        assertThat(items.get(1).path("update").path("status").asInt()).isEqualTo(200);
        assertThat(exists("upd-missing")).isFalse();
    }

    @Test
    void singleDocumentWritesIntoAMissingIndexNeedAutoCreate() {
        TestKeygate.Response r = call("POST", "/logs-single-missing/_doc", as(APPENDER), "{\"marker\":\"single-1\"}");
        assertDenied(r, denial(APPENDER, "indices:admin/auto_create", List.of("logs-single-missing"),
                "auto_configure,create_index,manage,all"));
        assertThat(exists("logs-single-missing")).isFalse();
        // into an existing index the same role may append
        assertThat(call("POST", "/logs-app-1/_doc", as(APPENDER), "{\"marker\":\"single-2\"}").status()).isEqualTo(201);
        // the writer has auto_configure: a new data stream name is created
        assertThat(call("POST", "/traces-apm-single/_doc", as(WRITER), "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}").status())
                .isEqualTo(201);
    }

    @Test
    void theWriterCannotReadWhatItWrites() {
        TestKeygate.Response search = call("GET", "/traces-apm*/_search", as(WRITER), null);
        assertDenied(search, denial(WRITER, "indices:data/read/search", List.of(), "read,all"));
        TestKeygate.Response explicit = call("GET", "/traces-apm-default/_search", as(WRITER), null);
        assertDenied(explicit, denial(WRITER, "indices:data/read/search", List.of(), "read,all"));
        TestKeygate.Response get = call("GET", "/traces-apm-default/_doc/seed", as(WRITER), null);
        assertDenied(get, denial(WRITER, "indices:data/read/get", List.of(), "read,all"));
    }

    @Test
    void indexWithAnIdNeedsTheIndexPrivilege() {
        TestKeygate.Response r = call("PUT", "/traces-apm-default/_doc/my-id", as(WRITER), "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}");
        assertDenied(r, denial(WRITER, "indices:data/write/index:op_type/index", List.of("traces-apm-default"), INDEX_PRIVS));
        assertThat(docExists("traces-apm-default", "my-id")).isFalse();
        // op_type=create with an id is a create: create_doc suffices
        assertThat(call("PUT", "/traces-apm-default/_doc/my-id?op_type=create", as(WRITER),
                "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}").status()).isEqualTo(201);
    }

    @Test
    void malformedOrUnterminatedBulkIs400AndWritesNothing() {
        TestKeygate.Response malformed = bulk(as(WRITER), "/_bulk",
                "{\"create\":{\"_index\":\"traces-apm-default\"}}\n{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"bad-1\"}\n"
                        + "{\"create\":{\"_index\":\"traces-apm-default\"\n{\"marker\":\"bad-2\"}\n");
        assertThat(malformed.status()).as(malformed.text()).isEqualTo(400);
        assertThat(countOnBackend("traces-apm-default", "marker", "bad-1")).isZero();

        TestKeygate.Response twoActions = bulk(as(WRITER), "/_bulk",
                "{\"create\":{\"_index\":\"traces-apm-default\"},\"index\":{\"_index\":\"secret-index\"}}\n{\"marker\":\"bad-3\"}\n");
        assertThat(twoActions.status()).as(twoActions.text()).isEqualTo(400);

        TestKeygate.Response duplicateKey = bulk(as(WRITER), "/_bulk",
                "{\"create\":{\"_index\":\"traces-apm-default\",\"_index\":\"secret-index\"}}\n{\"marker\":\"bad-4\"}\n");
        assertThat(duplicateKey.status()).as(duplicateKey.text()).isEqualTo(400);
        assertThat(countOnBackend("secret-index", "marker", "bad-4")).isZero();

        TestKeygate.Response noSourceNewline = bulk(as(WRITER), "/_bulk",
                "{\"create\":{\"_index\":\"traces-apm-default\"}}\n{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"bad-5\"}");
        assertThat(noSourceNewline.status()).as(noSourceNewline.text()).isEqualTo(400);
        assertThat(noSourceNewline.json().path("error").path("reason").asText())
                .isEqualTo("The bulk request must be terminated by a newline [\\n]");
        assertThat(countOnBackend("traces-apm-default", "marker", "bad-5")).isZero();

        TestKeygate.Response trailingAction = bulk(as(WRITER), "/_bulk",
                "{\"create\":{\"_index\":\"traces-apm-default\"}}\n{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"bad-6\"}\n"
                        + "{\"delete\":{\"_index\":\"secret-index\",\"_id\":\"1\"}}");
        assertThat(trailingAction.status()).as(trailingAction.text()).isEqualTo(400);
        assertThat(countOnBackend("traces-apm-default", "marker", "bad-6")).isZero();
        assertThat(docExists("secret-index", "1")).isTrue();

        TestKeygate.Response missingIndex = bulk(as(WRITER), "/_bulk", "{\"create\":{}}\n{\"marker\":\"bad-7\"}\n");
        assertThat(missingIndex.status()).as(missingIndex.text()).isEqualTo(400);
    }

    @Test
    void theSuperuserCannotWriteKeygatesIndexThroughBulk() {
        TestKeygate.Response r = bulk(TestKeygate.elastic(), "/_bulk",
                "{\"index\":{\"_index\":\".keygate-security\",\"_id\":\"user-evil\"}}\n{\"type\":\"user\",\"username\":\"evil\"}\n"
                        + "{\"delete\":{\"_index\":\".keygate-security\",\"_id\":\"user-elastic\"}}\n"
                        + "{\"create\":{\"_index\":\"logs-su-ok\"}}\n{\"marker\":\"su-1\"}\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.get(0).path("index").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(1).path("delete").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(2).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(docExists(".keygate-security", "user-evil")).isFalse();
        TestKeygate.Response viaUrl = bulk(TestKeygate.elastic(), "/.keygate-security/_bulk",
                "{\"index\":{\"_id\":\"x\"}}\n{\"a\":1}\n");
        assertThat(viaUrl.json().path("items").get(0).path("index").path("status").asInt()).as(viaUrl.text()).isEqualTo(403);
        assertThat(docExists(".keygate-security", "x")).isFalse();
    }
    /**
     * The forwarder splits lines in place, chunk by chunk: a body trickling in a few bytes at a time (cuts inside action
     * lines, inside source lines, at newlines, a CRLF line end) must be forwarded byte for byte, denied items dropped.
     */
    @Test
    void aBulkArrivingInTinyPiecesIsSplitAndForwardedExactly() throws Exception {
        String longText = "y".repeat(300);
        String body = "{\"create\":{\"_index\":\"traces-apm-default\"}}\n"
                + "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"trickle-1\",\"text\":\"" + longText + "\"}\n"
                + "{\"create\":{\"_index\":\"secret-index\"}}\n"
                + "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"trickle-2\",\"text\":\"" + longText + "\"}\n"
                + "{\"create\":{\"_index\":\"logs-apm.error-default\"}}\r\n"
                + "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"trickle-3\"}\n"
                + "{\"create\":{\"_index\":\"secret-index\"}}\n"
                + "{\"marker\":\"trickle-4\"}\n"
                + "{\"create\":{\"_index\":\"traces-apm-default\"}}\n"
                + "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"marker\":\"trickle-5\",\"text\":\"" + longText + "\"}\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI url = URI.create(TestKeygate.url());
        JsonNode json;
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /_bulk HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: " + as(WRITER)
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < bytes.length; i += 7) { // 7 bytes at a time: cuts fall everywhere
                out.write(bytes, i, Math.min(7, bytes.length - i));
                out.flush();
                Thread.sleep(1);
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200");
            String content = text.substring(text.indexOf("\r\n\r\n") + 4);
            if (text.substring(0, text.indexOf("\r\n\r\n")).toLowerCase().contains("transfer-encoding: chunked")) {
                content = content.substring(content.indexOf("\r\n") + 2, content.lastIndexOf("\r\n0\r\n"));
            }
            json = new ObjectMapper().readTree(content);
        }
        JsonNode items = json.path("items");
        assertThat(items).as(json.toString()).hasSize(5);
        assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(items.get(1).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(2).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(items.get(3).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(4).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(countOnBackend("traces-apm-default", "marker", "trickle-1")).isEqualTo(1);
        assertThat(countOnBackend("secret-index", "marker", "trickle-2")).isZero();
        assertThat(countOnBackend("logs-apm.error-default", "marker", "trickle-3")).isEqualTo(1);
        assertThat(countOnBackend("secret-index", "marker", "trickle-4")).isZero();
        assertThat(countOnBackend("traces-apm-default", "marker", "trickle-5")).isEqualTo(1);
        TestKeygate.Response stored = TestKeygate.backend("POST", "/traces-apm-default/_search",
                "{\"query\":{\"term\":{\"marker.keyword\":\"trickle-5\"}}}");
        assertThat(stored.json().path("hits").path("hits").get(0).path("_source").path("text").asText()).isEqualTo(longText);
    }
}
