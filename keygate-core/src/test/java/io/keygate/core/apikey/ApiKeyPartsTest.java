package io.keygate.core.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Parsed anew on every call, as the store parses every key's document. */
    private static List<RoleDescriptor> parse(String json) throws Exception {
        return RoleDescriptorParser.parseMap(JSON.readTree(json));
    }

    private static ApiKey key(String id, String owner, String assigned, String limitedBy) throws Exception {
        return new ApiKey(id, "name-" + id, null, T0, null, false, null,
                new ApiKey.Owner(owner, "native", "native", null, null, Map.of("team", List.of("a", "b"))),
                Map.of("env", id), parse(assigned), parse(limitedBy));
    }

    private static final String READER = """
            {"r":{"indices":[{"names":["logs-*"],"privileges":["read"],"field_security":{"grant":["a*"]},"query":"{\\"match_all\\":{}}"}]}}""";
    private static final String WRITER = """
            {"w":{"cluster":["monitor"],"indices":[{"names":["logs-*"],"privileges":["create_doc"]}]}}""";
    private static final String OWNER_ROLES = """
            {"superuser":{"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}],
             "applications":[{"application":"*","privileges":["*"],"resources":["*"]}],"run_as":["*"],"metadata":{"_reserved":true}}}""";

    @Test
    void keysWithEqualPartsShareOneCopyAndStayEqualToWhatWasRead() throws Exception {
        ApiKeyParts parts = new ApiKeyParts();
        ApiKey readA = key("a", "alice", READER, OWNER_ROLES);
        ApiKey readB = key("b", "alice", READER, OWNER_ROLES);
        assertThat(readA.roleDescriptors()).isNotSameAs(readB.roleDescriptors()); // what the parser gives

        ApiKey a = parts.share(readA);
        ApiKey b = parts.share(readB);
        assertThat(a).usingRecursiveComparison().ignoringFields("metadata").isEqualTo(readA);
        assertThat(b).usingRecursiveComparison().ignoringFields("metadata").isEqualTo(readB);
        assertThat(b.roleDescriptors()).isSameAs(a.roleDescriptors());
        assertThat(b.limitedBy()).isSameAs(a.limitedBy());
        assertThat(b.owner()).isSameAs(a.owner());
        // the key's own fields stay its own; of its metadata, authentication keeps nothing but guards
        assertThat(b.id()).isEqualTo("b");
        assertThat(b.metadata()).isEmpty();
    }

    @Test
    void differentPartsAreNotMerged() throws Exception {
        ApiKeyParts parts = new ApiKeyParts();
        ApiKey reader = parts.share(key("a", "alice", READER, OWNER_ROLES));
        ApiKey writer = parts.share(key("b", "alice", WRITER, OWNER_ROLES));
        ApiKey bobs = parts.share(key("c", "bob", READER, OWNER_ROLES));
        // a descriptor that differs only in its name is another descriptor as stored and rendered
        ApiKey renamed = parts.share(key("d", "alice", READER.replace("\"r\"", "\"r2\""), OWNER_ROLES));

        assertThat(writer.roleDescriptors()).isNotEqualTo(reader.roleDescriptors());
        assertThat(writer.limitedBy()).isSameAs(reader.limitedBy());
        assertThat(bobs.owner()).isNotEqualTo(reader.owner());
        assertThat(bobs.owner().username()).isEqualTo("bob");
        assertThat(bobs.roleDescriptors()).isSameAs(reader.roleDescriptors());
        assertThat(renamed.roleDescriptors()).isNotEqualTo(reader.roleDescriptors());
        assertThat(renamed.roleDescriptors().getFirst().name()).isEqualTo("r2");
    }

    @Test
    void ofTheMetadataOnlyTheGuardsAreKept() throws Exception {
        ApiKey read = key("a", "alice", READER, OWNER_ROLES);
        Map<String, Object> guards = Map.of("allowed_networks", List.of("10.0.0.0/8"));
        ApiKey guarded = new ApiKey(read.id(), read.name(), read.type(), read.creation(), read.expiration(), read.invalidated(),
                read.invalidation(), read.owner(), Map.of(KeyGuards.FIELD, guards, "bulky", "x".repeat(100_000)),
                read.roleDescriptors(), read.limitedBy(), read.usage());
        ApiKey kept = new ApiKeyParts().share(guarded);
        assertThat(kept.metadata()).isEqualTo(Map.of(KeyGuards.FIELD, guards));
        KeyGuards fromKept = KeyGuards.ofStored(kept.metadata());
        assertThat(fromKept.malformed()).isFalse();
        assertThat(fromKept.allowedNetworks()).hasSize(1);
    }

    @Test
    void emptyDescriptorListsStayEmpty() throws Exception {
        ApiKey inherits = new ApiKeyParts().share(key("a", "alice", "{}", OWNER_ROLES));
        assertThat(inherits.roleDescriptors()).isEmpty();
        assertThat(inherits.limitedBy()).hasSize(1);
    }
}
