package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.body.BodyFormat;
import io.keygate.core.body.CanonicalJson;
import io.keygate.core.body.RequestContent;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.core.user.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multi-gets and field lists for a principal with document- and field-level security: what runs, and what comes back. */
class RestrictedReadsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    static final Authorizer AUTHORIZER = new Authorizer(CLOCK);
    static final RequestClassifier CLASSIFIER = new RequestClassifier(CLOCK);
    static final IndexCatalog NAMES = IndexCatalog.of(IndexCatalog.Entry.index("hr"), IndexCatalog.Entry.index("open"));
    static final User READER = new User("reader", List.of("r"), null, null, Map.of(), true);
    static final Role ROLE = role("""
            {"indices":[{"names":["hr"],"privileges":["read"],"query":{"term":{"public":true}},"field_security":{"grant":["title","meta.*"]}},
                        {"names":["open"],"privileges":["read"]}]}""");

    static Role role(String json) {
        try {
            return new RoleCompiler().compile(List.of(RoleDescriptorParser.parse("r", CanonicalJson.MAPPER.readTree(json))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Decision decide(String method, String path, Map<String, List<String>> params, String body) {
        byte[] raw = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        RequestContent content = RequestContent.of(raw, null, body == null ? null : "application/json", null, null, 1 << 20);
        return AUTHORIZER.decide(Subject.user("reader", List.of("r")), READER, ROLE,
                CLASSIFIER.classify(new RestRequest(method, path, params)), Authorizer.Params.of(params), content, NAMES);
    }

    static List<JsonNode> lines(byte[] ndjson) {
        return new String(ndjson, StandardCharsets.UTF_8).lines().map(l -> CanonicalJson.parse(l.getBytes(StandardCharsets.UTF_8))).toList();
    }

    @Test
    void aMultiGetOnARestrictedIndexRunsAsOneFilteredSearchPerDocument() {
        Decision d = decide("POST", "/_mget", Map.of("routing", List.of("r1")),
                "{\"docs\":[{\"_index\":\"hr\",\"_id\":\"1\",\"_source\":[\"title\",\"salary\"]},{\"_index\":\"open\",\"_id\":\"2\",\"routing\":\"r2\"}]}");
        assertThat(d.path()).isEqualTo("/_msearch");
        assertThat(d.format()).isEqualTo(BodyFormat.NDJSON);
        assertThat(d.answer().params()).as("routing travels in each header, not as a parameter").isEmpty();
        List<JsonNode> lines = lines(d.content());
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).toString()).isEqualTo("{\"index\":\"hr\",\"routing\":\"r1\"}");
        String hr = lines.get(1).toString();
        assertThat(hr).contains("\"ids\":{\"values\":[\"1\"]}").contains("{\"term\":{\"public\":true}}").doesNotContain("salary");
        assertThat(lines.get(2).toString()).isEqualTo("{\"index\":\"open\",\"routing\":\"r2\"}");
        assertThat(lines.get(3).toString()).doesNotContain("public");

        byte[] msearch = ("{\"responses\":[{\"hits\":{\"hits\":[]},\"status\":200},{\"hits\":{\"hits\":[{\"_index\":\"open\",\"_id\":\"2\","
                + "\"_version\":1,\"_source\":{\"a\":1}}]},\"status\":200}]}").getBytes(StandardCharsets.UTF_8);
        JsonNode docs = CanonicalJson.parse(d.answer().rewrite().apply(msearch).body()).path("docs");
        assertThat(docs.toString()).isEqualTo("[{\"_index\":\"hr\",\"_id\":\"1\",\"found\":false},"
                + "{\"_index\":\"open\",\"_id\":\"2\",\"_version\":1,\"found\":true,\"_source\":{\"a\":1}}]");
    }

    @Test
    void aMultiGetOnlyOnUnrestrictedIndicesGoesAsItIs() {
        Decision d = decide("POST", "/open/_mget", Map.of(), "{\"ids\":[\"1\",\"2\"]}");
        assertThat(d.answer()).isNull();
        assertThat(d.path()).isEqualTo("/open/_mget");
    }

    @Test
    void aForbiddenDocumentKeepsItsOwnErrorBesideTheFilteredOnes() {
        Decision d = decide("POST", "/_mget", Map.of(), "{\"docs\":[{\"_index\":\"secret\",\"_id\":\"9\"},{\"_index\":\"hr\",\"_id\":\"1\"}]}");
        assertThat(lines(d.content())).hasSize(2);
        byte[] msearch = "{\"responses\":[{\"hits\":{\"hits\":[]},\"status\":200}]}".getBytes(StandardCharsets.UTF_8);
        JsonNode docs = CanonicalJson.parse(d.answer().rewrite().apply(msearch).body()).path("docs");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(docs.get(1).path("found").asBoolean()).isFalse();
    }

    @Test
    void whatASearchCannotHonourInAMultiGetIsRefused() {
        assertThatThrownBy(() -> decide("POST", "/_mget", Map.of(), "{\"docs\":[{\"_index\":\"hr\",\"_id\":\"1\",\"version\":3}]}"))
                .isInstanceOf(EsException.class).hasMessageContaining("[version]");
        assertThatThrownBy(() -> decide("POST", "/hr/_mget", Map.of("_source", List.of("salary")), "{\"ids\":[\"1\"]}"))
                .isInstanceOf(EsException.class).hasMessageContaining("[_source]");
    }

    @Test
    void aFieldListShowsOnlyGrantedFieldsTheirParentsAndMetadata() {
        Decision d = decide("GET", "/hr,open/_field_caps", Map.of("fields", List.of("*")), null);
        assertThat(d.answer()).isNotNull();
        byte[] caps = ("{\"indices\":[\"hr\",\"open\"],\"fields\":{\"title\":{},\"salary\":{},\"meta\":{},\"meta.owner\":{},"
                + "\"metadata\":{},\"_id\":{},\"other\":{}}}").getBytes(StandardCharsets.UTF_8);
        JsonNode fields = CanonicalJson.parse(d.answer().rewrite().apply(caps).body()).path("fields");
        assertThat(fields.properties()).extracting(Map.Entry::getKey).containsExactly("title", "meta", "meta.owner", "_id");
        assertThatThrownBy(() -> decide("POST", "/hr/_field_caps", Map.of("fields", List.of("*")),
                "{\"index_filter\":{\"term\":{\"salary\":1}}}")).isInstanceOf(EsException.class).hasMessageContaining("index_filter");
        assertThat(decide("GET", "/open/_field_caps", Map.of("fields", List.of("*")), null).answer()).isNull();
    }

    @Test
    void aNameThatASearchWouldExpandNeverReachesOne() {
        Role everything = role("{\"indices\":[{\"names\":[\"*\"],\"privileges\":[\"read\"],\"query\":{\"term\":{\"public\":true}}}]}");
        for (String[] req : new String[][] {
                {"GET", "/_all/_doc/1", null},
                {"POST", "/_mget", "{\"docs\":[{\"_index\":\"_all\",\"_id\":\"1\"}]}"},
                {"POST", "/_all/_mget", "{\"ids\":[\"1\"]}"}}) {
            Decision d;
            try {
                byte[] raw = req[2] == null ? new byte[0] : req[2].getBytes(StandardCharsets.UTF_8);
                d = AUTHORIZER.decide(Subject.user("reader", List.of("r")), READER, everything,
                        CLASSIFIER.classify(new RestRequest(req[0], req[1], Map.of())), Authorizer.Params.of(Map.of()),
                        RequestContent.of(raw, null, req[2] == null ? null : "application/json", null, null, 1 << 20), NAMES);
            } catch (EsException refused) {
                continue;
            }
            String sent = d.path() + " " + (d.content() == null ? "" : new String(d.content(), StandardCharsets.UTF_8));
            assertThat(sent).as(String.join(" ", req[0], req[1])).doesNotContain("_all/_search").doesNotContain("\"index\":\"_all\"");
        }
    }

    @Test
    void aReshapedAnswerKeepsTheClientsFilterPath() {
        Decision d = decide("GET", "/hr/_doc/1", Map.of("filter_path", List.of("_id,_source.title")), null);
        assertThat(d.path()).isEqualTo("/hr/_search");
        byte[] search = "{\"hits\":{\"hits\":[{\"_index\":\"hr\",\"_id\":\"1\",\"_version\":2,\"_source\":{\"title\":\"t\",\"meta\":{}}}]}}"
                .getBytes(StandardCharsets.UTF_8);
        Reshape.Reply a = d.answer().rewrite().apply(search);
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"_id\":\"1\",\"_source\":{\"title\":\"t\"}}");
    }

    @Test
    void aFieldListInTheBodyGoesAsTheParameterTheBackendReads() {
        Decision d = decide("POST", "/open/_field_caps", Map.of(), "{\"fields\":[\"a\",\"b.*\"]}");
        assertThat(d.path()).isEqualTo("/open/_field_caps?fields=a%2Cb.*");
        assertThat(new String(d.content(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThatThrownBy(() -> decide("POST", "/open/_field_caps", Map.of("fields", List.of("a")), "{\"fields\":[\"b\"]}"))
                .isInstanceOf(EsException.class).hasMessageContaining("either specify a request body or the [fields] request parameter");
    }
}
