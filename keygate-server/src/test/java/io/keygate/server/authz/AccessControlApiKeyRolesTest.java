package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.RealmRef;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.core.user.User;
import io.keygate.server.wire.Json;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An API key's role, looked up by its descriptor lists' identity: shared only between keys that carry the same lists. */
class AccessControlApiKeyRolesTest {
    private final AccessControl access = new AccessControl(new RoleCompiler(), null, Duration.ofMinutes(1)); // no stored roles read

    private static List<RoleDescriptor> descriptors(String json) {
        return List.copyOf(RoleDescriptorParser.parseMap(Json.parse(Buffer.buffer(json))));
    }

    private static Authentication key(String id, List<RoleDescriptor> assigned, List<RoleDescriptor> limitedBy) {
        User owner = new User("apm", List.of(), null, null, Map.of(), true);
        return Authentication.ofApiKey(owner, new RealmRef("default_native", "native"),
                new Authentication.ApiKeyRef(id, "k-" + id, assigned, limitedBy));
    }

    private Role role(Authentication a) {
        return access.roleOf(a).result();
    }

    private static final List<RoleDescriptor> OWNER = descriptors("""
            {"owner":{"cluster":["monitor"],"indices":[{"names":["logs-*","metrics-*"],"privileges":["read","write"]}]}}""");

    @Test
    void eachKeyGetsTheIntersectionOfItsOwnListsAndKeysWithTheSameListsShareOneRole() {
        List<RoleDescriptor> logsReader = descriptors("""
                {"r":{"indices":[{"names":["logs-*"],"privileges":["read"]}]}}""");
        List<RoleDescriptor> metricsWriter = descriptors("""
                {"w":{"cluster":["monitor"],"indices":[{"names":["metrics-*"],"privileges":["write"]}]}}""");
        Role a1 = role(key("a1", logsReader, OWNER));
        Role a2 = role(key("a2", logsReader, OWNER));
        Role b = role(key("b", metricsWriter, OWNER));
        Role inherits = role(key("c", List.of(), OWNER));

        assertThat(a2).isSameAs(a1);
        assertThat(a1.grantsIndex("indices:data/read/get", "logs-x")).isTrue();
        assertThat(a1.grantsIndex("indices:data/write/index", "logs-x")).isFalse();
        assertThat(a1.grantsIndex("indices:data/read/get", "metrics-x")).isFalse();
        assertThat(a1.grantsCluster("cluster:monitor/health")).isFalse();
        assertThat(b.grantsIndex("indices:data/write/index", "metrics-x")).isTrue();
        assertThat(b.grantsIndex("indices:data/read/get", "logs-x")).isFalse();
        assertThat(b.grantsCluster("cluster:monitor/health")).isTrue();
        assertThat(inherits.grantsIndex("indices:data/write/index", "logs-x")).isTrue();
        // the same content in other list instances (another owner's snapshot read apart): the same grants
        List<RoleDescriptor> narrowOwner = descriptors("""
                {"owner":{"indices":[{"names":["logs-a*"],"privileges":["read"]}]}}""");
        Role narrowed = role(key("d", logsReader, narrowOwner));
        assertThat(narrowed.grantsIndex("indices:data/read/get", "logs-abc")).isTrue();
        assertThat(narrowed.grantsIndex("indices:data/read/get", "logs-x")).isFalse();
        Role copy = role(key("e", descriptors("""
                {"r":{"indices":[{"names":["logs-*"],"privileges":["read"]}]}}"""), OWNER));
        assertThat(copy.grantsIndex("indices:data/read/get", "logs-x")).isTrue();
        assertThat(copy.grantsIndex("indices:data/read/get", "metrics-x")).isFalse();
    }
}
