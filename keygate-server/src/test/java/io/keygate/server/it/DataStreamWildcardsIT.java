package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wildcard that matches a data stream, in a request the backend runs on indices and aliases only (alias APIs): Keygate
 * expands it to the caller's names without the data stream, so the answer is the one the wildcard gets on the backend
 * (a data stream named explicitly there is "no such index"). As Elasticsearch's 50_data_streams.yml, "Test that requests
 * not supporting data streams do not include data streams among authorized indices".
 */
class DataStreamWildcardsIT {
    private static final String PW = "ds-wildcards-password";
    private static final String USER = "dsw_user";

    @BeforeAll
    static void setUp() {
        ok(call("PUT", "/_security/role/" + USER, elastic(), "{\"indices\":[{\"names\":[\"dsw-easy*\"],"
                + "\"privileges\":[\"read\",\"write\",\"create_index\",\"view_index_metadata\",\"monitor\"]}]}"));
        ok(call("PUT", "/_security/user/" + USER, elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"" + USER + "\"]}"));
        ok(backend("PUT", "/_index_template/dsw-easy", "{\"index_patterns\":[\"dsw-easy-data-stream*\"],\"data_stream\":{},"
                + "\"priority\":500}"));
        ok(backend("PUT", "/_data_stream/dsw-easy-data-stream1", null));
        ok(backend("PUT", "/dsw-easy-index", "{\"aliases\":{\"dsw-easy-alias\":{}}}"));
        sleep(2_000); // made behind Keygate's back: its cached catalog sees them with the next background refresh
    }

    @Test
    void aliasListingsThroughAWildcardLeaveTheDataStreamOut() {
        TestKeygate.Response r = call("GET", "/dsw-easy*/_alias", basic(USER, PW), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("dsw-easy-index").path("aliases").has("dsw-easy-alias")).isTrue();
        assertThat(r.json().has("dsw-easy-data-stream1")).isFalse();

        TestKeygate.Response named = call("GET", "/dsw-easy*/_alias/dsw-easy-alias", basic(USER, PW), null);
        assertThat(named.status()).as(named.text()).isEqualTo(200);

        TestKeygate.Response all = call("GET", "/_alias", basic(USER, PW), null);
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        assertThat(all.json().path("dsw-easy-index").path("aliases").has("dsw-easy-alias")).isTrue();
    }

    @Test
    void getIndexThroughAWildcardShowsTheIndexWithItsAliasAndNoDataStreamName() {
        TestKeygate.Response r = call("GET", "/dsw-easy*", basic(USER, PW), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("dsw-easy-index").path("aliases").path("dsw-easy-alias").isObject()).as(r.text()).isTrue();
        assertThat(body.has("dsw-easy-data-stream1")).isFalse();
    }

    @Test
    void anAliasAddedThroughAWildcardLandsOnTheIndicesOnly() {
        TestKeygate.Response r = call("PUT", "/dsw-easy*/_alias/dsw-easy-alias2", basic("elastic", TestKeygate.ELASTIC_PASSWORD), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(backend("GET", "/dsw-easy-index/_alias/dsw-easy-alias2", null).status()).isEqualTo(200);
    }

    private static void ok(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 201);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
