package io.keygate.server.it;

import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalidated and expired keys go after the retention period (1h in the test fixture, checked every
 * 1s). Keys that expired or were invalidated 2h ago are written straight into the index; the remover
 * deletes them and leaves recent ones.
 */
class ApiKeysRetentionIT {

    @Test
    void oldInvalidatedAndExpiredKeysAreDeleted() throws Exception {
        CreateApiKeyResponse template = create(elasticClient(), "{\"name\":\"retention-template\"}");
        ObjectNode doc = ApiKeyDocsFixture.doc(template.id());
        long now = System.currentTimeMillis();
        long old = now - Duration.ofHours(2).toMillis();
        long recent = now - Duration.ofMinutes(10).toMillis();
        List<String> gone = ApiKeyDocsFixture.copies(doc, 2, (i, d) -> {
            d.put("name", "retention-old");
            if (i == 0) {
                d.put("expiration_time", old);
            } else {
                d.put("api_key_invalidated", true).put("invalidation_time", old);
            }
        });
        List<String> kept = ApiKeyDocsFixture.copies(doc, 3, (i, d) -> {
            d.put("name", "retention-recent");
            switch (i) {
                case 0 -> d.put("expiration_time", recent);
                case 1 -> d.put("api_key_invalidated", true).put("invalidation_time", recent);
                default -> d.put("expiration_time", now + Duration.ofDays(1).toMillis());
            }
        });
        // an invalidation triggers the remover too (the timer would anyway, within a second)
        elasticClient().security().invalidateApiKey(i -> i.ids(template.id()));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> left;
        do {
            Thread.sleep(250);
            left = elasticClient().security().getApiKey(g -> g.name("retention-old")).apiKeys().stream()
                    .map(co.elastic.clients.elasticsearch.security.ApiKey::id).toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).as("keys past retention").isEmpty();
        assertThat(TestKeygate.backend("GET", "/.keygate-security/_doc/" + gone.getFirst(), null).status()).isEqualTo(404);
        assertThat(elasticClient().security().getApiKey(g -> g.name("retention-recent")).apiKeys())
                .extracting(co.elastic.clients.elasticsearch.security.ApiKey::id).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(elasticClient().security().getApiKey(g -> g.id(template.id())).apiKeys()).hasSize(1);
    }
}
