package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.body.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A get or multi-get that ran as searches, answered in the get's shape. */
class GetAnswersTest {
    static final byte[] HIT = ("{\"hits\":{\"hits\":[{\"_index\":\"logs\",\"_id\":\"7\",\"_version\":3,\"_seq_no\":5,"
            + "\"_primary_term\":1,\"_score\":1.0,\"_source\":{\"msg\":\"hi\"}}]}}").getBytes(StandardCharsets.UTF_8);
    static final byte[] NONE = "{\"hits\":{\"hits\":[]}}".getBytes(StandardCharsets.UTF_8);

    static JsonNode json(Reshape.Reply a) {
        return CanonicalJson.parse(a.body());
    }

    @Test
    void aHitIsTheFoundDocument() {
        Reshape.Reply a = GetAnswers.fromSearch(HIT, "logs", "7", false);
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"_index\":\"logs\",\"_id\":\"7\",\"_version\":3,"
                + "\"_seq_no\":5,\"_primary_term\":1,\"found\":true,\"_source\":{\"msg\":\"hi\"}}");
        Reshape.Reply source = GetAnswers.fromSearch(HIT, "logs", "7", true);
        assertThat(source.status()).isEqualTo(200);
        assertThat(json(source).path("msg").asText()).isEqualTo("hi");
    }

    @Test
    void noHitIsNotFound() {
        Reshape.Reply a = GetAnswers.fromSearch(NONE, "logs", "7", false);
        assertThat(a.status()).isEqualTo(404);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"_index\":\"logs\",\"_id\":\"7\",\"found\":false}");
        Reshape.Reply source = GetAnswers.fromSearch(NONE, "logs", "7", true);
        assertThat(source.status()).isEqualTo(404);
        assertThat(json(source).path("error").path("type").asText()).isEqualTo("resource_not_found_exception");
        assertThat(json(source).path("error").path("reason").asText()).isEqualTo("Document not found [logs]/[7]");
    }

    @Test
    void aMultiGetIsAnsweredDocumentByDocumentInOrder() {
        byte[] msearch = ("{\"took\":1,\"responses\":[" + new String(HIT, StandardCharsets.UTF_8) + "," + new String(NONE, StandardCharsets.UTF_8)
                + ",{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index [gone]\"},\"status\":404}]}")
                .getBytes(StandardCharsets.UTF_8);
        Reshape.Reply a = GetAnswers.fromMsearch(msearch, java.util.List.of(new GetAnswers.DocRef("logs", "7"),
                new GetAnswers.DocRef("logs", "8"), new GetAnswers.DocRef("gone", "1")));
        assertThat(a.status()).isEqualTo(Reshape.Reply.KEEP_STATUS);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"docs\":[{\"_index\":\"logs\",\"_id\":\"7\","
                + "\"_version\":3,\"_seq_no\":5,\"_primary_term\":1,\"found\":true,\"_source\":{\"msg\":\"hi\"}},"
                + "{\"_index\":\"logs\",\"_id\":\"8\",\"found\":false},"
                + "{\"_index\":\"gone\",\"_id\":\"1\",\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index [gone]\"}}]}");
    }

    @Test
    void anAnswerForTheWrongNumberOfDocumentsIsNotPassedOn() {
        byte[] msearch = ("{\"responses\":[" + new String(NONE, StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GetAnswers.fromMsearch(msearch,
                java.util.List.of(new GetAnswers.DocRef("logs", "7"), new GetAnswers.DocRef("logs", "8"))))
                .isInstanceOf(IllegalStateException.class);
    }
}
