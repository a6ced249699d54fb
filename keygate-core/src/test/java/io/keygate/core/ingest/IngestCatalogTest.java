package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IngestCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The backend's answers, as IndexCatalogService reads them. */
    static final IngestCatalog CATALOG;

    static {
        try {
            CATALOG = IngestCatalogJson.read(JSON.readTree("""
                    {"plain":{"processors":[{"lowercase":{"field":"m"}}]},
                     "to-a":{"processors":[{"set":{"field":"_index","value":"a"}}]},
                     "to-b":{"processors":[{"set":{"field":"_index","value":"b"}}]},
                     "anywhere":{"processors":[{"script":{"source":"ctx._index = ctx.t"}}]}}"""),
                    JSON.readTree("""
                    {"idx-default":{"settings":{"index.default_pipeline":"to-a"}},
                     "idx-final":{"settings":{"index.final_pipeline":"to-b"}},
                     "idx-both":{"settings":{"index":{"default_pipeline":"plain","final_pipeline":"anywhere"}}},
                     "idx-none":{"settings":{}},
                     ".ds-logs-ds-000002":{"settings":{"index.default_pipeline":"anywhere"}}}"""),
                    JSON.readTree("""
                    {"index_templates":[
                      {"name":"v2","index_template":{"index_patterns":["new-v2-*"],"composed_of":["c1"],
                        "template":{"settings":{"index.final_pipeline":"to-b"}}}},
                      {"name":"v2-plain","index_template":{"index_patterns":["new-plain-*"],"template":{"settings":{}}}}]}"""),
                    JSON.readTree("""
                    {"component_templates":[{"name":"c1","component_template":{"template":{"settings":{"index":{"default_pipeline":"to-a"}}}}}]}"""),
                    JSON.readTree("""
                    {"v1":{"index_patterns":["new-v1-*"],"settings":{"index.default_pipeline":"anywhere"}}}"""));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Each line: the write's pipeline (none, or _none), the name written, whether it exists and its write index, and
     * what the pipelines that run can do to the index.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
        null     | idx-none          | true  | idx-none           | NONE
        plain    | idx-none          | true  | idx-none           | NONE
        to-a     | idx-none          | true  | idx-none           | FIXED a
        nope     | idx-none          | true  | idx-none           | UNKNOWN
        null     | idx-default       | true  | idx-default        | FIXED a
        plain    | idx-default       | true  | idx-default        | NONE
        _none    | idx-default       | true  | idx-default        | NONE
        null     | idx-final         | true  | idx-final          | FIXED b
        _none    | idx-final         | true  | idx-final          | FIXED b
        to-a     | idx-final         | true  | idx-final          | FIXED a,b
        plain    | idx-both          | true  | idx-both           | UNKNOWN
        null     | logs-ds           | true  | .ds-logs-ds-000002 | UNKNOWN
        null     | alias-no-write    | true  | null               | NONE
        null     | new-v2-x          | false | null               | FIXED a,b
        plain    | new-v2-x          | false | null               | FIXED b
        null     | new-v1-x          | false | null               | UNKNOWN
        _none    | new-v1-x          | false | null               | NONE
        null     | new-plain-x       | false | null               | NONE
        null     | unmatched         | false | null               | NONE
        null     | new-v2-created    | true  | new-v2-created     | FIXED a,b
        null     | created-since     | true  | created-since      | NONE
        """)
    void thePipelinesThatRunAreChosenAsTheBackendChoosesThem(String pipeline, String name, boolean exists, String writeIndex,
                                                             String expected) {
        assertThat(PipelineAnalyzerTest.shown(CATALOG.forWrite(pipeline, name, exists, writeIndex))).isEqualTo(expected);
    }

    @Test
    void notReadYetIsUnknownForEveryWrite() {
        assertThat(IngestCatalog.UNREAD.forWrite(null, "x", true, "x").kind()).isEqualTo(IndexEffect.Kind.UNKNOWN);
        assertThat(IngestCatalog.UNREAD.isEmpty()).isFalse();
        assertThat(IngestCatalog.NONE.forWrite(null, "x", true, "x")).isEqualTo(IndexEffect.NONE);
        assertThat(IngestCatalog.NONE.forWrite("p", "x", true, "x").reason()).isEqualTo("pipeline [p] is not known to Keygate");
    }

    @Test
    void nothingOfAKindReadsAsNothing() {
        IngestCatalog empty = IngestCatalogJson.read(null, null, null, null, null);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.forWrite(null, "x", false, null)).isEqualTo(IndexEffect.NONE);
    }
}
