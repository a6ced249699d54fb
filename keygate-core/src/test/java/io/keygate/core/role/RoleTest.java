package io.keygate.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.role.Role.ClusterAccess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleTest {

    static final ObjectMapper M = new ObjectMapper();
    static final RoleCompiler COMPILER = new RoleCompiler();

    static final String APM = """
        {"apm_writer":{"cluster":["monitor"],"index":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],
                       "privileges":["auto_configure","create_doc"]}]},
         "apm_sourcemap":{"index":[{"names":[".apm-source-map"],"privileges":["read"]}]},
         "apm_agentcfg":{"index":[{"names":[".apm-agent-configuration"],"privileges":["read"],
                         "allow_restricted_indices":true}]}}
        """;

    static List<RoleDescriptor> descriptors(String json) {
        try {
            return RoleDescriptorParser.parseMap(M.readTree(json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Role role(String json) {
        return COMPILER.compile(descriptors(json));
    }

    @ParameterizedTest(name = "{0} on {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
        indices:data/write/bulk[s]               | traces-apm-default        | true
        indices:data/write/index:op_type/create  | traces-apm-default        | true
        indices:admin/auto_create                | traces-apm-default        | true
        indices:admin/mapping/auto_put           | metrics-apm.internal-x    | true
        indices:data/write/index:op_type/index   | traces-apm-default        | false
        indices:data/write/update                | traces-apm-default        | false
        indices:data/read/search                 | traces-apm-default        | false
        indices:data/write/bulk[s]               | logs-other                | false
        indices:data/read/search                 | .apm-agent-configuration  | true
        indices:data/write/index:op_type/create  | .apm-agent-configuration  | false
        indices:data/read/get                    | .apm-source-map           | true
        indices:data/read/search                 | .apm-custom-link          | false
        """)
    void apmWriterDescriptors(String action, String index, boolean expected) {
        assertThat(role(APM).grantsIndex(action, index)).isEqualTo(expected);
    }

    @Test
    void apmWriterClusterAndMatcher() {
        Role r = role(APM);
        assertThat(r.grantsCluster("cluster:monitor/main")).isTrue();
        assertThat(r.grantsCluster("cluster:admin/xpack/security/api_key/create")).isFalse();
        assertThat(r.clusterAccess("cluster:admin/settings/update")).isEqualTo(ClusterAccess.NONE);
        assertThat(r.allowedIndicesMatcher("indices:data/write/bulk[s]"))
                .accepts("logs-apm.error-default", "traces-apm-default")
                .rejects("logs-nginx", ".apm-agent-configuration");
        assertThat(r.grantsIndexActionSomewhere("indices:data/read/search")).isTrue();
        assertThat(r.grantsIndexActionSomewhere("indices:admin/delete")).isFalse();
        assertThat(r.isSuperuser()).isFalse();
    }

    @ParameterizedTest(name = "read * cannot read {0}")
    @CsvSource({".security-7", ".security", ".kibana_1", ".keygate-security", ".keygate-security-1", ".tasks", ".fleet-agents-7"})
    void wildcardDoesNotReachRestrictedIndices(String index) {
        Role r = role("""
            {"reader":{"indices":[{"names":["*"],"privileges":["read"]}]}}""");
        assertThat(r.grantsIndex("indices:data/read/search", index)).isFalse();
        assertThat(r.grantsIndex("indices:data/read/search", "logs-1")).isTrue();
        assertThat(r.grantsIndex("indices:data/read/search", ".ds-logs-1")).isTrue();
    }

    @Test
    void keygateIndexIsNeverGranted() {
        Role superuser = role("""
            {"su":{"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}],
                   "run_as":["*"]}}""");
        assertThat(superuser.isSuperuser()).isTrue();
        assertThat(superuser.grantsIndex("indices:data/read/search", ".security-7")).isTrue();
        assertThat(superuser.grantsIndex("indices:data/read/search", ".keygate-security")).isFalse();
        assertThat(superuser.grantsIndex("indices:admin/delete", ".keygate-security-7")).isFalse();
        assertThat(RestrictedIndices.isKeygateInternal(".keygate-security")).isTrue();
        assertThat(RestrictedIndices.isKeygateInternal("keygate-security")).isFalse();
        Role explicit = role("""
            {"x":{"indices":[{"names":[".keygate-security"],"privileges":["all"],"allow_restricted_indices":true}]}}""");
        assertThat(explicit.grantsIndex("indices:data/read/get", ".keygate-security")).isFalse();
        assertThat(superuser.grantsRunAs("anyone")).isTrue();
        assertThat(explicit.grantsRunAs("anyone")).isFalse();
    }

    @Test
    void restrictedIndicesAreConfigurable() {
        RoleCompiler compiler = new RoleCompiler(new RestrictedIndices(List.of(".secret-*")));
        Role r = compiler.compile(descriptors("""
            {"reader":{"indices":[{"names":["*"],"privileges":["read"]}]}}"""));
        assertThat(r.grantsIndex("indices:data/read/search", ".secret-1")).isFalse();
        assertThat(role("""
            {"reader":{"indices":[{"names":["*"],"privileges":["read"]}]}}""")
                .grantsIndex("indices:data/read/search", ".secret-1")).isTrue();
    }

    @Test
    void regexAndWildcardNames() {
        Role r = role("""
            {"r":{"indices":[{"names":"/logs-[0-9]{4}/","privileges":["read"]},
                             {"names":["metrics-?"],"privileges":["indices:data/read/search"]}]}}""");
        assertThat(r.grantsIndex("indices:data/read/search", "logs-2024")).isTrue();
        assertThat(r.grantsIndex("indices:data/read/search", "logs-24")).isFalse();
        assertThat(r.grantsIndex("indices:data/read/search[phase/query]", "metrics-a")).isTrue();
        assertThat(r.grantsIndex("indices:data/read/get", "metrics-a")).isFalse();
    }

    @Test
    void limitedByIntersects() {
        List<RoleDescriptor> assigned = descriptors("""
            {"key":{"cluster":["manage_api_key"],
                    "indices":[{"names":["logs-*"],"privileges":["all"]}]}}""");
        List<RoleDescriptor> owner = descriptors("""
            {"owner":{"cluster":["monitor","manage_own_api_key"],
                      "indices":[{"names":["logs-app-*","metrics-*"],"privileges":["read","write"]}]}}""");
        Role r = COMPILER.forApiKey(assigned, owner);
        assertThat(r).isInstanceOf(LimitedRole.class);
        assertThat(r.grantsIndex("indices:data/read/search", "logs-app-1")).isTrue();
        assertThat(r.grantsIndex("indices:admin/delete", "logs-app-1")).isFalse();     // owner lacks it
        assertThat(r.grantsIndex("indices:data/read/search", "logs-web-1")).isFalse(); // owner lacks the name
        assertThat(r.grantsIndex("indices:data/read/search", "metrics-1")).isFalse();  // key lacks the name
        assertThat(r.allowedIndicesMatcher("indices:data/read/search"))
                .accepts("logs-app-x").rejects("logs-web", "metrics-1");
        assertThat(r.grantsCluster("cluster:monitor/health")).isFalse();              // key lacks monitor
        assertThat(r.clusterAccess("cluster:admin/xpack/security/api_key/invalidate"))
                .isEqualTo(ClusterAccess.OWN_API_KEYS);                                // owner only has own keys
        assertThat(r.clusterAccess("cluster:admin/xpack/security/api_key/create")).isEqualTo(ClusterAccess.FULL);
        assertThat(r.clusterAccess("cluster:admin/xpack/security/api_key/grant")).isEqualTo(ClusterAccess.NONE);
    }

    @Test
    void manageOwnApiKeyIsDistinguishable() {
        Role own = role("""
            {"o":{"cluster":["manage_own_api_key"]}}""");
        Role any = role("""
            {"a":{"cluster":["manage_own_api_key","manage_api_key"]}}""");
        Role reader = role("""
            {"r":{"cluster":["read_security"]}}""");
        String get = "cluster:admin/xpack/security/api_key/get";
        assertThat(own.clusterAccess(get)).isEqualTo(ClusterAccess.OWN_API_KEYS);
        assertThat(own.grantsCluster(get)).isFalse();
        assertThat(any.clusterAccess(get)).isEqualTo(ClusterAccess.FULL);
        assertThat(reader.clusterAccess(get)).isEqualTo(ClusterAccess.FULL);
        assertThat(reader.clusterAccess("cluster:admin/xpack/security/api_key/invalidate")).isEqualTo(ClusterAccess.NONE);
    }

    @Test
    void emptyAssignedInheritsOwner() {
        List<RoleDescriptor> owner = descriptors("""
            {"owner":{"indices":[{"names":["a"],"privileges":["read"]}]}}""");
        Role r = COMPILER.forApiKey(List.of(), owner);
        assertThat(r).isSameAs(COMPILER.compile(owner));
        assertThat(r.grantsIndex("indices:data/read/search", "a")).isTrue();
        Role nothing = COMPILER.forApiKey(descriptors("""
            {"noop":{}}"""), owner);
        assertThat(nothing.grantsIndex("indices:data/read/search", "a")).isFalse();
    }

    @Test
    void equalDescriptorsShareOneCompiledRole() {
        RoleCompiler compiler = new RoleCompiler();
        Role a = compiler.compile(descriptors(APM));
        Role b = compiler.compile(descriptors(APM));
        // names and metadata do not matter, the privileges do
        Role c = compiler.compile(descriptors(APM.replace("apm_writer", "writer-2")));
        assertThat(a).isSameAs(b).isSameAs(c);
        assertThat(compiler.compile(descriptors(APM.replace("\"monitor\"", "\"manage\"")))).isNotSameAs(a);
        List<RoleDescriptor> owner = descriptors("""
            {"owner":{"cluster":["all"]}}""");
        assertThat(compiler.forApiKey(descriptors(APM), owner)).isSameAs(compiler.forApiKey(descriptors(APM), owner));
    }

    @Test
    void failureStoreSelector() {
        Role r = role("""
            {"r":{"indices":[{"names":["logs-*"],"privileges":["read_failure_store"]},
                             {"names":["metrics-*"],"privileges":["read"]}]}}""");
        assertThat(r.grantsIndex("indices:data/read/search", "logs-a::failures")).isTrue();
        assertThat(r.grantsIndex("indices:data/read/search", "logs-a")).isFalse();
        assertThat(r.grantsIndex("indices:data/read/search", "metrics-a::failures")).isFalse();
        assertThat(r.grantsIndex("indices:data/read/search", "metrics-a")).isTrue();
    }

    static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }
}
