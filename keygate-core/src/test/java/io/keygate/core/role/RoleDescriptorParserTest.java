package io.keygate.core.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleDescriptorParserTest {

    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void normalizedRenderingAsInElasticsearch() {
        List<RoleDescriptor> ds = RoleDescriptorParser.parseMap(json("""
            {"role-a":{"cluster":["all"],"index":[{"names":"index-a","privileges":["read"]}]}}"""));
        assertThat(RoleDescriptorJson.renderMap(ds)).isEqualTo(json("""
            {"role-a": {"cluster": ["all"],
              "indices": [{"names": ["index-a"], "privileges": ["read"], "allow_restricted_indices": false}],
              "applications": [], "run_as": [], "metadata": {}, "transient_metadata": {"enabled": true}}}"""));
    }

    @Test
    void fullDescriptorRoundTrips() {
        JsonNode input = json("""
            {"r1":{"cluster":["monitor","cluster:admin/xpack/security/api_key/get"],
                   "indices":[{"names":["logs-*","/metrics-[0-9]+/"],"privileges":["read","view_index_metadata"],
                               "field_security":{"grant":["*"],"except":["secret"]},
                               "query":{"term":{"tenant":"a"}},"allow_restricted_indices":false},
                              {"names":[".apm-agent-configuration"],"privileges":["read"],"allow_restricted_indices":true}],
                   "applications":[{"application":"apm","privileges":["event:write","config_agent:read"],"resources":["-"]}],
                   "run_as":["bob"],"metadata":{"team":"obs","level":3,"tags":["a"]},
                   "transient_metadata":{"enabled":false},
                   "global":{"application":{"manage":{"applications":["kibana-*"]}}},
                   "remote_indices":[{"names":["x"],"privileges":["read"],"clusters":["c1"]}],
                   "remote_cluster":[{"privileges":["monitor_enrich"],"clusters":["c1"]}],
                   "description":"readers"},
             "r2":{}}""");
        List<RoleDescriptor> parsed = RoleDescriptorParser.parseMap(input);
        assertThat(parsed).extracting(RoleDescriptor::name).containsExactly("r1", "r2");
        RoleDescriptor r1 = parsed.get(0);
        assertThat(r1.indices().get(0).query()).isEqualTo("{\"term\":{\"tenant\":\"a\"}}");
        assertThat(r1.description()).isEqualTo("readers");
        assertThat(parsed.get(1).isEmpty()).isTrue();
        assertThat(r1.isEmpty()).isFalse();

        JsonNode rendered = RoleDescriptorJson.renderMap(parsed);
        assertThat(rendered.at("/r1/indices/0/query").isTextual()).isTrue();
        assertThat(rendered.at("/r1/transient_metadata")).isEqualTo(json("{\"enabled\":true}"));
        assertThat(rendered.at("/r2")).isEqualTo(json("""
            {"cluster":[],"indices":[],"applications":[],"run_as":[],"metadata":{},"transient_metadata":{"enabled":true}}"""));
        assertThat(rendered.at("/r2").has("description")).isFalse();
        assertThat(RoleDescriptorParser.parseMap(rendered)).isEqualTo(parsed);
        assertThat(RoleDescriptorParser.validate(r1)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {"foo":1}                                                  | failed to parse role [role-a]. unexpected field [foo]
        {"indices":[{"names":["a"],"privileges":["read"],"clusters":["x"]}]} | failed to parse indices privileges for role [role-a]. unexpected field [clusters]
        {"indices":[{"privileges":["read"]}]}                      | failed to parse indices privileges for role [role-a]. missing required [names] field
        {"indices":[{"names":["a"]}]}                              | failed to parse indices privileges for role [role-a]. missing required [privileges] field
        {"indices":[{"names":[],"privileges":["read"]}]}           | failed to parse indices privileges for role [role-a]. [names] cannot be an empty array
        {"indices":[{"names":null,"privileges":["read"]}]}         | failed to parse indices privileges for role [role-a]. expected field [names] value to be a string or an array of strings, but found [VALUE_NULL] instead
        {"indices":{"names":["a"]}}                                | failed to parse indices privileges for role [role-a]. expected field [indices] value to be an array, but found [START_OBJECT] instead
        {"indices":[{"names":["a"],"privileges":["read"],"allow_restricted_indices":"yes"}]} | failed to parse indices privileges for role [role-a]. expected field [allow_restricted_indices] value to be a boolean, but found [VALUE_STRING] instead
        {"applications":[{"application":"apm","privileges":["x"]}]} | failed to parse application privileges for role [role-a]. missing required [resources] field
        {"remote_indices":[{"names":["a"],"privileges":["read"]}]} | failed to parse remote indices privileges for role [role-a]. missing required [clusters] field
        """)
    void parseErrors(String body, String reason) {
        assertThatThrownBy(() -> RoleDescriptorParser.parse("role-a", json(body)))
                .isInstanceOf(EsException.class)
                .satisfies(e -> assertThat(((EsException) e).type()).isEqualTo("parse_exception"))
                .hasMessage(reason);
    }

    @Test
    void validationMessages() {
        RoleDescriptor d = RoleDescriptorParser.parse("r", json("""
            {"cluster":["foo","monitor","cluster:monitor/nodes/*"],
             "indices":[{"names":["a","/broken"],"privileges":["read","Bar","indices:data/read/*"]}],
             "remote_indices":[{"names":["a"],"privileges":["read"],"clusters":[""]}],
             "metadata":{"_reserved":true}}"""));
        List<String> errors = RoleDescriptorParser.validate(d);
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).isEqualTo("unknown cluster privilege [foo]. a privilege must be either one of the "
                + "predefined cluster privilege names [" + String.join(",", ClusterPrivilege.names())
                + "] or a pattern over one of the available cluster actions");
        assertThat(errors.get(1)).isEqualTo("unknown index privilege [bar]. a privilege must be either one of the "
                + "predefined fixed indices privileges [" + String.join(",", IndexPrivilege.names())
                + "] or a pattern over one of the available index actions");
        assertThat(errors.get(2)).startsWith("invalid pattern [/broken]");
        assertThat(errors.get(3)).isEqualTo("remote index cluster alias cannot be an empty string");
        assertThat(errors.get(4)).isEqualTo("role descriptor metadata keys may not start with [_]");
        assertThat(EsException.validation(errors.subList(3, 5)).reason()).isEqualTo("Validation Failed: "
                + "1: remote index cluster alias cannot be an empty string;"
                + "2: role descriptor metadata keys may not start with [_];");
    }
}
