package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkLineClassifierTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    static final BulkLineClassifier BULK = new BulkLineClassifier(CLOCK);

    @ParameterizedTest(name = "{0} (default {1}) -> {2}")
    @CsvSource(delimiter = '\t', nullValues = "~", quoteCharacter = '`', textBlock = """
        {"create":{"_index":"traces-apm-default"}}	~	CREATE traces-apm-default ~ indices:data/write/index:op_type/create source
        {"create":{"_index":"logs","_id":"1"}}	~	CREATE logs 1 indices:data/write/index:op_type/create source
        {"index":{"_index":"logs","_id":"1"}}	~	INDEX logs 1 indices:data/write/index:op_type/index source
        {"index":{"_index":"logs"}}	~	INDEX logs ~ indices:data/write/index:op_type/create source
        {"index":{"_index":"logs","_id":"1","op_type":"create"}}	~	CREATE logs 1 indices:data/write/index:op_type/create source
        {"index":{"_index":"logs","_id":"1","op_type":"index"}}	~	INDEX logs 1 indices:data/write/index:op_type/index source
        {"index":{}}	url	INDEX url ~ indices:data/write/index:op_type/create source
        {"index":{"_id":7}}	url	INDEX url 7 indices:data/write/index:op_type/index source
        {"index":{"_index":"other","_id":"1"}}	url	INDEX other 1 indices:data/write/index:op_type/index source
        {"update":{"_index":"logs","_id":"1","retry_on_conflict":3}}	~	UPDATE logs 1 indices:data/write/update source
        {"delete":{"_index":"logs","_id":"1"}}	~	DELETE logs 1 indices:data/write/delete no-source
        {"delete":{"_index":"logs","_id":"1","routing":"r","version":3,"version_type":"external"}}	~	DELETE logs 1 indices:data/write/delete no-source
        {"create":{"_index":"<logs-{now/d}>"}}	~	CREATE logs-2026.11.27 ~ indices:data/write/index:op_type/create source
        {"create":{"_index":"logs","pipeline":"p","dynamic_templates":{"a":"b"},"_source":{"includes":["x"]}}}	~	CREATE logs ~ indices:data/write/index:op_type/create source pipeline=p
        {"update":{"_index":"logs","_id":"1","pipeline":"p2"}}	~	UPDATE logs 1 indices:data/write/update source pipeline=p2
        {"create":{"_index":"logs","require_alias":true}}	~	CREATE logs ~ indices:data/write/index:op_type/create source require_alias
        {"create":{"_index":"logs","routing":null}}	~	CREATE logs ~ indices:data/write/index:op_type/create source
        {"create":{"_index":"logs","require_data_stream":true,"list_executed_pipelines":true}}	~	CREATE logs ~ indices:data/write/index:op_type/create source
        `  {"create":{"_index":"logs"}}  `	~	CREATE logs ~ indices:data/write/index:op_type/create source
        {"create":{"_index":"logs"}}\r	~	CREATE logs ~ indices:data/write/index:op_type/create source
        """)
    void classifies(String line, String defaultIndex, String expected) {
        BulkItem item = BULK.classify(line.replace("\\r", "\r"), 1, defaultIndex);
        String rendered = item.opType() + " " + item.index() + " " + (item.id() == null ? "~" : item.id()) + " "
                + item.action() + " " + (item.hasSourceLine() ? "source" : "no-source")
                + (item.requireAlias() ? " require_alias" : "") + (item.pipeline() == null ? "" : " pipeline=" + item.pipeline());
        assertThat(rendered).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '\t', nullValues = "~", quoteCharacter = '`', textBlock = """
        ["index"]	illegal_argument_exception	Malformed action/metadata line [3], expected START_OBJECT but found [START_ARRAY]
        "index"	illegal_argument_exception	Malformed action/metadata line [3], expected START_OBJECT but found [VALUE_STRING]
        {}	illegal_argument_exception	Malformed action/metadata line [3], expected FIELD_NAME but found [END_OBJECT]
        {"upsert":{"_index":"logs"}}	illegal_argument_exception	Malformed action/metadata line [3], expected field [create], [delete], [index] or [update] but found [upsert]
        {"index":"logs"}	illegal_argument_exception	Malformed action/metadata line [3], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]
        {"index":{"_index":"logs","_type":"_doc"}}	illegal_argument_exception	Action/metadata line [3] contains an unknown parameter [_type]
        {"index":{"_index":"logs","foo":1}}	illegal_argument_exception	Action/metadata line [3] contains an unknown parameter [foo]
        {"index":{"_index":"logs","foo":null}}	illegal_argument_exception	Action/metadata line [3] contains an unknown parameter [foo]
        {"index":{"_index":["a","b"]}}	illegal_argument_exception	Malformed action/metadata line [3], expected a simple value for field [_index] but found [START_ARRAY]
        {"index":{"_index":{"x":1}}}	illegal_argument_exception	Malformed action/metadata line [3], expected a simple value for field [_index] but found [START_OBJECT]
        {"index":{"_index":"logs"},"delete":{"_index":"secret"}}	illegal_argument_exception	Malformed action/metadata line [3], expected a single action per line but found [FIELD_NAME]
        {"index":{"_index":"logs"}}{"delete":{"_index":"secret"}}	illegal_argument_exception	Malformed action/metadata line [3], expected end of line after the action but found [START_OBJECT]
        {"index":{"_index":"logs","_index":"secret"}}	x_content_parse_exception	[1:35] Duplicate field '_index'
        {"index":{"_index":"logs"	x_content_parse_exception	[1:
        {"index":{}}	action_request_validation_exception	Validation Failed: 1: index is missing;
        {"index":{"_index":"logs-*"}}	invalid_index_name_exception	Invalid index name [logs-*], must not contain
        {"index":{"_index":"../x"}}	invalid_index_name_exception	Invalid index name [../x], must not contain
        {"index":{"_index":"r:logs"}}	invalid_index_name_exception	Invalid index name [r:logs], remote cluster indices are not supported here
        {"index":{"_index":"_all"}}	invalid_index_name_exception	Invalid index name [_all], must not start with '_', '-', or '+'
        {"index":{"_index":"logs","require_alias":"yes"}}	illegal_argument_exception	Failed to parse value [yes] as only [true] or [false] are allowed.
        """)
    void rejects(String line, String type, String reason) {
        assertThatThrownBy(() -> BULK.classify(line, 3, null))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.reason()).startsWith(reason);
                });
    }

    @Test
    void blankLinesAreSkipped() {
        assertThat(BULK.classify("", 1, "x")).isNull();
        assertThat(BULK.classify("   \r", 1, "x")).isNull();
    }

    @Test
    void readsASliceOfALargerBuffer() {
        byte[] body = ("{\"create\":{\"_index\":\"a\"}}\n{\"f\":1}\n{\"delete\":{\"_index\":\"b\",\"_id\":\"9\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        int second = 34; // offset of the delete line
        assertThat(new String(body, second, 3, StandardCharsets.UTF_8)).isEqualTo("{\"d");
        BulkItem item = BULK.classify(body, second, body.length - second - 1, 3, null, false);
        assertThat(item).isEqualTo(new BulkItem(BulkItem.OpType.DELETE, "b", "9", false, ActionNames.DELETE));
        BulkItem first = BULK.classify(body, 0, 25, 1, null, true);
        assertThat(first).isEqualTo(new BulkItem(BulkItem.OpType.CREATE, "a", null, true, ActionNames.INDEX_OP_CREATE));
    }

    /** The byte comparison for the common shape gives exactly what the JSON parser gives, item or error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', nullValues = "~", quoteCharacter = '`', textBlock = """
        {"create":{"_index":"traces-apm-default"}}	~
        {"create":{"_index":"logs-apm.bench-default"}}	url
        {"index":{"_index":"logs"}}	~
        {"index":{"_index":"logs"}}	url
        {"create":{"_index":"a"}}	~
        {"create":{"_index":"logs_2026.11.27-000001"}}	~
        {"create":{"_index":"-logs"}}	~
        {"create":{"_index":"_logs"}}	~
        {"create":{"_index":"."}}	~
        {"create":{"_index":".."}}	~
        {"create":{"_index":".keygate-security"}}	~
        {"create":{"_index":""}}	~
        {"create":{"_index":"Logs"}}	~
        {"create":{"_index":"logs*"}}	~
        {"create":{"_index":"logs,other"}}	~
        {"create":{"_index":"remote:logs"}}	~
        {"create":{"_index":"<logs-{now/d}>"}}	~
        {"create":{"_index":"lo\u0067s"}}	~
        {"create":{"_index":"logs"}}x	~
        {"create":{"_index":"logs"}	~
        {"create":{"_index":"logs"}}}	~
        {"create":{"_index":"logs","_id":"1"}}	~
        {"create":{"_index":"logs"},"index":{}}	~
        `{"create":{"_index":"logs"}} `	~
        {"delete":{"_index":"logs"}}	~
        {"index":{"_index":"logs","op_type":"create"}}	~
        {"create":{"_index":"x"}}	~
        """)
    void theCommonShapeReadsAsTheParserReadsIt(String line, String defaultIndex) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (boolean requireAlias : new boolean[] {false, true}) {
            Object fast, parsed;
            try {
                fast = BULK.classify(bytes, 0, bytes.length, 2, defaultIndex, requireAlias);
            } catch (EsException e) {
                fast = e.type() + ": " + e.reason();
            }
            try {
                parsed = BULK.parse(bytes, 0, bytes.length, 2, defaultIndex, requireAlias);
            } catch (EsException e) {
                parsed = e.type() + ": " + e.reason();
            }
            assertThat(fast).isEqualTo(parsed);
        }
    }
}
