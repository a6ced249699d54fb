package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles in, the merged privileges Elasticsearch's get user privileges shows out. */
class UserPrivilegesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Stream<String[]> cases() {
        return Stream.of(
                new String[] {"no roles", "[]", "{'cluster':[],'global':[],'indices':[],'applications':[],'run_as':[]}"},
                new String[] {"cluster and run_as sorted", "[{'cluster':['monitor','all'],'run_as':['b','a']},{'cluster':['monitor']}]",
                        "{'cluster':['all','monitor'],'global':[],'indices':[],'applications':[],'run_as':['a','b']}"},
                new String[] {"same names merge",
                        "[{'indices':[{'names':['b','a'],'privileges':['read']}]},{'indices':[{'names':['a','b'],'privileges':['write','read']}]}]",
                        "{'cluster':[],'global':[],'indices':[{'names':['a','b'],'privileges':['read','write'],'allow_restricted_indices':false}],"
                                + "'applications':[],'run_as':[]}"},
                new String[] {"restricted apart, DLS and FLS kept",
                        "[{'indices':[{'names':['x'],'privileges':['read'],'query':'{}','field_security':{'grant':['a*']}},"
                                + "{'names':['x'],'privileges':['read'],'allow_restricted_indices':true}]}]",
                        "{'cluster':[],'global':[],'indices':[{'names':['x'],'privileges':['read'],'field_security':[{'grant':['a*']}],"
                                + "'query':['{}'],'allow_restricted_indices':false},"
                                + "{'names':['x'],'privileges':['read'],'allow_restricted_indices':true}],'applications':[],'run_as':[]}"},
                new String[] {"applications as written", "[{'applications':[{'application':'kibana','privileges':['read'],'resources':['*']}]}]",
                        "{'cluster':[],'global':[],'indices':[],'applications':[{'application':'kibana','privileges':['read'],"
                                + "'resources':['*']}],'run_as':[]}"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersMergedPrivileges(String what, String roles, String expected) {
        List<RoleDescriptor> descriptors = new ArrayList<>();
        int n = 0;
        for (JsonNode role : json(roles)) descriptors.add(RoleDescriptorParser.parse("r" + n++, role));
        assertThat(UserPrivileges.render(descriptors)).isEqualTo(json(expected));
    }
}
