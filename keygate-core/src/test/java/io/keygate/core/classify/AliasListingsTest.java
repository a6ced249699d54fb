package io.keygate.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasListingsTest {
    /** The caller sees own-* names only. */
    static final Predicate<String> OWN = n -> n.startsWith("own-");
    static final BiPredicate<String, String> PAIR = (i, a) -> OWN.test(i) && OWN.test(a);

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"own-1":{"aliases":{"own-a":{},"victims":{"filter":{"term":{"n":1.10}}}}},"victim-1":{"aliases":{"own-b":{}}}} | {"own-1":{"aliases":{"own-a":{}}}}
        {"own-1":{"aliases":{}},"own-2":{"aliases":{"own-x":{"is_write_index":true}}}}                                  | {"own-1":{"aliases":{}},"own-2":{"aliases":{"own-x":{"is_write_index":true}}}}
        {}                                                                                                                | {}
        """)
    void getAliases(String answer, String expected) {
        assertThat(s(AliasListings.filterGetAliases(answer.getBytes(StandardCharsets.UTF_8), PAIR, OWN))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        false | own-a   own-1    - - - -\\nvictims victim-1 - - - -\\nown-b   victim-1 - - - -\\nvictims own-1 - - - -\\n | own-a   own-1    - - - -\\n
        true  | alias   index    filter\\nown-a   own-1    -\\nvictims own-1    -\\n                                           | alias   index    filter\\nown-a   own-1    -\\n
        false | ''                                                                                                    | ''
        """)
    void catText(boolean header, String answer, String expected) {
        byte[] in = answer.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(s(AliasListings.filterCat(in, false, header, PAIR))).isEqualTo(expected.replace("\\n", "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        [{"alias":"own-a","index":"own-1"},{"alias":"v","index":"own-1"},{"alias":"own-a","index":"victim-1"}] | [{"alias":"own-a","index":"own-1"}]
        """)
    void catJson(String answer, String expected) {
        assertThat(s(AliasListings.filterCat(answer.getBytes(StandardCharsets.UTF_8), true, false, PAIR))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
        GET | /_alias                | GET_ALIASES
        GET | /_aliases              | GET_ALIASES
        GET | /own-1/_alias/x        | GET_ALIASES
        GET | /_cat/aliases          | CAT_ALIASES
        GET | /_cat/aliases/own-a    | CAT_ALIASES
        GET | /own-1/_search         |
        """)
    void listingRoutes(String method, String path, AliasListings.Kind expected) {
        Classification c = new RequestClassifier(Clock.systemUTC()).classify(new RestRequest(method, path, Map.of()));
        assertThat(AliasListings.kind(c)).isEqualTo(expected);
    }
}
