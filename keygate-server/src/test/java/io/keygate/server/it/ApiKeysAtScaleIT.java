package io.keygate.server.it;

import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.InvalidateApiKeyResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of keys: get pages through them all and invalidate writes them in one bulk. */
class ApiKeysAtScaleIT {
    static final int KEYS = 1_500;

    @Test
    void getAndInvalidateThousandsOfKeys() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<TestKeygate.Response>> created = IntStream.range(0, KEYS).mapToObj(i -> pool.submit(() ->
                    call("POST", "/_security/api_key?refresh=false", elastic(), "{\"name\":\"scale-" + i + "\"}"))).toList();
            for (Future<TestKeygate.Response> f : created) assertThat(f.get().status()).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        assertThat(call("POST", "/_security/api_key?refresh=true", elastic(), "{\"name\":\"scale-last\"}").status()).isEqualTo(200);

        List<ApiKey> all = elasticClient().security().getApiKey(g -> g.name("scale-*")).apiKeys();
        assertThat(all).hasSize(KEYS + 1);
        List<String> ids = all.stream().map(ApiKey::id).toList();

        InvalidateApiKeyResponse invalidated = elasticClient().security().invalidateApiKey(i -> i.ids(ids));
        assertThat(invalidated.errorCount()).isZero();
        assertThat(invalidated.invalidatedApiKeys()).hasSize(KEYS + 1).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(elasticClient().security().getApiKey(g -> g.name("scale-*").activeOnly(true)).apiKeys()).isEmpty();
    }
}
