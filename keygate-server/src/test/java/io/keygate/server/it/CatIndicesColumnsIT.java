package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code _cat/indices} prints Elasticsearch's default columns, the trailing {@code dataset.size} included (issue 17, point 7). */
class CatIndicesColumnsIT {

    private static final Pattern OPEN_ROW = Pattern.compile(
            "^green\\s+open\\s+nse-cat-open\\s+[a-zA-Z0-9=/_+\\-]{22}\\s+1\\s+0\\s+1\\s+0\\s+\\S+b\\s+\\S+b\\s+\\S+b\\n$");
    private static final Pattern CLOSED_ROW = Pattern.compile(
            "^(yellow|green)\\s+close\\s+nse-cat-closed\\s+[a-zA-Z0-9=/_+\\-]{22}\\s+1\\s+0\\s*\\n$");

    @Test
    void aSingleAuthorizedIndexIsPrintedWithElasticsearchsColumns() {
        String settings = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}";
        assertThat(call("PUT", "/nse-cat-open", elastic(), settings).status()).isEqualTo(200);
        assertThat(call("PUT", "/nse-cat-open/_doc/1?refresh=true", elastic(), "{\"foo\":\"bar\"}").status()).isEqualTo(201);
        assertThat(call("PUT", "/nse-cat-closed", elastic(), settings).status()).isEqualTo(200);
        assertThat(call("POST", "/nse-cat-closed/_close", elastic(), null).status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/nse_cat", elastic(),
                "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"nse-cat-open\",\"nse-cat-closed\"],\"privileges\":[\"monitor\"]}]}")
                .status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/nse_cat", elastic(), "{\"password\":\"cat_secret_password\",\"roles\":[\"nse_cat\"]}")
                .status()).isEqualTo(200);
        String cat = basic("nse_cat", "cat_secret_password");

        TestKeygate.Response open = call("GET", "/_cat/indices/nse-cat-open", cat, null);
        assertThat(open.status()).as(open.text()).isEqualTo(200);
        assertThat(open.header("content-type")).startsWith("text/plain");
        assertThat(open.text()).matches(OPEN_ROW);

        TestKeygate.Response closed = call("GET", "/_cat/indices/nse-cat-closed", cat, null);
        assertThat(closed.status()).as(closed.text()).isEqualTo(200);
        assertThat(closed.text()).matches(CLOSED_ROW);

        TestKeygate.Response verbose = call("GET", "/_cat/indices/nse-cat-open?v=true", cat, null);
        assertThat(verbose.text().lines().findFirst().orElseThrow().split("\\s+")).containsExactly("health", "status", "index", "uuid",
                "pri", "rep", "docs.count", "docs.deleted", "store.size", "pri.store.size", "dataset.size");

        TestKeygate.Response json = call("GET", "/_cat/indices/nse-cat-open?format=json", cat, null);
        assertThat(json.json().get(0).path("dataset.size").asText()).isEqualTo(json.json().get(0).path("pri.store.size").asText());

        // columns the client picks are the backend's to print
        assertThat(call("GET", "/_cat/indices/nse-cat-open?h=i", cat, null).text().trim()).isEqualTo("nse-cat-open");
        call("DELETE", "/_security/user/nse_cat", elastic(), null);
        call("DELETE", "/_security/role/nse_cat", elastic(), null);
    }

    @Test
    void withoutAnIndexTheListingShowsOnlyAuthorizedIndicesAndNothingWhenThereAreNone() {
        String settings = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}";
        assertThat(call("PUT", "/nse-cat-only", elastic(), settings).status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/nse_cat_only", elastic(),
                "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"nse-cat-only\"],\"privileges\":[\"monitor\"]}]}").status())
                .isEqualTo(200);
        assertThat(call("PUT", "/_security/role/nse_cat_none", elastic(), "{\"cluster\":[\"monitor\"]}").status()).isEqualTo(200);
        call("PUT", "/_security/user/nse_cat_only", elastic(), "{\"password\":\"cat_secret_password\",\"roles\":[\"nse_cat_only\"]}");
        call("PUT", "/_security/user/nse_cat_none", elastic(), "{\"password\":\"cat_secret_password\",\"roles\":[\"nse_cat_none\"]}");

        TestKeygate.Response only = call("GET", "/_cat/indices", basic("nse_cat_only", "cat_secret_password"), null);
        assertThat(only.status()).as(only.text()).isEqualTo(200);
        assertThat(only.text()).matches("^green\\s+open\\s+nse-cat-only\\s+\\S{22}\\s+1\\s+0\\s+0\\s+0\\s+\\S+b\\s+\\S+b\\s+\\S+b\\n$");

        TestKeygate.Response none = call("GET", "/_cat/indices", basic("nse_cat_none", "cat_secret_password"), null);
        assertThat(none.status()).as(none.text()).isEqualTo(200);
        assertThat(none.text()).isEmpty();
        for (String name : new String[] {"nse_cat_only", "nse_cat_none"}) {
            call("DELETE", "/_security/user/" + name, elastic(), null);
            call("DELETE", "/_security/role/" + name, elastic(), null);
        }
    }
}
