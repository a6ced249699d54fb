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

    /** Patterns whose automaton would be huge are refused from their parse, before a state is built. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "/((a{1,100}){1,100}){1,100}/", "/(((a{1,100}){1,100}){1,100}){1,100}/", "/(a{1,1000}){1,1000}/",
            "/(x{1000,}){1000,}/", "/(.*a.*)&(.*b.*)&(.*c{1,100}.*)&(.*d{1,100}.*)/", "/((ab|cd|ef){1,200}){1,200}/"})
    void regexesThatWouldBuildHugeAutomataAreRefusedFirst(String pattern) {
        assertThatThrownBy(() -> Patterns.predicate(List.of(pattern)))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("pattern is too complex to evaluate: [" + pattern
                            + "] would build more than [2000] automaton states");
                });
    }

    /** Ordinary index patterns, repetitions included, stay well inside the bound. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "/logs-(app|web|db)-[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}/", "/.*-prod/", "/traces-apm.*/", "/[a-z]{1,20}-[0-9]{1,6}/",
            "/(metrics|logs)-.*-(default|prod)/", "/~(\\..*)/"})
    void ordinaryRegexesAreWellInsideTheBound(String pattern) {
        long states = Patterns.states(new org.apache.lucene.util.automaton.RegExp(pattern.substring(1, pattern.length() - 1),
                org.apache.lucene.util.automaton.RegExp.ALL));
        assertThat(states).isLessThan(Patterns.MAX_REGEX_STATES / 10);
        assertThat(Patterns.predicate(List.of(pattern))).isNotNull();
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
