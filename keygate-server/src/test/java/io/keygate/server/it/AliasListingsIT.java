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

/** Alias listings show a user only the (index, alias) pairs it may see, as Elasticsearch answers them. */
class AliasListingsIT {
    private static final String PW = "alias-listings-pw";
    private static final String USER = "lst_owner";

    @BeforeAll
    static void setUp() {
        TestKeygate.node();
        assertThat(call("PUT", "/_security/role/" + USER, elastic(),
                "{\"indices\":[{\"names\":[\"lst-own-*\"],\"privileges\":[\"all\"]}]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/" + USER, elastic(),
                "{\"password\":\"" + PW + "\",\"roles\":[\"" + USER + "\"]}").status()).isEqualTo(200);
        ok(backend("PUT", "/lst-own-1", "{\"aliases\":{\"lst-own-a\":{},\"lst-victims-a\":{}}}"));
        ok(backend("PUT", "/lst-victim-1", "{\"aliases\":{\"lst-victims-b\":{},\"lst-own-b\":{}}}"));
    }

    private static void ok(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static TestKeygate.Response get(String path) {
        TestKeygate.Response r = call("GET", path, basic(USER, PW), null);
        assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(200);
        return r;
    }

    /** index → aliases pairs of a GET _alias answer. */
    private static List<String> pairs(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.fields().forEachRemaining(index -> {
            out.add(index.getKey());
            index.getValue().path("aliases").fieldNames().forEachRemaining(a -> out.add(index.getKey() + "/" + a));
        });
        return out;
    }

    @Test
    void getAliasListsAuthorizedPairsOnly() {
        for (String path : List.of("/_alias", "/_aliases", "/lst-*/_alias", "/lst-own-1/_alias")) {
            assertThat(pairs(get(path).json())).as(path).contains("lst-own-1/lst-own-a")
                    .allMatch(p -> !p.contains("victim"));
        }
        // the backend holds them all
        assertThat(pairs(backend("GET", "/_alias", null).json())).contains("lst-own-1/lst-victims-a", "lst-victim-1/lst-own-b");
    }

    @Test
    void catAliasesListsAuthorizedPairsOnly() {
        List<String> rows = new ArrayList<>();
        get("/_cat/aliases?format=json").json().forEach(r -> rows.add(r.path("index").asText() + "/" + r.path("alias").asText()));
        assertThat(rows).contains("lst-own-1/lst-own-a").allMatch(p -> !p.contains("victim"));

        String text = get("/_cat/aliases?v=true").text();
        assertThat(text).startsWith("alias").contains("lst-own-a").doesNotContain("victim");
        assertThat(get("/_cat/aliases").text()).contains("lst-own-a").doesNotContain("victim");
        assertThat(call("GET", "/_cat/aliases?h=index,alias", basic(USER, PW), null).status()).isEqualTo(400);
        assertThat(backend("GET", "/_cat/aliases", null).text()).contains("lst-victims-a");
    }
}
