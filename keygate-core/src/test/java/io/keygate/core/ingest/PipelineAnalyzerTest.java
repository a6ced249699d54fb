package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineAnalyzerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Pipelines the analyzed ones may run through a {@code pipeline} processor. */
    private static final Map<String, String> OTHERS = Map.of(
            "plain", "{\"processors\":[{\"lowercase\":{\"field\":\"m\"}}]}",
            "to-secret", "{\"processors\":[{\"set\":{\"field\":\"_index\",\"value\":\"secret\"}}]}",
            "to-field", "{\"processors\":[{\"set\":{\"field\":\"_index\",\"value\":\"{{t}}\"}}]}",
            "loop-a", "{\"processors\":[{\"pipeline\":{\"name\":\"loop-b\"}}]}",
            "loop-b", "{\"processors\":[{\"pipeline\":{\"name\":\"loop-a\"}}]}");

    static IndexEffect analyze(String definition) throws Exception {
        Map<String, JsonNode> pipelines = new LinkedHashMap<>();
        for (var e : OTHERS.entrySet()) pipelines.put(e.getKey(), JSON.readTree(e.getValue()));
        pipelines.put("p", JSON.readTree(definition));
        return IngestCatalog.of(pipelines, Map.of(), List.of()).effect("p");
    }

    static String shown(IndexEffect e) {
        return switch (e.kind()) {
            case NONE -> "NONE";
            case FIXED -> "FIXED " + String.join(",", e.sortedNames());
            case UNKNOWN -> "UNKNOWN";
        };
    }

    /** Each line: why, the pipeline definition, what it can do to _index. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
        no processors                          | {"processors":[]}                                                                              | NONE
        shipper: geoip, user_agent, date       | {"processors":[{"geoip":{"field":"source.ip","target_field":"source.geo"}},{"user_agent":{"field":"ua"}},{"date":{"field":"ts","formats":["ISO8601"]}}] } | NONE
        grok without an _index capture         | {"processors":[{"grok":{"field":"message","patterns":["%{IP:client.ip} %{WORD:verb}"]}}]}      | NONE
        grok capturing _index                  | {"processors":[{"grok":{"field":"message","patterns":["%{WORD:_index} %{GREEDYDATA:m}"]}}]}   | UNKNOWN
        grok named group _index                | {"processors":[{"grok":{"field":"message","patterns":["(?<_index>[a-z]+)"]}}]}                 | UNKNOWN
        grok pattern definition naming _index  | {"processors":[{"grok":{"field":"m","patterns":["%{X}"],"pattern_definitions":{"X":"(?<_index>.+)"}}}]} | UNKNOWN
        set of an ordinary field, templated    | {"processors":[{"set":{"field":"host.name","value":"{{agent.name}}"}}]}                        | NONE
        set of _index to a literal             | {"processors":[{"set":{"field":"_index","value":"secret"}}]}                                    | FIXED secret
        set of _index from a template          | {"processors":[{"set":{"field":"_index","value":"logs-{{service}}"}}]}                          | UNKNOWN
        set of _index with copy_from           | {"processors":[{"set":{"field":"_index","copy_from":"target"}}]}                                | UNKNOWN
        set of _index to date math             | {"processors":[{"set":{"field":"_index","value":"<logs-{now/d}>"}}]}                           | UNKNOWN
        set of a templated field name          | {"processors":[{"set":{"field":"{{key}}","value":"x"}}]}                                       | UNKNOWN
        set via _source._index                 | {"processors":[{"set":{"field":"_source._index","value":"secret"}}]}                           | UNKNOWN
        a field merely ending in _index        | {"processors":[{"set":{"field":"my_index","value":"x"}},{"rename":{"field":"a","target_field":"event_index_name"}}]} | NONE
        rename onto _index                     | {"processors":[{"rename":{"field":"target","target_field":"_index"}}]}                         | UNKNOWN
        copy onto _index                       | {"processors":[{"copy":{"source_field":"target","target_field":"_index"}}]}                    | UNKNOWN
        append to _index                       | {"processors":[{"append":{"field":"_index","value":["x"]}}]}                                   | UNKNOWN
        remove with a templated field          | {"processors":[{"remove":{"field":["a","{{b}}"]}}]}                                            | UNKNOWN
        csv target_fields naming _index        | {"processors":[{"csv":{"field":"m","target_fields":["a","_index"]}}]}                          | UNKNOWN
        csv of ordinary fields                 | {"processors":[{"csv":{"field":"m","target_fields":["a","b"]}}]}                               | NONE
        dissect of ordinary keys               | {"processors":[{"dissect":{"field":"m","pattern":"%{a} %{+a} %{?skip} %{b}"}}]}                | NONE
        dissect reference keys                 | {"processors":[{"dissect":{"field":"m","pattern":"%{*k} %{&k}"}}]}                             | UNKNOWN
        dissect capturing _index               | {"processors":[{"dissect":{"field":"m","pattern":"%{_index} %{b}"}}]}                          | UNKNOWN
        kv into a target field                 | {"processors":[{"kv":{"field":"m","field_split":" ","value_split":"=","target_field":"kv"}}]} | NONE
        kv at the root                         | {"processors":[{"kv":{"field":"m","field_split":" ","value_split":"="}}]}                     | UNKNOWN
        kv at the root with fixed keys         | {"processors":[{"kv":{"field":"m","field_split":" ","value_split":"=","include_keys":["a","b"]}}]} | NONE
        kv at the root with fixed keys + prefix | {"processors":[{"kv":{"field":"m","field_split":" ","value_split":"=","include_keys":["index"],"prefix":"_"}}]} | UNKNOWN
        json into its field                    | {"processors":[{"json":{"field":"m"}}]}                                                        | NONE
        json add_to_root                       | {"processors":[{"json":{"field":"m","add_to_root":true}}]}                                     | UNKNOWN
        date_index_name                        | {"processors":[{"date_index_name":{"field":"ts","index_name_prefix":"logs-","date_rounding":"d"}}]} | UNKNOWN
        script that never mentions _index      | {"processors":[{"script":{"source":"if (ctx.m != null) { ctx['tags'] = ['x']; ctx.n = ctx.get('m').length(); ctx.put('k', 1) }"}}]} | NONE
        script setting ctx._index              | {"processors":[{"script":{"source":"ctx._index = ctx.target"}}]}                               | UNKNOWN
        script with ctx['_index']              | {"processors":[{"script":{"source":"ctx['_index'] = 'x'"}}]}                                   | UNKNOWN
        script with a computed key             | {"processors":[{"script":{"source":"ctx[ctx.k] = ctx.v"}}]}                                    | UNKNOWN
        script concatenating the key           | {"processors":[{"script":{"source":"ctx['_ind' + 'ex'] = 'x'"}}]}                             | UNKNOWN
        script put with a computed key         | {"processors":[{"script":{"source":"ctx.put(params.k, 'x')"}}]}                                 | UNKNOWN
        script aliasing ctx                    | {"processors":[{"script":{"source":"def m = ctx; m[params.k] = 'x'"}}]}                         | UNKNOWN
        script iterating the root              | {"processors":[{"script":{"source":"for (def e : ctx.entrySet()) { e.setValue('x') }"}}]}       | UNKNOWN
        script naming _index in params         | {"processors":[{"script":{"source":"ctx.a = params.k","params":{"k":"_index"}}}]}              | UNKNOWN
        stored script                          | {"processors":[{"script":{"id":"my-script"}}]}                                                 | UNKNOWN
        script in another language             | {"processors":[{"script":{"lang":"expression","source":"1"}}]}                                | UNKNOWN
        unknown processor type                 | {"processors":[{"enrich":{"policy_name":"p","field":"a","target_field":"b"}}]}                 | UNKNOWN
        two types in one processor             | {"processors":[{"lowercase":{"field":"a"},"uppercase":{"field":"b"}}]}                         | UNKNOWN
        nested pipeline, plain                 | {"processors":[{"pipeline":{"name":"plain"}}]}                                                 | NONE
        nested pipeline, fixed                 | {"processors":[{"pipeline":{"name":"to-secret"}},{"set":{"field":"_index","value":"other"}}]} | FIXED other,secret
        nested pipeline from a field           | {"processors":[{"pipeline":{"name":"to-field"}}]}                                              | UNKNOWN
        nested pipeline that does not exist    | {"processors":[{"pipeline":{"name":"nope"}}]}                                                  | UNKNOWN
        nested pipeline named by a template    | {"processors":[{"pipeline":{"name":"{{which}}"}}]}                                            | UNKNOWN
        nested cycle                           | {"processors":[{"pipeline":{"name":"loop-a"}}]}                                                | UNKNOWN
        itself                                 | {"processors":[{"pipeline":{"name":"p"}}]}                                                     | UNKNOWN
        foreach with a plain processor         | {"processors":[{"foreach":{"field":"list","processor":{"uppercase":{"field":"_ingest._value"}}}}]} | NONE
        foreach setting _index                 | {"processors":[{"foreach":{"field":"list","processor":{"set":{"field":"_index","value":"{{_ingest._value}}"}}}}]} | UNKNOWN
        processor on_failure setting _index    | {"processors":[{"lowercase":{"field":"m","on_failure":[{"set":{"field":"_index","value":"failed-{{ _index }}"}}]}}]} | UNKNOWN
        pipeline on_failure to a fixed index   | {"processors":[{"lowercase":{"field":"m"}}],"on_failure":[{"set":{"field":"_index","value":"failed"}}]} | FIXED failed
        a condition reading _index is not a write | {"processors":[{"set":{"if":"ctx._index == 'x'","field":"a","value":"b"}}]}                   | NONE
        processors not a list                  | {"processors":{"set":{}}}                                                                      | UNKNOWN
        """)
    void whatAPipelineCanDoToTheIndex(String why, String definition, String expected) throws Exception {
        assertThat(shown(analyze(definition))).as(why).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
        nested unknown names both pipelines    | {"processors":[{"pipeline":{"name":"to-field"}}]}  | pipeline [p]: pipeline [to-field]: processor [set] sets [_index] from a template or expression [{{t}}]
        a cycle names the pipelines            | {"processors":[{"pipeline":{"name":"loop-a"}}]}    | pipeline [p]: pipeline [loop-a]: pipeline [loop-b]: pipeline [loop-a] runs itself (a cycle)
        an unknown type names it               | {"processors":[{"enrich":{}}]}                     | pipeline [p]: processor type [enrich] is not one Keygate can analyze
        """)
    void theReasonNamesThePipelineAndTheProcessor(String why, String definition, String reason) throws Exception {
        assertThat(analyze(definition).reason()).as(why).isEqualTo(reason);
    }
}
