package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyIdsTest {

    @Test
    void idsAre20UrlSafeCharactersAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ApiKeyIds.newId();
            assertThat(id).hasSize(20).matches("[A-Za-z0-9_-]{20}");
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void secretsAre22UrlSafeCharactersWithoutPadding() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String secret = ApiKeyIds.newSecret();
            assertThat(secret).hasSize(22).matches("[A-Za-z0-9_-]{22}");
            assertThat(seen.add(secret)).isTrue();
        }
    }
}
