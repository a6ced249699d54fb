package io.keygate.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Application entries of a role (or an API key's descriptor), validated as Elasticsearch validates them. */
class ApplicationRoleValidationTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
        {"application":"myapp","privileges":["read","data:read/*"],"resources":["*"]}          | NONE
        {"application":"*","privileges":["*"],"resources":["*"]}                              | NONE
        {"application":"kibana-*","privileges":["feature_discover.all"],"resources":["space:default"]} | NONE
        {"application":"ap","privileges":["read"],"resources":["*"]}                          | An application name prefix must be at least 3 characters long (found 'ap')
        {"application":"*app","privileges":["read"],"resources":["*"]}                        | Application name patterns only support trailing wildcards (found '*app')
        {"application":"myapp","privileges":["read all"],"resources":["*"]}                   | Application privilege names and actions must match the pattern ^\\p{Graph}*$ (found 'read all')
        """)
    void validation(String entry, String error) throws Exception {
        RoleDescriptor d = RoleDescriptorParser.parse("r", new ObjectMapper().readTree("{\"applications\":[" + entry + "]}"));
        if (error == null) {
            assertThat(RoleDescriptorParser.validate(d)).isEmpty();
        } else {
            assertThat(RoleDescriptorParser.validate(d)).containsExactly(error);
        }
    }
}
