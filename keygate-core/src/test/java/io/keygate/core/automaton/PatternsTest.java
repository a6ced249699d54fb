package io.keygate.core.automaton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.core.error.EsException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PatternsTest {

    @ParameterizedTest(name = "{0} matches {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
        logs-*            | logs-apm-default     | true
        logs-*            | metrics-apm          | false
        logs-?            | logs-a               | true
        logs-?            | logs-ab              | false
        *                 | .security-7          | true
        index-a           | index-a              | true
        index-a           | index-ab             | false
        idx\\*            | idx*                 | true
        idx\\*            | idxa                 | false
        /logs-[0-9]+/     | logs-42              | true
        /logs-[0-9]+/     | logs-4a              | false
        /.*-prod/         | app-prod             | true
        indices:data/write/bulk* | indices:data/write/bulk[s] | true
        indices:data/write/index[* | indices:data/write/index[s] | true
        """)
    void matches(String pattern, String name, boolean expected) {
        assertThat(Patterns.predicate(List.of(pattern)).test(name)).isEqualTo(expected);
    }

    @Test
    void malformedRegexIsAnIllegalArgument() {
        assertThatThrownBy(() -> Patterns.predicate(List.of("/logs-*")))
                .isInstanceOf(EsException.class)
                .satisfies(e -> {
                    EsException es = (EsException) e;
                    assertThat(es.type()).isEqualTo("illegal_argument_exception");
                    assertThat(es.status()).isEqualTo(400);
                    assertThat(es.reason()).startsWith("invalid pattern [/logs-*]. patterns starting with '/'");
                });
        assertThatThrownBy(() -> Patterns.automaton("/")).isInstanceOf(EsException.class);
    }

    @Test
    void predicatesAreCachedByPatternSet() {
        var a = Patterns.predicate(List.of("b-*", "a-*", "a-*"));
        var b = Patterns.predicate(Arrays.asList("a-*", "b-*"));
        assertThat(a).isSameAs(b);
        assertThat(a.test("b-1")).isTrue();
        assertThat(Patterns.predicate(List.of()).test("x")).isFalse();
    }

    @Test
    void subsetAndMinus() {
        var star = Patterns.automaton(List.of("*"));
        var logs = Patterns.automaton(List.of("logs-*"));
        assertThat(Patterns.subsetOf(logs, star)).isTrue();
        assertThat(Patterns.subsetOf(star, logs)).isFalse();
        var rest = Patterns.minus(star, Patterns.automaton(List.of(".security*")));
        assertThat(Patterns.predicate(rest).test(".security-7")).isFalse();
        assertThat(Patterns.predicate(rest).test("logs")).isTrue();
        assertThat(Patterns.subsetOf(Patterns.EMPTY, logs)).isTrue();
    }
}
