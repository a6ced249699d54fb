package io.keygate.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ApplicationPrivilegeDescriptor;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptorParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code _has_privileges} for application entries: privilege names mean the actions of the stored privileges (on the
 * role's side and on the request's), resources are patterns, and one role entry must cover a whole check.
 */
class ApplicationHasPrivilegesTest {

    static final ObjectMapper M = new ObjectMapper();
    static final RoleCompiler COMPILER = new RoleCompiler();

    static final StoredApplicationPrivileges STORED = new StoredApplicationPrivileges(List.of(
            stored("myapp", "read", "data:read/*"),
            stored("myapp", "write", "data:write/*"),
            stored("myapp", "admin", "*"),
            stored("kibana-.kibana", "feature_discover.all", "ui:discover/*", "saved_object:search/*"),
            stored("kibana-.kibana", "feature_discover.read", "ui:discover/show")));

    static ApplicationPrivilegeDescriptor stored(String app, String name, String... actions) {
        return new ApplicationPrivilegeDescriptor(app, name, List.of(actions), Map.of());
    }

    static JsonNode json(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A role of one descriptor holding the given application entries. */
    static Role role(String applications) {
        return COMPILER.compile(List.of(RoleDescriptorParser.parse("r", json("{\"applications\":" + applications + "}"))));
    }

    static boolean check(Role role, String application, String privilege, String resource, StoredApplicationPrivileges stored) {
        JsonNode out = HasPrivileges.evaluate("u/has_privileges", role, json("""
            {"application":[{"application":"%s","privileges":["%s"],"resources":["%s"]}]}"""
                .formatted(application, privilege, resource)), stored);
        JsonNode answer = out.path("application").path(application).path(resource).path(privilege);
        assertThat(answer.isBoolean()).as("answered").isTrue();
        assertThat(out.get("has_all_requested").booleanValue()).isEqualTo(answer.booleanValue());
        return answer.booleanValue();
    }

    @ParameterizedTest(name = "{0}: {2} on {1}/{3} → {4}")
    @CsvSource(delimiter = '|', textBlock = """
        a stored name grants its actions                | myapp          | data:read/me          | *            | true  | [{"application":"myapp","privileges":["read"],"resources":["*"]}]
        but not another name's                          | myapp          | data:write/me         | *            | false | [{"application":"myapp","privileges":["read"],"resources":["*"]}]
        a name asked for means its actions              | myapp          | read                  | *            | true  | [{"application":"myapp","privileges":["read"],"resources":["*"]}]
        a wider name is not covered                     | myapp          | admin                 | *            | false | [{"application":"myapp","privileges":["read","write"],"resources":["*"]}]
        names granted together add up                   | myapp          | data:write/x          | *            | true  | [{"application":"myapp","privileges":["read","write"],"resources":["*"]}]
        a resource inside the granted pattern           | myapp          | read                  | res/1        | true  | [{"application":"myapp","privileges":["read"],"resources":["res/*"]}]
        a pattern inside the granted pattern            | myapp          | read                  | res/a*       | true  | [{"application":"myapp","privileges":["read"],"resources":["res/*"]}]
        a pattern wider than the granted one            | myapp          | read                  | *            | false | [{"application":"myapp","privileges":["read"],"resources":["res/*"]}]
        another resource                                | myapp          | read                  | other        | false | [{"application":"myapp","privileges":["read"],"resources":["res/*"]}]
        every action grants even an unknown name        | myapp          | ghost                 | x            | true  | [{"application":"myapp","privileges":["*"],"resources":["*"]}]
        an unknown name grants nothing                  | myapp          | data:read/x           | x            | false | [{"application":"myapp","privileges":["ghost"],"resources":["*"]}]
        but the very same unknown name is granted       | myapp          | ghost                 | x            | true  | [{"application":"myapp","privileges":["ghost"],"resources":["*"]}]
        an unknown name asked for is not covered        | myapp          | ghost                 | x            | false | [{"application":"myapp","privileges":["read"],"resources":["*"]}]
        another application                             | otherapp       | data:read/x           | *            | false | [{"application":"myapp","privileges":["read"],"resources":["*"]}]
        an application pattern resolves per stored app  | kibana-.kibana | feature_discover.read | space:a      | true  | [{"application":"kibana-*","privileges":["feature_discover.all"],"resources":["space:a"]}]
        and keeps its resources                         | kibana-.kibana | feature_discover.read | space:b      | false | [{"application":"kibana-*","privileges":["feature_discover.all"],"resources":["space:a"]}]
        a read name does not cover the all name         | kibana-.kibana | feature_discover.all  | space:a      | false | [{"application":"kibana-*","privileges":["feature_discover.read"],"resources":["*"]}]
        a pattern matching no stored app keeps actions  | other-x        | data:read/a           | *            | true  | [{"application":"other-*","privileges":["data:read/*"],"resources":["*"]}]
        such a pattern cannot resolve names             | other-x        | read                  | *            | false | [{"application":"other-*","privileges":["data:read/*"],"resources":["*"]}]
        superuser style: everything everywhere          | kibana-.kibana | feature_discover.all  | space:x      | true  | [{"application":"*","privileges":["*"],"resources":["*"]}]
        even in an application with nothing stored      | nothingstored  | anything              | x            | true  | [{"application":"*","privileges":["*"],"resources":["*"]}]
        a pattern of actions over stored applications   | kibana-.kibana | feature_discover.read | space:a      | true  | [{"application":"kibana-*","privileges":["ui:*"],"resources":["*"]}]
        entries on other resources do not add up        | myapp          | data:*                | *            | false | [{"application":"myapp","privileges":["read"],"resources":["*"]},{"application":"myapp","privileges":["data:*"],"resources":["a"]}]
        one privilege on two resource sets joins them   | myapp          | read                  | /r[12]/      | true  | [{"application":"myapp","privileges":["read"],"resources":["r1"]},{"application":"myapp","privileges":["read"],"resources":["r2"]}]
        """)
    void resolution(String why, String application, String privilege, String resource, boolean expected, String applications) {
        assertThat(check(role(applications), application, privilege, resource, STORED)).as(why).isEqualTo(expected);
    }

    @Test
    void aRoleIsResolvedAgainWhenTheStoredPrivilegesChange() {
        Role r = role("[{\"application\":\"myapp\",\"privileges\":[\"read\"],\"resources\":[\"*\"]}]");
        assertThat(check(r, "myapp", "data:read/x", "*", STORED)).isTrue();
        StoredApplicationPrivileges changed = new StoredApplicationPrivileges(List.of(stored("myapp", "read", "data:view/*")));
        assertThat(check(r, "myapp", "data:read/x", "*", changed)).isFalse();
        assertThat(check(r, "myapp", "data:view/x", "*", changed)).isTrue();
        assertThat(check(r, "myapp", "data:read/x", "*", StoredApplicationPrivileges.EMPTY)).isFalse();
    }

    @Test
    void anApiKeyIsLimitedByItsOwner() {
        Role key = COMPILER.forApiKey(
                RoleDescriptorParser.parseMap(json("""
                    {"k":{"applications":[{"application":"myapp","privileges":["read","write"],"resources":["*"]}]}}""")),
                RoleDescriptorParser.parseMap(json("""
                    {"owner":{"applications":[{"application":"myapp","privileges":["read"],"resources":["*"]}]}}""")));
        assertThat(check(key, "myapp", "data:read/x", "*", STORED)).isTrue();
        assertThat(check(key, "myapp", "data:write/x", "*", STORED)).isFalse();
    }

    @Test
    void theExampleOfElasticsearchsApiKeyTests() {
        Role key = COMPILER.forApiKey(
                RoleDescriptorParser.parseMap(json("""
                    {"role-a":{"cluster":["all"],"index":[{"names":["index-a"],"privileges":["read"]}],
                               "applications":[{"application":"myapp","privileges":["read"],"resources":["*"]}]},
                     "role-b":{"cluster":["manage"],"index":[{"names":["index-b"],"privileges":["all"]}]}}""")),
                RoleDescriptorParser.parseMap(json("""
                    {"admin_role":{"cluster":["manage_api_key"],"indices":[{"names":"*","privileges":["all"]}],
                                   "applications":[{"application":"myapp","privileges":["*"],"resources":["*"]}]}}""")));
        JsonNode out = HasPrivileges.evaluate("u", key, json("""
            {"application":[{"application":"myapp","resources":["*","some-other-res"],
                             "privileges":["data:read/me","data:write/me"]}]}"""), STORED);
        assertThat(out.get("application")).isEqualTo(json("""
            {"myapp":{"*":{"data:read/me":true,"data:write/me":false},
                      "some-other-res":{"data:read/me":true,"data:write/me":false}}}"""));
        assertThat(out.get("has_all_requested").booleanValue()).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
        {"application":[{"application":"*","privileges":["read"],"resources":["a"]}]}     | Validation Failed: 1: Application names may not contain '*' (found '*');
        {"application":[{"application":"ap","privileges":["read"],"resources":["a"]}]}    | Validation Failed: 1: An application name prefix must be at least 3 characters long (found 'ap');
        {"application":[{"application":"myapp","privileges":[],"resources":["a"]}]}      | application privileges must define at least one privilege
        {"application":[{"application":"myapp","privileges":["read"],"resources":[]}]}   | application privileges must refer to at least one resource
        {"application":[{"privileges":["read"],"resources":["a"]}]}                      | application privileges must have an application name
        """)
    void badChecksAre400s(String body, String reason) {
        assertThatThrownBy(() -> HasPrivileges.evaluate("u", role("[]"), json(body), STORED))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }
}
