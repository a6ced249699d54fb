package io.keygate.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.core.classify.IndexCatalog.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexCatalogPrefixTest {

    static final List<String> NAMES = List.of("", "a", "logs", "logs-", "logs-a", "logs-a-1", "logs-b", "logs.",
            "logs-\uffff", "logs-\uffffx", "logs.\u0000", "logt", "logs\uffff", "\uffff", "\uffff\uffff", "\uffffa",
            ".ds-logs-1", ".kibana", "metrics-1", "é", "\uD83D\uDE00-x", "z");

    static final IndexCatalog CATALOG = new IndexCatalog(NAMES.stream().map(Entry::index).toList());

    @Test
    void entriesWithPrefixAreExactlyTheNamesStartingWithIt() {
        List<String> prefixes = new ArrayList<>(NAMES);
        prefixes.addAll(List.of("logs-a-", "lo", "m", "\uffff\uffff\uffff", "logs-\uffff", "q", "\uD83D"));
        for (String prefix : prefixes) {
            List<String> expected = CATALOG.names().stream().filter(n -> n.startsWith(prefix)).toList();
            assertThat(List.copyOf(CATALOG.entriesWithPrefix(prefix).keySet())).as("prefix [%s]", prefix)
                    .isEqualTo(expected);
        }
        assertThat(CATALOG.entriesWithPrefix("")).hasSize(CATALOG.names().size());
    }

    @Test
    void prefixEnd() {
        assertThat(IndexCatalog.prefixEnd("logs-")).isEqualTo("logs.");
        assertThat(IndexCatalog.prefixEnd("a\uffff")).isEqualTo("b");
        assertThat(IndexCatalog.prefixEnd("\uffff")).isNull();
    }

    @Test
    void prefixScanFindsWhatTheFullScanFinds() {
        for (String pattern : List.of("*", "logs-*", "logs*", "logs-*-1", "*-a", "l*s", "logs-?", "logs-\uffff*",
                "\uffff*", ".*", "logs-a", "nothing*", "**", "logs-a*b*", "é*", "\uD83D*")) {
            List<String> full = CATALOG.names().stream().filter(n -> Glob.matches(pattern, n)).toList();
            List<String> ranged = CATALOG.entriesWithPrefix(IndexResolver.literalPrefix(pattern)).keySet().stream()
                    .filter(n -> Glob.matches(pattern, n)).toList();
            assertThat(ranged).as(pattern).isEqualTo(full);
        }
        assertThat(IndexResolver.literalPrefix("logs-*")).isEqualTo("logs-");
        assertThat(IndexResolver.literalPrefix("*logs")).isEmpty();
        assertThat(IndexResolver.literalPrefix("lo?s-*")).isEqualTo("lo");
    }
}
