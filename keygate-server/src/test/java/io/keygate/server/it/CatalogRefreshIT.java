package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index catalog reads the backend again only when its cluster state changed; changes made behind Keygate's back
 * (straight on the backend, or through another node) must still reach wildcard resolution within a refresh or two.
 */
class CatalogRefreshIT {

    private static List<String> indicesFound(String user, String expression) {
        JsonNode hits = call("GET", "/" + expression + "/_search?size=100", user, null).json().path("hits").path("hits");
        List<String> out = new ArrayList<>();
        hits.forEach(h -> { if (!out.contains(h.path("_index").asText())) out.add(h.path("_index").asText()); });
        out.sort(null);
        return out;
    }

    private static List<String> waitFor(String user, String expression, int count) throws InterruptedException {
        List<String> found = List.of();
        for (int i = 0; i < 50 && found.size() != count; i++) {
            found = indicesFound(user, expression);
            if (found.size() != count) Thread.sleep(100);
        }
        return found;
    }

    @Test
    void indicesAndAliasesMadeStraightOnTheBackendAreResolvedAfterIdleRefreshes() throws Exception {
        assertThat(call("PUT", "/_security/role/catalog_refresh_reader", elastic(),
                "{\"indices\":[{\"names\":[\"cr-direct-*\"],\"privileges\":[\"read\"]}]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/catalog_refresh_user", elastic(),
                "{\"password\":\"catalog-refresh-pass\",\"roles\":[\"catalog_refresh_reader\"]}").status()).isEqualTo(200);
        String user = basic("catalog_refresh_user", "catalog-refresh-pass");

        backend("PUT", "/cr-direct-1/_doc/1?refresh=true", "{\"n\":1}");
        assertThat(waitFor(user, "cr-direct-*", 1)).containsExactly("cr-direct-1");
        // nothing changes for a while: the periodic refreshes find the same cluster state and read nothing more
        Thread.sleep(2_500);
        backend("PUT", "/cr-direct-2/_doc/1?refresh=true", "{\"n\":2}");
        assertThat(waitFor(user, "cr-direct-*", 2)).containsExactly("cr-direct-1", "cr-direct-2");
        // an alias made on the backend is a new cluster state too
        backend("PUT", "/cr-other/_doc/1?refresh=true", "{\"n\":3}");
        backend("PUT", "/cr-other/_alias/cr-direct-alias", null);
        assertThat(waitFor(user, "cr-direct-*", 3)).containsExactly("cr-direct-1", "cr-direct-2", "cr-other");
        // and a deletion
        backend("DELETE", "/cr-direct-1", null);
        assertThat(waitFor(user, "cr-direct-*", 2)).containsExactly("cr-direct-2", "cr-other");
    }
}
