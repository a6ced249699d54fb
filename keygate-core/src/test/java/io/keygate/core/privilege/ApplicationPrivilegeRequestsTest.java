package io.keygate.core.privilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body of a put privileges request: its shape, then Elasticsearch's validation. */
class ApplicationPrivilegeRequestsTest {

    static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsApplicationsAndNamesFromTheKeys() {
        List<ApplicationPrivilegeDescriptor> out = ApplicationPrivilegeRequests.parsePut(json("""
            {"app":{"p1":{"application":"app","name":"p1","actions":["data:read/*","action:login","data:read/*"],
                          "metadata":{"key1":"val1"}},
                    "p2":{"actions":"data:write/*"}},
             "app2":{"p1":{"actions":["*"]}}}"""));
        assertThat(out).containsExactly(
                new ApplicationPrivilegeDescriptor("app", "p1", List.of("data:read/*", "action:login"), Map.of("key1", "val1")),
                new ApplicationPrivilegeDescriptor("app", "p2", List.of("data:write/*"), Map.of()),
                new ApplicationPrivilegeDescriptor("app2", "p1", List.of("*"), Map.of()));
        assertThat(out.get(0).docId()).isEqualTo("application-privilege_app:p1");
        assertThat(out.get(0).toJson()).isEqualTo(json("""
            {"application":"app","name":"p1","actions":["data:read/*","action:login"],"metadata":{"key1":"val1"}}"""));
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        []                                               | parse_exception            | expected object but found START_ARRAY instead
        {"app":[]}                                       | parse_exception            | expected the value for app to be an object, but found START_ARRAY instead
        {"app":{"p1":"x"}}                               | parse_exception            | expected the value for app to be an object, but found VALUE_STRING instead
        {"app":{"p1":{"actions":["a:b"],"foo":1}}}       | x_content_parse_exception  | [application-privilege] unknown field [foo]
        {"app":{"p1":{"actions":[1]}}}                   | x_content_parse_exception  | [application-privilege] failed to parse field [actions]
        {"app":{"p1":{"metadata":"x"}}}                  | x_content_parse_exception  | [application-privilege] failed to parse field [metadata]
        {"app":{"p1":{"application":"other"}}}           | illegal_argument_exception | privilege application [other] in source does not match the provided application [app]
        {"app":{"p1":{"name":"p2"}}}                     | illegal_argument_exception | privilege name [p2] in source does not match the provided name [p1]
        {"app":{"p1":{"type":"application-privilege"}}}  | illegal_argument_exception | Field type cannot be specified here
        """)
    void badShapesAre400s(String body, String type, String reason) {
        assertThatThrownBy(() -> ApplicationPrivilegeRequests.parsePut(json(body)))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
        {}                                                   | At least one application privilege must be provided
        {"ap":{"read":{"actions":["a:b"]}}}                  | An application name prefix must be at least 3 characters long (found 'ap')
        {"app*":{"read":{"actions":["a:b"]}}}                | Application names may not contain '*' (found 'app*')
        {"app":{"Read":{"actions":["a:b"]}}}                 | Application privilege names must match the pattern ^[a-z][a-zA-Z0-9_.-]*$ (found 'Read')
        {"app":{"read":{"actions":[]}}}                      | Application privileges must have at least one action
        {"app":{"read":{}}}                                  | Application privileges must have at least one action
        {"app":{"read":{"actions":["login"]}}}               | action [login] must contain one of [ '/' , '*' , ':' ]
        {"app":{"read":{"actions":["a:b"],"metadata":{"_x":1}}}} | metadata keys may not start with [_] (in privilege app read)
        """)
    void validation(String body, String error) {
        List<String> errors = ApplicationPrivilegeRequests.validatePut(ApplicationPrivilegeRequests.parsePut(json(body)));
        assertThat(errors).containsExactly(error);
    }

    @Test
    void aValidRequestHasNoErrors() {
        assertThat(ApplicationPrivilegeRequests.validatePut(ApplicationPrivilegeRequests.parsePut(json("""
            {"kibana-.kibana":{"feature_discover.all":{"actions":["ui:discover/show","saved_object:search/*"]}}}""")))).isEmpty();
    }
}
