package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.body.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A get that ran as a search, answered in the get's shape. */
class GetAnswersTest {
    static final byte[] HIT = ("{\"hits\":{\"hits\":[{\"_index\":\"logs\",\"_id\":\"7\",\"_version\":3,\"_seq_no\":5,"
            + "\"_primary_term\":1,\"_score\":1.0,\"_source\":{\"msg\":\"hi\"}}]}}").getBytes(StandardCharsets.UTF_8);
    static final byte[] NONE = "{\"hits\":{\"hits\":[]}}".getBytes(StandardCharsets.UTF_8);

    static JsonNode json(GetAnswers.Answer a) {
        return CanonicalJson.parse(a.body());
    }

    @Test
    void aHitIsTheFoundDocument() {
        GetAnswers.Answer a = GetAnswers.fromSearch(HIT, "logs", "7", false);
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"_index\":\"logs\",\"_id\":\"7\",\"_version\":3,"
                + "\"_seq_no\":5,\"_primary_term\":1,\"found\":true,\"_source\":{\"msg\":\"hi\"}}");
        GetAnswers.Answer source = GetAnswers.fromSearch(HIT, "logs", "7", true);
        assertThat(source.status()).isEqualTo(200);
        assertThat(json(source).path("msg").asText()).isEqualTo("hi");
    }

    @Test
    void noHitIsNotFound() {
        GetAnswers.Answer a = GetAnswers.fromSearch(NONE, "logs", "7", false);
        assertThat(a.status()).isEqualTo(404);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"_index\":\"logs\",\"_id\":\"7\",\"found\":false}");
        GetAnswers.Answer source = GetAnswers.fromSearch(NONE, "logs", "7", true);
        assertThat(source.status()).isEqualTo(404);
        assertThat(json(source).path("error").path("type").asText()).isEqualTo("resource_not_found_exception");
        assertThat(json(source).path("error").path("reason").asText()).isEqualTo("Document not found [logs]/[7]");
    }
}
