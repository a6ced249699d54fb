package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchBodyScannerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"query":{"match_all":{}}}	''
        {"query":{"terms":{"user":{"index":"secret","id":"1","path":"followers"}}}}	secret
        {"query":{"bool":{"filter":[{"terms":{"a":["x","y"]}},{"terms":{"b":{"index":"s2","id":"2","path":"p"}}}]}}}	s2
        {"query":{"more_like_this":{"fields":["t"],"like":[{"_index":"secret","_id":"1"},"free text"],"unlike":[{"_index":"s3","_id":"2"}]}}}	secret,s3
        {"query":{"geo_shape":{"loc":{"indexed_shape":{"index":"shapes","id":"d","path":"p"}}}}}	shapes
        {"query":{"percolate":{"field":"q","index":"docs","id":"1"}}}	docs
        {"query":{"pinned":{"docs":[{"_index":"a","_id":"1"}],"organic":{"match_all":{}}}}}	a
        {"aggs":{"by":{"terms":{"field":"index"}}},"query":{"term":{"index":"not-an-index-ref"}}}	''
        {"query":{"term":{"_index":"logs"}}}	''
        {"query":{"terms":{"u":{"index":"same","id":"1","path":"p"}}},"post_filter":{"terms":{"v":{"index":"same","id":"2","path":"p"}}}}	same
        """)
    void findsReferencedIndices(String body, String expected) {
        assertThat(String.join(",", SearchBodyScanner.referencedIndices(body.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(expected);
    }

    @Test
    void emptyBodyAndBadJson() {
        assertThat(SearchBodyScanner.referencedIndices(new byte[0])).isEmpty();
        assertThatThrownBy(() -> SearchBodyScanner.referencedIndices("{\"query\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EsException.class);
        assertThatThrownBy(() -> SearchBodyScanner.referencedIndices(
                "{\"query\":{\"terms\":{\"u\":{\"index\":\"a\",\"index\":\"b\"}}}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EsException.class);
    }
}
