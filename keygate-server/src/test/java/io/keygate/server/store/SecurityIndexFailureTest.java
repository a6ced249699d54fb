package io.keygate.server.store;

import io.keygate.core.error.EsException;
import io.keygate.server.backend.BackendClient.JsonResponse;
import io.keygate.server.wire.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A backend that refuses Keygate's own reads for load is the client's 429 or 503, never Keygate's 500. */
class SecurityIndexFailureTest {

    private static JsonResponse answer(int status, String body) {
        return new JsonResponse(status, Json.parse(io.vertx.core.buffer.Buffer.buffer(body)));
    }

    @Test
    void theBackendsCircuitBreakerIsThe429ItSaid() {
        Throwable t = SecurityIndex.failure("mget", answer(429, "{\"error\":{\"type\":\"circuit_breaking_exception\","
                + "\"reason\":\"[parent] Data too large, data for [<http_request>] would be [529951456/505.4mb]\"},\"status\":429}"));
        assertThat(t).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.type()).isEqualTo("circuit_breaking_exception");
            assertThat(e.reason()).isEqualTo("mget on the security index refused by the backend: [parent] Data too large, "
                    + "data for [<http_request>] would be [529951456/505.4mb]");
        });
        Throwable rejected = SecurityIndex.failure("search", answer(429, "{\"error\":{\"type\":\"es_rejected_execution_exception\","
                + "\"reason\":\"rejected execution\"},\"status\":429}"));
        assertThat(((EsException) rejected).type()).isEqualTo("es_rejected_execution_exception");
    }

    @Test
    void aFailingBackendIs503() {
        Throwable t = SecurityIndex.failure("search", answer(503, "{\"error\":{\"type\":\"search_phase_execution_exception\","
                + "\"reason\":\"all shards failed\"},\"status\":503}"));
        assertThat(t).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("search_phase_execution_exception");
        });
        Throwable bare = SecurityIndex.failure("get", answer(502, "{}"));
        assertThat(bare).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("unavailable_shards_exception");
            assertThat(e.reason()).isEqualTo("get on the security index refused by the backend: status 502");
        });
    }

    @Test
    void anythingElseIsKeygatesOwnFailure() {
        assertThat(SecurityIndex.failure("index", answer(400, "{\"error\":{\"type\":\"mapper_parsing_exception\"}}")))
                .isInstanceOf(IllegalStateException.class);
    }
}
