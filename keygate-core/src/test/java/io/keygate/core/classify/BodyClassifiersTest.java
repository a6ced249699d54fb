package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyClassifiersTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertRejected(Runnable r, String type, String reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.reason()).startsWith(reason);
        });
    }

    // ---- _mget / _mtermvectors

    static final MgetBodyClassifier MGET = new MgetBodyClassifier(CLOCK);

    @ParameterizedTest(name = "{0} (default {1}) -> {2}")
    @CsvSource(delimiter = '\t', nullValues = "~", textBlock = """
        {"docs":[{"_index":"a","_id":"1"},{"_index":"b","_id":"2"}]}	~	a/1 b/2
        {"docs":[{"_id":"1"},{"_index":"b","_id":2,"_source":["x"],"routing":"r"}]}	url	url/1 b/2
        {"ids":["1","2"]}	url	url/1 url/2
        {"docs":[{"_index":"<logs-{now/d}>","_id":"1","stored_fields":["a"]}],"extra":{"x":[1,2]}}	~	logs-2026.11.27/1
        {}	~	''
        """)
    void mget(String body, String defaultIndex, String expected) {
        String rendered = MGET.classify(utf8(body), defaultIndex).stream()
                .map(i -> i.index() + "/" + i.id()).collect(Collectors.joining(" "));
        assertThat(rendered).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"docs":[{"_id":"1"},{"_id":"2"}]}	action_request_validation_exception	Validation Failed: 1: index is missing for doc 0;2: index is missing for doc 1;
        {"ids":["1"]}	action_request_validation_exception	Validation Failed: 1: index is missing for doc 0;
        {"docs":[{"_index":"a","_index":"secret","_id":"1"}]}	x_content_parse_exception	[1:
        {"docs":["a"]}	illegal_argument_exception	docs array element should include an object
        {"docs":[{"_index":["a"],"_id":"1"}]}	illegal_argument_exception	Malformed doc: [_index] must be a string
        {"docs":[{"_index":"a*","_id":"1"}]}	invalid_index_name_exception	Invalid index name [a*]
        [1]	parse_exception	request body must be a JSON object
        {"docs":[]} {"docs":[{"_index":"secret"}]}	parse_exception	malformed request body
        """)
    void mgetRejects(String body, String type, String reason) {
        assertRejected(() -> MGET.classify(utf8(body), null), type, reason);
    }

    // ---- _msearch headers

    static final MsearchHeaderClassifier MSEARCH = new MsearchHeaderClassifier(CLOCK);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '\t', nullValues = "~", textBlock = """
        {"index":"logs-*"}	logs-* ~
        {"index":"a,b","expand_wildcards":"open,hidden"}	a,b open,hidden
        {"indices":["a","b*","-b1"]}	a,b*,-b1 ~
        {"index":"<logs-{now/d}>","search_type":"dfs_query_then_fetch","preference":"_local","request_cache":true}	logs-2026.11.27 ~
        {}	~ ~
        {"expand_wildcards":["open","closed"],"ignore_unavailable":true}	~ open,closed
        """)
    void msearchHeader(String header, String expected) {
        MsearchHeaderClassifier.MsearchHeader h = MSEARCH.classify(utf8(header), 0, header.length());
        assertThat((h.indices() == null ? "~" : h.indices().toCsv()) + " " + (h.expandWildcards() == null ? "~" : h.expandWildcards()))
                .isEqualTo(expected);
    }

    @Test
    void msearchBlankHeaderUsesUrlIndex() {
        MsearchHeaderClassifier.MsearchHeader h = MSEARCH.classify(new byte[0], 0, 0);
        assertThat(h.indices()).isNull();
        assertThat(h.effectiveIndices(IndexExpressions.parse("url", CLOCK)).toCsv()).isEqualTo("url");
        assertThat(h.effectiveIndices(null).isAll()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"index":"a","foo":1}	illegal_argument_exception	key [foo] is not supported in the metadata section
        {"index":"a","indices":"b"}	illegal_argument_exception	key [indices] is given twice in the metadata section
        {"index":"a","index":"b"}	x_content_parse_exception	[1:
        {"index":1}	illegal_argument_exception	key [index] must be a string or an array of strings
        {"index":["a",{"x":1}]}	illegal_argument_exception	key [index] must be a string or an array of strings
        {"index":"a/../b"}	invalid_index_name_exception	Invalid index name [a/../b]
        ["a"]	illegal_argument_exception	Malformed msearch header: expected START_OBJECT but found [START_ARRAY]
        {"index":"a"}{"index":"b"}	illegal_argument_exception	Malformed msearch header: trailing data
        """)
    void msearchRejects(String header, String type, String reason) {
        assertRejected(() -> MSEARCH.classify(utf8(header), 0, utf8(header).length), type, reason);
    }

    // ---- _reindex

    static final ReindexBodyClassifier REINDEX = new ReindexBodyClassifier(CLOCK);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"source":{"index":"logs-*","query":{"match_all":{}}},"dest":{"index":"copy"}}	logs-* local -> copy index
        {"source":{"index":["a","b"]},"dest":{"index":"copy","op_type":"create"}}	a,b local -> copy create
        {"conflicts":"proceed","source":{"index":"a","remote":{"host":"http://evil:9200"}},"dest":{"index":"<c-{now/d}>"}}	a remote -> c-2026.11.27 index
        {"source":{"index":"a"},"dest":{"index":"b"},"script":{"source":"ctx._index = 'secret'"}}	a local -> b index script
        {"source":{"index":"a","query":{"script":{"script":"true"}}},"dest":{"index":"b","script":"x"}}	a local -> b index
        """)
    void reindex(String body, String expected) {
        ReindexBodyClassifier.ReindexSpec s = REINDEX.classify(utf8(body));
        assertThat(s.source().toCsv() + " " + (s.remoteSource() ? "remote" : "local") + " -> " + s.destIndex() + " "
                + (s.destCreate() ? "create" : "index") + (s.script() ? " script" : "")).isEqualTo(expected);
    }

    @Test
    void reindexTargets() {
        ReindexBodyClassifier.ReindexSpec s = REINDEX.classify(utf8(
                "{\"source\":{\"index\":\"logs-*\"},\"dest\":{\"index\":\"copy\",\"op_type\":\"create\"}}"));
        assertThat(s.targets()).extracting(t -> t.action() + "[" + t.indices().toCsv() + "]").containsExactly(
                "indices:data/read/search[logs-*]",
                "indices:data/write/bulk[s][copy]",
                "indices:data/write/index:op_type/create[copy]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"dest":{"index":"copy"}}	action_request_validation_exception	Validation Failed: 1: use _all if you really want to copy from all existing indexes;
        {"source":{"index":"a"}}	action_request_validation_exception	Validation Failed: 1: index must be specified;
        {"source":{"index":"a"},"dest":{"index":"c*"}}	invalid_index_name_exception	Invalid index name [c*]
        {"source":{"index":"a","index":"b"},"dest":{"index":"c"}}	x_content_parse_exception	[1:
        """)
    void reindexRejects(String body, String type, String reason) {
        assertRejected(() -> REINDEX.classify(utf8(body)), type, reason);
    }

    // ---- _aliases

    static final AliasesBodyClassifier ALIASES = new AliasesBodyClassifier(CLOCK);

    @Test
    void aliasActions() {
        String body = """
            {"actions":[
              {"add":{"index":"logs-a","alias":"logs","is_write_index":true,"filter":{"term":{"x":1}}}},
              {"remove":{"indices":["logs-b","logs-c"],"aliases":["logs","old"]}},
              {"remove_index":{"index":"tmp-*"}}
            ]}""";
        assertThat(ALIASES.classify(utf8(body)).stream().flatMap(a -> a.targets().stream())
                .map(t -> t.action() + "[" + t.indices().toCsv() + "]"))
                .containsExactly(
                        "indices:admin/aliases[logs-a]", "indices:admin/aliases[logs]",
                        "indices:admin/aliases[logs-b,logs-c]", "indices:admin/aliases[logs,old]",
                        "indices:admin/delete[tmp-*]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"actions":[]}	action_request_validation_exception	Validation Failed: 1: no actions specified;
        {"actions":[{"add":{"alias":"x"}}]}	action_request_validation_exception	Validation Failed: 1: One of [index] or [indices] is required;
        {"actions":[{"add":{"index":"x"}}]}	action_request_validation_exception	Validation Failed: 1: One of [alias] or [aliases] is required;
        {"actions":[{"rename":{"index":"x"}}]}	illegal_argument_exception	[alias_action] unknown field [rename]
        {"actions":[{"add":{"index":"a","alias":"b"},"remove":{"index":"secret","alias":"b"}}]}	illegal_argument_exception	[alias_action] expected one action per object
        {"actions":[{"add":{"index":"a","index":"b","alias":"c"}}]}	x_content_parse_exception	[1:
        {"other":[]}	x_content_parse_exception	[aliases] unknown field [other]
        """)
    void aliasRejects(String body, String type, String reason) {
        assertRejected(() -> ALIASES.classify(utf8(body)), type, reason);
    }
}
