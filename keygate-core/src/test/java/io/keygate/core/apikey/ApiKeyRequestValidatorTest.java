package io.keygate.core.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyRequestValidatorTest {

    @Test
    void nameRules() throws Exception {
        assertThat(ApiKeyRequestValidator.name(null)).containsExactly("api key name is required");
        assertThat(ApiKeyRequestValidator.name("")).containsExactly("api key name is required");
        assertThat(ApiKeyRequestValidator.name("a".repeat(256))).isEmpty();
        assertThat(ApiKeyRequestValidator.name("a".repeat(257)))
                .containsExactly("api key name may not be more than 256 characters long");
        assertThat(ApiKeyRequestValidator.name(" key")).containsExactly("api key name may not begin or end with whitespace");
        assertThat(ApiKeyRequestValidator.name("key\t")).containsExactly("api key name may not begin or end with whitespace");
        assertThat(ApiKeyRequestValidator.name("_key")).containsExactly("api key name may not begin with an underscore");
        assertThat(ApiKeyRequestValidator.name("my key")).isEmpty();
    }

    @Test
    void metadataAndDescriptorsAreValidatedInOrder() throws Exception {
        var descriptors = RoleDescriptorParser.parseMap(new ObjectMapper().readTree("""
                {"r1":{"cluster":["foo"],"index":[{"names":["x"],"privileges":["read"]}]}}"""));
        List<String> errors = ApiKeyRequestValidator.create("_bad", Map.of("_reserved", 1), descriptors);
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).isEqualTo("api key name may not begin with an underscore");
        assertThat(errors.get(1)).isEqualTo("API key metadata keys may not start with [_]");
        assertThat(errors.get(2)).startsWith("unknown cluster privilege [foo]. a privilege must be either one of the predefined cluster privilege names [");
        assertThat(ApiKeyRequestValidator.create("ok", Map.of("env", "prod"), List.of())).isEmpty();
        assertThat(ApiKeyRequestValidator.update(null, null)).isEmpty();
    }
}
