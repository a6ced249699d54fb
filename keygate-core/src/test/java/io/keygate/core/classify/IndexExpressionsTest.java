package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexExpressionsTest {

    // a Sunday evening late in the month, so that d/w/M/y rounding all differ
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T22:30:45Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", textBlock = """
        <logs-{now/d}>                          => logs-2026.11.29
        <logs-{now}>                            => logs-2026.11.29
        <logs-{now-1d/d}>                       => logs-2026.11.28
        <logs-{now+2d}>                         => logs-2026.12.01
        <logs-{now/M{yyyy.MM}}>                 => logs-2026.11
        <logs-{now/M-1M{yyyy.MM}}>              => logs-2026.10
        <logs-{now/w{yyyy.MM.dd}}>              => logs-2026.11.23
        <logs-{now/y{yyyy}}>                    => logs-2026
        <logs-{now/H{yyyy.MM.dd.HH}}>           => logs-2026.11.29.22
        <logs-{now/d{yyyy.MM.dd|+12:00}}>       => logs-2026.11.30
        <logs-{now/d{yyyy.MM.dd|America/New_York}}> => logs-2026.11.29
        <\\{static\\}-{now/d}>                  => {static}-2026.11.29
        <logs-{now/d}-{now-1M/M{yyyy.MM}}>      => logs-2026.11.29-2026.10
        plain                                   => plain
        """)
    void resolvesDateMath(String expression, String expected) {
        assertThat(DateMathNames.resolve(expression, CLOCK)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        <logs-{now/q}>              => invalid dynamic name expression [<logs-{now/q}>]. unit [q] not supported for date math
        <logs-{then}>               => invalid dynamic name expression [<logs-{then}>]. date math must start with [now]
        <logs-{now/d>               => invalid dynamic name expression [<logs-{now/d>]. missing closing `}` for date math format
        <logs-}>                    => invalid dynamic name expression [<logs-}>]. invalid character at position [5].
        <logs-{now/d{yyyy|Mars/X}}> => invalid dynamic name expression [<logs-{now/d{yyyy|Mars/X}}>]. invalid time zone [Mars/X]
        """)
    void rejectsBadDateMath(String expression, String reason) {
        assertThatThrownBy(() -> DateMathNames.resolve(expression, CLOCK))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.type()).isEqualTo("parse_exception");
                    assertThat(e.reason()).startsWith(reason);
                });
    }

    /** Renders each expression: {@code -} exclusion, {@code *} wildcard flag, {@code @} remote, {@code <>} date math. */
    static String render(IndexExpressions e) {
        if (e.isAll()) {
            return "ALL";
        }
        return e.expressions().stream().map(x -> (x.exclusion() ? "-" : "") + x.name()
                + (x.wildcard() ? "(w)" : "") + (x.remote() ? "(r)" : "") + (x.dateMath() ? "(d)" : ""))
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        _all                           | ALL
        ''                             | ALL
        logs                           | logs
        logs,metrics                   | logs metrics
        logs-*                         | logs-*(w)
        *                              | *(w)
        logs-*,-logs-old               | logs-*(w) -logs-old
        *,-.*                          | *(w) -.*(w)
        logs-*,-logs-old*,metrics      | logs-*(w) -logs-old*(w) metrics
        *,-<logs-{now/d}>              | *(w) -logs-2026.11.29(d)
        <logs-{now/d}>,other           | logs-2026.11.29(d) other
        remote:logs                    | remote:logs(r)
        remote:logs-*,local            | remote:logs-*(w)(r) local
        *:logs                         | *:logs(w)(r)
        logs::failures                 | logs::failures(r)
        .hidden                        | .hidden
        UPPER                          | UPPER
        """)
    void parses(String csv, String expected) {
        assertThat(render(IndexExpressions.parse(csv, CLOCK))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        -logs                 | Invalid index name [-logs], must not start with '_', '-', or '+'
        logs,-logs-old        | Invalid index name [-logs-old], must not start with '_', '-', or '+'
        +logs                 | Invalid index name [+logs], must not start with '_', '-', or '+'
        _internal             | Invalid index name [_internal], must not start with '_', '-', or '+'
        ..                    | Invalid index name [..], must not be '.' or '..'
        .                     | Invalid index name [.], must not be '.' or '..'
        a/b                   | Invalid index name [a/b], must not contain
        a\\b                  | Invalid index name [a\\b], must not contain
        a b                   | Invalid index name [a b], must not contain
        a#b                   | Invalid index name [a#b], must not contain
        a?b                   | Invalid index name [a?b], must not contain
        a,,b                  | Invalid index name [], must not be empty
        *,-                   | Invalid index name [-], must not be empty
        <..>                  | Invalid index name [..], must not be '.' or '..'
        <a{now/d{yyyy/MM}}>   | Invalid index name [a2026/11], must not contain
        """)
    void rejects(String csv, String reason) {
        assertThatThrownBy(() -> IndexExpressions.parse(csv, CLOCK))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid_index_name_exception");
                    assertThat(e.reason()).startsWith(reason);
                });
    }

    @Test
    void pathSegmentsAreDecodedBeforeSplitting() {
        assertThat(render(IndexExpressions.parsePath("%3Clogs-%7Bnow%2Fd%7D%3E,b%2A", CLOCK)))
                .isEqualTo("logs-2026.11.29(d) b*(w)");
        assertThat(render(IndexExpressions.parsePath("a%2Cb", CLOCK))).isEqualTo("a b");
    }

    @Test
    void flags() {
        IndexExpressions e = IndexExpressions.parse("logs,r:x", CLOCK);
        assertThat(e.hasRemote()).isTrue();
        assertThat(e.hasWildcard()).isFalse();
        assertThat(IndexExpressions.ALL.hasWildcard()).isTrue();
        assertThat(IndexExpressions.parse("<a-{now}>", CLOCK).hasDateMath()).isTrue();
    }

    @Test
    void arrayElementsAreNotSplitButValidated() {
        assertThatThrownBy(() -> IndexExpressions.parse(List.of("a,b", "c"), CLOCK))
                .isInstanceOf(EsException.class);
        assertThat(render(IndexExpressions.parse(List.of("a*", "-a1"), CLOCK))).isEqualTo("a*(w) -a1");
    }

    @Test
    void singleNames() {
        assertThat(IndexExpressions.parseSingleName("<logs-{now/d}>", CLOCK)).isEqualTo("logs-2026.11.29");
        assertThatThrownBy(() -> IndexExpressions.parseSingleName("logs-*", CLOCK)).isInstanceOf(EsException.class);
        assertThatThrownBy(() -> IndexExpressions.parseSingleName("r:logs", CLOCK)).isInstanceOf(EsException.class);
    }
}
