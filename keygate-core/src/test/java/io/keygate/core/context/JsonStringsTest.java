package io.keygate.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonStringsTest {

    /** json, path (dotted), expected after replacing every value v with {@code <v>}. */
    @ParameterizedTest(name = "{0} @ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"_scroll_id":"abc","took":1,"hits":{"_scroll_id":"inner","n":1.0E10}}  | _scroll_id | {"_scroll_id":"<abc>","took":1,"hits":{"_scroll_id":"inner","n":1.0E10}}
        {"took":1, "_scroll_id" : "a\\"b"}                                      | _scroll_id | {"took":1, "_scroll_id" : "<a\\"b>"}
        {"pit":{"keep_alive":"1m","id":"P1"},"query":{"id":"not me"}}           | pit.id     | {"pit":{"keep_alive":"1m","id":"<P1>"},"query":{"id":"not me"}}
        {"scroll_id":["a","b"]}                                                 | scroll_id  | {"scroll_id":["<a>","<b>"]}
        {"x":{"_scroll_id":"deep"}}                                             | _scroll_id | {"x":{"_scroll_id":"deep"}}
        {"pit_id":"é1","v":"é"}                                                 | pit_id     | {"pit_id":"<é1>","v":"é"}
        """)
    void replacesOnlyAtThePath(String json, String path, String expected) {
        byte[] out = JsonStrings.replace(json.getBytes(StandardCharsets.UTF_8), v -> "<" + v + ">", path.split("\\."));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"scroll_id":"a"}          | a
        {"scroll_id":["a","b"]}    | a,b
        {"scroll":"1m"}            | ''
        """)
    void reads(String json, String expected) {
        assertThat(String.join(",", JsonStrings.read(json.getBytes(StandardCharsets.UTF_8), "scroll_id"))).isEqualTo(expected);
    }
}
