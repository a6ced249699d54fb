package io.keygate.core.dlsfls;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.user.User;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoleRestrictionTest {

    static final ObjectMapper M = new ObjectMapper();
    static final String SEARCH = "indices:data/read/search";
    static final User ALICE = new User("alice", List.of("r1", "r2"), "Alice A", "alice@example.com",
            Map.of("tenant", "t\"1"), true);

    static RoleDescriptor role(String json) throws Exception {
        return RoleDescriptorParser.parse("r", M.readTree(json));
    }

    static String filter(IndexRestriction r) {
        var f = r.documents().filter(ALICE);
        return f == null ? "none" : f.toString();
    }

    @Test
    void unionAcrossGrants_aGrantWithoutQueryLiftsDls() throws Exception {
        RoleCompiler c = new RoleCompiler();
        Role two = c.compile(List.of(role("""
            {"indices":[{"names":["logs-*"],"privileges":["read"],"query":{"term":{"tenant":"a"}}},
                        {"names":["logs-b"],"privileges":["read"],"query":"{\\"term\\":{\\"tenant\\":\\"b\\"}}"},
                        {"names":["open"],"privileges":["read"],"query":{"term":{"x":1}}},
                        {"names":["open"],"privileges":["read"]}]}""")));
        assertThat(filter(two.indexRestriction(SEARCH, "logs-a"))).isEqualTo("{\"term\":{\"tenant\":\"a\"}}");
        assertThat(filter(two.indexRestriction(SEARCH, "logs-b"))).isEqualTo(
                "{\"bool\":{\"minimum_should_match\":1,\"should\":[{\"term\":{\"tenant\":\"a\"}},{\"term\":{\"tenant\":\"b\"}}]}}");
        assertThat(two.indexRestriction(SEARCH, "open").isRestricted()).isFalse();
        assertThat(two.indexRestriction(SEARCH, "other").isRestricted()).isFalse();
        assertThat(two.hasDocumentOrFieldSecurity()).isTrue();
    }

    @Test
    void apiKeyIntersectsWithItsOwner() throws Exception {
        RoleCompiler c = new RoleCompiler();
        List<RoleDescriptor> owner = List.of(role("""
            {"indices":[{"names":["hr"],"privileges":["read"],"query":{"term":{"public":true}},
                         "field_security":{"grant":["title","salary"]}}]}"""));
        List<RoleDescriptor> key = List.of(role("""
            {"indices":[{"names":["hr"],"privileges":["read"],"query":{"term":{"dept":"eng"}},
                         "field_security":{"grant":["*"],"except":["salary"]}}]}"""));
        IndexRestriction r = c.forApiKey(key, owner).indexRestriction(SEARCH, "hr");
        assertThat(filter(r)).isEqualTo("{\"bool\":{\"filter\":[{\"term\":{\"dept\":\"eng\"}},{\"term\":{\"public\":true}}]}}");
        assertThat(r.fields().visible("title")).isTrue();
        assertThat(r.fields().visible("salary")).isFalse();
        assertThat(r.fields().visible("other")).isFalse();
        // a key without its own restriction is bound by its owner's
        List<RoleDescriptor> plain = List.of(role("{\"indices\":[{\"names\":[\"hr\"],\"privileges\":[\"read\"]}]}"));
        IndexRestriction inherited = c.forApiKey(plain, owner).indexRestriction(SEARCH, "hr");
        assertThat(filter(inherited)).isEqualTo("{\"term\":{\"public\":true}}");
        assertThat(inherited.fields().visible("other")).isFalse();
    }

    @Test
    void templatesAreRenderedPerUserWithJsonEscaping() throws Exception {
        Role r = new RoleCompiler().compile(List.of(role("""
            {"indices":[{"names":["docs"],"privileges":["read"],
              "query":{"template":{"source":{"bool":{"filter":[{"term":{"owner":"{{_user.username}}"}},
                                                              {"term":{"tenant":"{{_user.metadata.tenant}}"}},
                                                              {"term":{"mail":"{{_user.email}}"}},
                                                              {"term":{"lvl":"{{level}}"}}]}},
                                   "params":{"level":"2"}}}}]}""")));
        assertThat(filter(r.indexRestriction(SEARCH, "docs"))).isEqualTo("{\"bool\":{\"filter\":["
                + "{\"term\":{\"owner\":\"alice\"}},{\"term\":{\"tenant\":\"t\\\"1\"}},"
                + "{\"term\":{\"mail\":\"alice@example.com\"}},{\"term\":{\"lvl\":\"2\"}}]}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {"terms":{"f":{"index":"i","id":"1","path":"p"}}} | terms query with terms lookup isn't supported as part of a role query
        {"geo_shape":{"f":{"indexed_shape":{"id":"1"}}}} | geoshape query referring to indexed shapes isn't supported as part of a role query
        {"percolate":{"field":"q","index":"i","id":"1"}} | percolate query isn't supported as part of a role query
        {"has_child":{"type":"c","query":{"match_all":{}}}} | has_child query isn't supported as part of a role query
        {"has_parent":{"parent_type":"p","query":{"match_all":{}}}} | has_parent query isn't supported as part of a role query
        {"unknown_query":{}} | Keygate cannot check [query type [unknown_query]]
        {"template":{"id":"stored"}} | role query templates must have a [source]
        {"template":{"source":{"terms":{"f":{"index":"{{_user.username}}","id":"1","path":"p"}}}}} | terms query with terms lookup isn't supported as part of a role query
        """)
    void refusedAtRoleCreation(String query, String error) throws Exception {
        RoleDescriptor d = role("{\"indices\":[{\"names\":[\"i\"],\"privileges\":[\"read\"],\"query\":" + query + "}]}");
        assertThat(RoleDescriptorParser.validate(d)).anySatisfy(e -> assertThat(e).startsWith(error));
    }

    @Test
    void validRoleQueriesAndFieldSecurityPassValidation() throws Exception {
        assertThat(RoleDescriptorParser.validate(role("""
            {"indices":[{"names":["i"],"privileges":["read"],"query":{"bool":{"filter":{"term":{"t":"a"}}}},
                         "field_security":{"grant":["a*"],"except":["ab"]}}]}"""))).isEmpty();
        assertThat(RoleDescriptorParser.validate(role("""
            {"indices":[{"names":["i"],"privileges":["read"],"field_security":{"grant":["a"],"except":["b"]}}]}""")))
                .anySatisfy(e -> assertThat(e).startsWith("Exceptions for field permissions must be a subset"));
    }

    @Test
    void anUnreadableStoredQueryShowsNothing() {
        RoleQuery q = RoleQuery.compile("{\"terms\":{\"f\":{\"index\":\"i\",\"id\":\"1\",\"path\":\"p\"}}}");
        assertThat(q.render(ALICE).toString()).isEqualTo("{\"match_none\":{}}");
    }
}
