package io.keygate.core.classify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SearchBodyClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '\t', textBlock = """
        {"query":{"match_all":{}}}	[]
        {"query":{"term":{"index":"a"}}}	[]
        {"query":{"term":{"_index":"a"}}}	[]
        {"query":{"terms":{"f":{"index":"secret","id":"1","path":"p"}}}}	[secret]
        {"query":{"bool":{"filter":[{"terms":{"f":{"path":"p","id":"1","index":"s1"}}},{"geo_shape":{"loc":{"indexed_shape":{"index":"s2","id":"x","path":"shape"}}}}]}}}	[s1, s2]
        {"query":{"percolate":{"field":"q","index":"p1","id":"2"}}}	[p1]
        {"query":{"more_like_this":{"fields":["f"],"like":[{"_index":"m1","_id":"1"},"text",{"_index":"m2","doc":{"a":1},"_id":null}],"unlike":[{"_index":"m3","_id":"3"}]}}}	[m1, m2, m3]
        {"aggs":{"index":{"terms":{"field":"id"}}}}	[]
        """)
    void lookups(String body, String expected) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        assertThat(SearchBodyClassifier.lookupIndices(b, 0, b.length).toString()).isEqualTo(expected);
    }
}
