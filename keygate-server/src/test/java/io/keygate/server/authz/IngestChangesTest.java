package io.keygate.server.authz;

import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which forwarded requests make the next decision wait for the pipelines, templates and settings to be read again. */
class IngestChangesTest {
    private static final RequestClassifier CLASSIFIER = new RequestClassifier(Clock.systemUTC());

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
        PUT    | /_ingest/pipeline/p              | true
        DELETE | /_ingest/pipeline/p              | true
        GET    | /_ingest/pipeline/p              | false
        POST   | /_ingest/pipeline/p/_simulate    | false
        PUT    | /_index_template/t               | true
        PUT    | /_component_template/c           | true
        PUT    | /_template/t                     | true
        PUT    | /logs-1                          | true
        PUT    | /logs-1/_settings                | true
        POST   | /logs-1/_rollover                | true
        POST   | /logs-1/_refresh                 | false
        POST   | /logs-1/_doc                     | false
        POST   | /_bulk                           | false
        GET    | /logs-1/_search                  | false
        POST   | /_some_plugin/thing              | true
        """)
    void changesIngest(String method, String path, boolean expected) {
        assertThat(RequestAuthorizer.changesIngest(CLASSIFIER.classify(new RestRequest(method, path, Map.of())))).isEqualTo(expected);
    }
}
