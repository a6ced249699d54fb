package io.keygate.core.classify;

import io.keygate.core.classify.IndexCatalog.Entry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexResolverTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    static final IndexCatalog CATALOG = IndexCatalog.of(
            Entry.index("logs-a"),
            Entry.index("logs-b"),
            Entry.closedIndex("logs-old"),
            Entry.index("logs-2026.11.27"),
            Entry.index("metrics-1"),
            Entry.index("secret"),
            Entry.alias("logs", "logs-a", "logs-b"),
            Entry.alias("everything", "logs-a", "secret"),
            Entry.hiddenIndex(".keygate-security"),
            Entry.hiddenIndex(".kibana_1"),
            Entry.hiddenIndex("hidden-logs"),
            Entry.dataStream("traces-apm-default", ".ds-traces-apm-default-2026.11.27-000001"),
            Entry.dataStream("traces-other-default", ".ds-traces-other-default-2026.11.27-000001"));

    /** Grants: a comma list of simple patterns ({@code *} wildcards) the caller is authorized for. */
    static Predicate<String> grants(String patterns) {
        String[] ps = patterns.split(",");
        return name -> {
            for (String p : ps) {
                if (Glob.matches(p, name)) {
                    return true;
                }
            }
            return false;
        };
    }

    @ParameterizedTest(name = "{0} with [{1}] expand={2} -> {3} / denied {4}")
    @CsvSource(delimiter = '|', nullValues = "~", textBlock = """
        # request                 | authorized               | expand_wildcards | concrete                                   | denied
        logs-*                    | logs-*                   | ~                | logs-2026.11.27,logs-a,logs-b              | ''
        logs-*                    | logs-a                   | ~                | logs-a                                     | ''
        logs-*                    | logs-*                   | open,closed      | logs-2026.11.27,logs-a,logs-b,logs-old     | ''
        logs-*                    | logs-*                   | closed           | logs-old                                   | ''
        logs-*                    | logs-*                   | none             | ''                                         | ''
        logs*                     | logs*                    | ~                | logs,logs-2026.11.27,logs-a,logs-b         | ''
        logs-*,-logs-b            | logs-*                   | ~                | logs-2026.11.27,logs-a                     | ''
        logs-*,-logs-2*           | logs-*                   | ~                | logs-a,logs-b                              | ''
        *                         | *                        | ~                | everything,logs,logs-2026.11.27,logs-a,logs-b,metrics-1,secret,traces-apm-default,traces-other-default | ''
        _all                      | logs-a,metrics-*         | ~                | logs-a,metrics-1                           | ''
        *                         | logs-a                   | all              | logs-a                                     | ''
        *                         | *                        | all              | .ds-traces-apm-default-2026.11.27-000001,.ds-traces-other-default-2026.11.27-000001,.keygate-security,.kibana_1,everything,hidden-logs,logs,logs-2026.11.27,logs-a,logs-b,logs-old,metrics-1,secret,traces-apm-default,traces-other-default | ''
        *                         | *,-nothing               | open,hidden      | .ds-traces-apm-default-2026.11.27-000001,.ds-traces-other-default-2026.11.27-000001,.keygate-security,.kibana_1,everything,hidden-logs,logs,logs-2026.11.27,logs-a,logs-b,metrics-1,secret,traces-apm-default,traces-other-default | ''
        .*                        | .kibana*                 | ~                | .kibana_1                                  | ''
        .*                        | .kibana*,.keygate*       | ~                | .keygate-security,.kibana_1                | ''
        hidden-*                  | hidden-*                 | ~                | ''                                         | ''
        hidden-*                  | hidden-*                 | open,hidden      | hidden-logs                                | ''
        secret                    | logs-*                   | ~                | ''                                         | secret
        logs-a,secret,logs-b      | logs-*                   | ~                | logs-a,logs-b                              | secret
        logs                      | logs                     | ~                | logs                                       | ''
        logs                      | logs-*                   | ~                | ''                                         | logs
        everything                | logs-*                   | ~                | ''                                         | everything
        does-not-exist            | does-*                   | ~                | does-not-exist                             | ''
        does-not-exist            | logs-*                   | ~                | ''                                         | does-not-exist
        traces-*                  | traces-apm-*             | ~                | traces-apm-default                         | ''
        .ds-traces-*              | traces-apm-*             | ~                | .ds-traces-apm-default-2026.11.27-000001   | ''
        .ds-traces-apm-default-2026.11.27-000001 | traces-apm-* | ~             | .ds-traces-apm-default-2026.11.27-000001   | ''
        .ds-traces-other-default-2026.11.27-000001 | traces-apm-* | ~           | ''                                         | .ds-traces-other-default-2026.11.27-000001
        <logs-{now/d}>            | logs-2026.*              | ~                | logs-2026.11.27                            | ''
        *,-<logs-{now/d}>         | logs-*                   | ~                | logs-a,logs-b                              | ''
        nomatch-*                 | *                        | ~                | ''                                         | ''
        logs-a,logs-a,logs-*      | logs-a                   | ~                | logs-a                                     | ''
        """)
    void resolves(String request, String authorized, String expand, String concrete, String denied) {
        IndexResolver.Resolved r = IndexResolver.resolve(IndexExpressions.parse(request, CLOCK), CATALOG,
                ExpandWildcards.parse(expand, ExpandWildcards.OPEN), grants(authorized));
        assertThat(String.join(",", r.concreteNames())).isEqualTo(concrete);
        assertThat(String.join(",", r.deniedExplicitNames())).isEqualTo(denied);
    }

    @org.junit.jupiter.api.Test
    void emptyResultBecomesMatchNothing() {
        IndexResolver.Resolved r = IndexResolver.resolve(IndexExpressions.parse("nomatch-*", CLOCK), CATALOG,
                ExpandWildcards.OPEN, n -> true);
        assertThat(r.isEmpty()).isTrue();
        assertThat(String.join(",", r.namesOrMatchNothing())).isEqualTo(IndexResolver.MATCH_NOTHING);
        Classification c = new RequestClassifier(CLOCK).classify(RestRequest.of("GET", "/nomatch-*/_search"));
        assertThat(c.rewritePath(r.namesOrMatchNothing())).isEqualTo("/*,-*/_search");
    }

    @org.junit.jupiter.api.Test
    void remoteExpressionsMustBeRefusedFirst() {
        assertThatThrownBy(() -> IndexResolver.resolve(IndexExpressions.parse("r:logs", CLOCK), CATALOG,
                ExpandWildcards.OPEN, n -> true)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void expandWildcardsParsing() {
        assertThat(ExpandWildcards.parse("all", ExpandWildcards.OPEN)).isEqualTo(ExpandWildcards.ALL);
        assertThat(ExpandWildcards.parse("none", ExpandWildcards.OPEN)).isEqualTo(ExpandWildcards.NONE);
        assertThat(ExpandWildcards.parse("open,hidden", ExpandWildcards.OPEN)).isEqualTo(new ExpandWildcards(true, false, true));
        assertThatThrownBy(() -> ExpandWildcards.parse("bogus", ExpandWildcards.OPEN))
                .isInstanceOf(io.keygate.core.error.EsException.class);
    }

    /** Wildcards match the kinds of names the backend expands them to for the request; explicit names stay. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        indices:admin/aliases/get | traces-*,logs*          | logs,logs-2026.11.27,logs-a,logs-b
        indices:admin/aliases     | *                       | logs-2026.11.27,logs-a,logs-b,metrics-1,secret
        indices:admin/aliases     | logs                    | logs
        indices:admin/close       | traces-*                | ''
        indices:admin/close       | log*                    | logs,logs-2026.11.27,logs-a,logs-b
        indices:admin/delete      | log*,traces-apm-default | logs-2026.11.27,logs-a,logs-b,traces-apm-default
        indices:admin/get         | traces-*                | traces-apm-default,traces-other-default
        indices:data/read/search  | log*                    | logs,logs-2026.11.27,logs-a,logs-b
        """)
    void wildcardsMatchTheKindsOfNamesTheRequestTakes(String action, String request, String concrete) {
        IndexResolver.Resolved r = IndexResolver.resolve(IndexExpressions.parse(request, CLOCK), CATALOG,
                ExpandWildcards.OPEN, ActionNames.wildcardKinds(action), grants("*"));
        assertThat(String.join(",", r.concreteNames())).isEqualTo(concrete);
    }
}
