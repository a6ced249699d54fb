package io.keygate.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.api.Test;

class HasPrivilegesTest {

    static final ObjectMapper M = new ObjectMapper();
    static final RoleCompiler COMPILER = new RoleCompiler();

    static JsonNode json(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Role role(String descriptors) {
        return COMPILER.compile(RoleDescriptorParser.parseMap(json(descriptors)));
    }

    static Role apiKey(String assigned, String owner) {
        return COMPILER.forApiKey(RoleDescriptorParser.parseMap(json(assigned)), RoleDescriptorParser.parseMap(json(owner)));
    }

    @Test
    void exampleFromTheApiKeyRestTests() {
        Role key = apiKey("""
            {"role-a":{"cluster":["all"],"index":[{"names":["index-a"],"privileges":["read"]}]},
             "role-b":{"cluster":["manage"],"index":[{"names":["index-b"],"privileges":["all"]}]}}""", """
            {"owner":{"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"]}]}}""");
        JsonNode response = HasPrivileges.respond("api_key_user", key, json("""
            {"cluster":["all","manage","monitor"],
             "index":[{"names":["index-a","*"],"privileges":["read","index","write"]},
                      {"names":["index-b"],"privileges":["read","write","delete_index"]}]}"""));
        assertThat(response).isEqualTo(json("""
            {"username":"api_key_user","has_all_requested":false,
             "cluster":{"all":true,"manage":true,"monitor":true},
             "index":{"*":{"read":false,"index":false,"write":false},
                      "index-a":{"read":true,"index":false,"write":false},
                      "index-b":{"read":true,"write":true,"delete_index":true}},
             "application":{}}"""));
    }

    @Test
    void patternsAndRestrictedIndices() {
        Role r = role("""
            {"r":{"cluster":["monitor","manage_own_api_key"],
                  "indices":[{"names":["logs-*"],"privileges":["read","create_doc"]},
                             {"names":[".apm-agent-configuration"],"privileges":["read"],"allow_restricted_indices":true},
                             {"names":["*"],"privileges":["monitor"]}]}}""");
        JsonNode out = HasPrivileges.evaluate("u/has_privileges", r, json("""
            {"cluster":["monitor","cluster:monitor/health","manage","manage_own_api_key","manage_api_key"],
             "index":[{"names":["logs-*","logs-a","/logs-[a-z]+/","log*"],"privileges":["read","create_doc","write"]},
                      {"names":[".apm-agent-configuration"],"privileges":["read"]},
                      {"names":["*"],"privileges":["monitor"]},
                      {"names":[".security-7"],"privileges":["monitor"]},
                      {"names":["*"],"privileges":["indices:monitor/stats"],"allow_restricted_indices":true}]}"""));
        assertThat(out.get("cluster")).isEqualTo(json("""
            {"monitor":true,"cluster:monitor/health":true,"manage":false,"manage_own_api_key":true,"manage_api_key":false}"""));
        assertThat(out.at("/index/logs-*")).isEqualTo(json("{\"read\":true,\"create_doc\":true,\"write\":false}"));
        assertThat(out.at("/index/logs-a")).isEqualTo(json("{\"read\":true,\"create_doc\":true,\"write\":false}"));
        assertThat(out.at("/index/~1logs-[a-z]+~1")).isEqualTo(json("{\"read\":true,\"create_doc\":true,\"write\":false}"));
        assertThat(out.at("/index/log*/read").booleanValue()).isFalse();
        assertThat(out.at("/index/.apm-agent-configuration/read").booleanValue()).isTrue();
        // "*" excludes restricted names unless asked for; an explicitly named restricted index is checked as is
        assertThat(out.at("/index/*/monitor").booleanValue()).isTrue();
        assertThat(out.at("/index/.security-7/monitor").booleanValue()).isFalse();
        assertThat(out.at("/index/*/indices:monitor~1stats").booleanValue()).isFalse();
        assertThat(out.get("has_all_requested").booleanValue()).isFalse();
    }

    @Test
    void apmAgentKeyApplicationCheck() {
        Role agent = apiKey("""
            {"agent":{"applications":[{"application":"apm","privileges":["event:write","config_agent:read"],"resources":["*"]}]}}""",
            """
            {"owner":{"applications":[{"application":"apm","privileges":["*"],"resources":["*"]}]}}""");
        JsonNode out = HasPrivileges.evaluate("u", agent, json("""
            {"application":[{"application":"apm","privileges":["config_agent:read","event:write","sourcemap:write"],
                             "resources":["-"]}]}"""));
        assertThat(out).isEqualTo(json("""
            {"has_all_requested":false,"cluster":{},"index":{},
             "application":{"apm":{"-":{"config_agent:read":true,"event:write":true,"sourcemap:write":false}}}}"""));
        JsonNode other = HasPrivileges.evaluate("u", agent, json("""
            {"application":[{"application":"kibana","privileges":["read"],"resources":["*"]}]}"""));
        assertThat(other.at("/application/kibana/*/read").booleanValue()).isFalse();
    }

    @Test
    void superuserHasAll() {
        Role su = role("""
            {"su":{"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}],
                   "applications":[{"application":"*","privileges":["*"],"resources":["*"]}]}}""");
        JsonNode out = HasPrivileges.evaluate("u", su, json("""
            {"cluster":["all"],"index":[{"names":["*"],"privileges":["all"]},{"names":[".kibana_1"],"privileges":["read"]}],
             "application":[{"application":"kibana-.kibana","privileges":["feature_discover.all"],"resources":["space:default"]}]}"""));
        assertThat(out.get("has_all_requested").booleanValue()).isTrue();
        // but Keygate's own index is out of reach for everyone
        JsonNode internal = HasPrivileges.evaluate("u", su, json("""
            {"index":[{"names":[".keygate-security"],"privileges":["read"]}]}"""));
        assertThat(internal.get("has_all_requested").booleanValue()).isFalse();
    }

    @Test
    void requestErrors() {
        Role r = role("{\"r\":{}}");
        assertThatThrownBy(() -> HasPrivileges.evaluate("u/has_privileges", r, json("{\"foo\":[]}")))
                .hasMessage("failed to parse privileges check [u/has_privileges]. unexpected field [foo]");
        assertThatThrownBy(() -> HasPrivileges.evaluate("u/has_privileges", r, json("{}")))
                .hasMessage("failed to parse privileges check [u/has_privileges]. All privilege fields "
                        + "[cluster,index,applications] are missing");
        assertThatThrownBy(() -> HasPrivileges.evaluate("u", r, json("{\"cluster\":[\"bogus\"]}")))
                .isInstanceOf(EsException.class)
                .hasMessageStartingWith("unknown cluster privilege [bogus]");
        assertThatThrownBy(() -> HasPrivileges.evaluate("u", r, json("""
            {"index":[{"names":["a"],"privileges":["read"],"query":{"match_all":{}}}]}""")))
                .hasMessage("Field [query] is not supported in a has_privileges request");
    }
}
