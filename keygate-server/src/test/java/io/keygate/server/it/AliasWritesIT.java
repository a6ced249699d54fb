package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes through aliases, and writes to names created a moment ago, as Elasticsearch decides them: an alias is authorized
 * as the name written (not as the index it writes to); the items of one bulk that land in one write index share the fate
 * of a refused one; a name the cached catalog has not seen yet is looked up before it is taken for a new index.
 */
class AliasWritesIT {
    private static final String PW = "alias-writes-password";
    /** Elasticsearch's 12_index_alias user: read on two aliases, read and write on three others. */
    private static final String MIXED = "aw_mixed";
    /** create_doc on the alias names aw-ingest* only, nothing on the indices behind them, no auto_create. */
    private static final String ALIAS_ONLY = "aw_alias_only";
    /** create_doc on the index aw-target-1 only. */
    private static final String INDEX_ONLY = "aw_index_only";

    @BeforeAll
    static void setUp() {
        role(MIXED, "{\"indices\":[{\"names\":[\"aw_can_read_1\",\"aw_can_read_2\"],\"privileges\":[\"read\"]},"
                + "{\"names\":[\"aw_can_write_1\",\"aw_can_write_2\",\"aw_can_write_3\"],\"privileges\":[\"read\",\"write\"]}]}");
        role(ALIAS_ONLY, "{\"indices\":[{\"names\":[\"aw-ingest*\"],\"privileges\":[\"create_doc\"]}]}");
        role(INDEX_ONLY, "{\"indices\":[{\"names\":[\"aw-target-1\"],\"privileges\":[\"create_doc\"]}]}");
        for (String index : List.of("aw_read_index", "aw_write_index_1", "aw_write_index_2", "aw-target-1", "aw-fresh")) {
            ok(backend("PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}"));
        }
        ok(backend("POST", "/_aliases", """
                {"actions":[
                  {"add":{"index":"aw_read_index","alias":"aw_can_read_1"}},
                  {"add":{"index":"aw_read_index","alias":"aw_can_read_2"}},
                  {"add":{"index":"aw_write_index_1","alias":"aw_can_write_1"}},
                  {"add":{"index":"aw_write_index_1","alias":"aw_can_write_2"}},
                  {"add":{"index":"aw_write_index_2","alias":"aw_can_write_3"}},
                  {"add":{"index":"aw-target-1","alias":"aw-ingest-main"}}]}"""));
    }

    @Test
    void aWriteThroughAnAliasNeedsPrivilegesOnTheAliasNameNotOnTheIndexBehindIt() {
        awaitBackgroundRefresh(); // the shared-write-index rule below needs to know where the alias writes
        TestKeygate.Response single = call("POST", "/aw-ingest-main/_doc?refresh=true", as(ALIAS_ONLY), "{\"m\":\"single\"}");
        assertThat(single.status()).as(single.text()).isEqualTo(201);
        assertThat(single.json().path("_index").asText()).isEqualTo("aw-target-1");
        JsonNode items = bulk(ALIAS_ONLY, """
                {"create":{"_index":"aw-ingest-main"}}
                {"m":"bulk"}
                """);
        assertThat(items.get(0).path("create").path("status").asInt()).as(items.toString()).isEqualTo(201);
        assertThat(items.get(0).path("create").path("_index").asText()).isEqualTo("aw-target-1");

        // the other way round: rights on the index do not reach its alias name (Elasticsearch authorizes the name written)
        TestKeygate.Response viaAlias = call("POST", "/aw-ingest-main/_doc", as(INDEX_ONLY), "{\"m\":\"no\"}");
        assertThat(viaAlias.status()).as(viaAlias.text()).isEqualTo(403);
        JsonNode refused = bulk(INDEX_ONLY, """
                {"create":{"_index":"aw-ingest-main"}}
                {"m":"no"}
                {"create":{"_index":"aw-target-1"}}
                {"m":"direct"}
                """);
        assertThat(refused.get(0).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(refused.get(0).path("create").path("error").path("reason").asText())
                .startsWith("action [indices:data/write/bulk[s]] is unauthorized for user [aw_index_only]")
                .contains("on indices [aw-ingest-main]");
        // Elasticsearch would refuse this one too (same shard as the refused item); Keygate streams and cannot take an
        // item back once forwarded, but refuses what follows a refused item into the same index: here it comes after
        assertThat(refused.get(1).path("create").path("status").asInt()).isEqualTo(403);
    }

    /** Elasticsearch's own test: 12_index_alias.yml, "Test bulk indexing into an alias when resolved to write index". */
    @Test
    void itemsLandingInTheWriteIndexOfARefusedItemAreRefusedWithIt() {
        ok(backend("POST", "/_aliases", """
                {"actions":[
                  {"add":{"index":"aw_write_index_2","alias":"aw_can_write_2","is_write_index":true}},
                  {"add":{"index":"aw_write_index_2","alias":"aw_can_read_2","is_write_index":true}},
                  {"add":{"index":"aw_write_index_1","alias":"aw_can_write_3","is_write_index":true}},
                  {"add":{"index":"aw_write_index_2","alias":"aw_can_write_3","is_write_index":false}}]}"""));
        awaitBackgroundRefresh();
        JsonNode items = bulk(MIXED, """
                {"index":{"_index":"aw_can_read_1","_id":"20"}}
                {"name":"doc20"}
                {"index":{"_index":"aw_can_write_1","_id":"21"}}
                {"name":"doc21"}
                {"index":{"_index":"aw_can_read_2","_id":"22"}}
                {"name":"doc22"}
                {"index":{"_index":"aw_can_write_2","_id":"23"}}
                {"name":"doc23"}
                {"index":{"_index":"aw_can_write_3","_id":"24"}}
                {"name":"doc24"}
                {"update":{"_index":"aw_can_write_3","_id":"24"}}
                {"doc":{"name":"doc_24"}}
                {"delete":{"_index":"aw_can_write_3","_id":"24"}}
                """);
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode item : items) statuses.add(item.elements().next().path("status").asInt());
        assertThat(statuses).as(items.toString()).containsExactly(403, 201, 403, 403, 201, 200, 200);
        // aw_can_write_2 is writable by name; it is refused as part of the write index that aw_can_read_2 reached
        assertThat(items.get(3).path("index").path("error").path("reason").asText()).contains("on indices [aw_can_read_2]");
        assertThat(backend("GET", "/aw_write_index_2/_doc/23", null).status()).isEqualTo(404);
        assertThat(backend("GET", "/aw_write_index_1/_doc/21", null).status()).isEqualTo(200);
    }

    /** The race of issue 17 point 8, made certain: the alias is created behind Keygate's back, then written to at once. */
    @Test
    void aBulkIntoAnAliasCreatedAMomentAgoIsNotTakenForANewIndex() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String alias = "aw-ingest-fresh-" + i;
            ok(backend("PUT", "/aw-fresh/_alias/" + alias, null));
            JsonNode item = bulk(ALIAS_ONLY, "{\"create\":{\"_index\":\"" + alias + "\"}}\n{\"try\":" + i + "}\n").get(0).path("create");
            if (item.path("status").asInt() != 201) failures.add(i + ": " + item);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aSingleDocumentIntoAnAliasCreatedAMomentAgoIsWritten() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String alias = "aw-ingest-single-" + i;
            ok(backend("PUT", "/aw-fresh/_alias/" + alias, null));
            TestKeygate.Response r = call("POST", "/" + alias + "/_doc", as(ALIAS_ONLY), "{\"try\":" + i + "}");
            if (r.status() != 201) failures.add(i + ": " + r.text());
        }
        assertThat(failures).isEmpty();
    }

    /** As the YAML suites run: the alias is made through Keygate by the superuser, then written to by the user. */
    @Test
    void anAliasMadeThroughKeygateIsWritableAtOnce() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String alias = "aw-ingest-kg-" + i;
            ok(call("PUT", "/aw-fresh/_alias/" + alias, elastic(), null));
            JsonNode item = bulk(ALIAS_ONLY, "{\"create\":{\"_index\":\"" + alias + "\"}}\n{\"try\":" + i + "}\n").get(0).path("create");
            if (item.path("status").asInt() != 201) failures.add(i + ": " + item);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aNameThatDoesNotExistStillNeedsAutoCreate() {
        JsonNode items = bulk(ALIAS_ONLY, """
                {"create":{"_index":"aw-ingest-nowhere"}}
                {"m":1}
                {"create":{"_index":"aw-ingest-main"}}
                {"m":2}
                """);
        assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(403);
        assertThat(items.get(0).path("create").path("error").path("reason").asText())
                .startsWith("action [indices:admin/auto_create] is unauthorized for user [aw_alias_only]");
        assertThat(items.get(1).path("create").path("status").asInt()).as("the stream goes on after a lookup").isEqualTo(201);
        assertThat(backend("HEAD", "/aw-ingest-nowhere", null).status()).isEqualTo(404);
        TestKeygate.Response single = call("POST", "/aw-ingest-nowhere/_doc", as(ALIAS_ONLY), "{\"m\":1}");
        assertThat(single.status()).as(single.text()).isEqualTo(403);
        assertThat(single.json().path("error").path("reason").asText()).startsWith("action [indices:admin/auto_create]");
    }

    @Test
    void manyLookupsInOneStreamKeepTheItemsInOrder() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String name = i % 3 == 0 ? "aw-ingest-main" : "aw-ingest-missing-" + i;
            body.append("{\"create\":{\"_index\":\"").append(name).append("\"}}\n{\"n\":").append(i).append("}\n");
        }
        JsonNode items = bulk(ALIAS_ONLY, body.toString());
        assertThat(items).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(items.get(i).path("create").path("status").asInt()).as("item " + i).isEqualTo(i % 3 == 0 ? 201 : 403);
        }
    }

    private static JsonNode bulk(String user, String ndjson) {
        TestKeygate.Response r = call(TestKeygate.url(), "POST", "/_bulk?refresh=true", as(user), ndjson, "application/x-ndjson");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("items");
    }

    /** Names changed straight on the backend reach Keygate's cached catalog with its background refresh (every 1 s). */
    private static void awaitBackgroundRefresh() {
        sleep();
        sleep();
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String as(String user) {
        return basic(user, PW);
    }

    private static void role(String name, String body) {
        ok(call("PUT", "/_security/role/" + name, elastic(), body));
        ok(call("PUT", "/_security/user/" + name, elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"" + name + "\"]}"));
    }

    private static void ok(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 201);
    }
}
