package io.keygate.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.core.error.EsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterceptedTargetsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T20:15:30Z"), ZoneOffset.UTC);
    static final RequestClassifier CLASSIFIER = new RequestClassifier(CLOCK);

    /** method, path, body → the extra targets as {@code action[names]} joined by {@code ;} (empty: none). */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        PUT  | /own-steal                    | {"aliases":{"victims-alias":{"is_write_index":true}}} | indices:admin/aliases[own-steal,victims-alias]
        PUT  | /own-a                        | {"settings":{"number_of_shards":1}}                   |
        PUT  | /own-a                        |                                                       |
        PUT  | /own-a                        | {"aliases":{"x":{},"y":{"filter":{"term":{"a":1}}}}}  | indices:admin/aliases[own-a,x,y]
        POST | /own-alias/_rollover          | {"conditions":{"max_docs":1}}                         |
        POST | /own-alias/_rollover          | {"aliases":{"victims":{}}}                            | indices:admin/aliases[victims]
        POST | /own-alias/_rollover/not-mine |                                                       | indices:admin/create[not-mine]
        POST | /own-alias/_rollover/own-2    | {"aliases":{"v":{}}}                                  | indices:admin/create[own-2];indices:admin/aliases[own-2,v]
        POST | /own-1/_shrink/own-small      | {"settings":{"index.number_of_shards":1}}             | indices:admin/create[own-small]
        PUT  | /own-1/_split/other          | {"aliases":{"al":{}}}                                 | indices:admin/create[other];indices:admin/aliases[other,al]
        POST | /own-1/_clone/%3Cown-%7Bnow%2Fd%7D%3E |                                               | indices:admin/create[own-2026.11.27]
        PUT  | /own-1/_alias/al             |                                                       |
        """)
    void extraTargets(String method, String path, String body, String expected) {
        Classification c = CLASSIFIER.classify(new RestRequest(method, path, Map.of()));
        assertThat(c.body()).isEqualTo(BodyKind.INTERCEPTED);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String got = InterceptedTargets.of(c, bytes, CLOCK).stream()
                .map(t -> t.action() + t.indices().expressions().stream().map(IndexExpressions.Expression::name)
                        .collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(";"));
        assertThat(got).isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"aliases":{"a":{}},"aliases":{"b":{}}}
        {"aliases":["a"]}
        [1]
        {"aliases":{"a":{}}} {}
        {"aliases":{"a*":{}}}
        """)
    void badBodiesAre400(String body) {
        Classification c = CLASSIFIER.classify(new RestRequest("PUT", "/own-a", Map.of()));
        assertThatThrownBy(() -> InterceptedTargets.of(c, body.getBytes(StandardCharsets.UTF_8), CLOCK))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        /own-1/_alias/a,b | a;b
        /own-1/_aliases/x | x
        """)
    void pathAliases(String path, String expected) {
        Classification c = CLASSIFIER.classify(new RestRequest("PUT", path, Map.of()));
        assertThat(InterceptedTargets.pathAliases(c)).isEqualTo(List.of(expected.split(";")));
    }
}
