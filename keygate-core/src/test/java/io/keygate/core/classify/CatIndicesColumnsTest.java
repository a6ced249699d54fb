package io.keygate.core.classify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenSearch's JSON rows of {@code _cat/indices} written out with Elasticsearch's columns. */
class CatIndicesColumnsTest {
    private static final String ROWS = """
            [{"health":"green","status":"open","index":"index_to_monitor","uuid":"AbCdEfGhIjKlMnOpQrStUv","pri":"1","rep":"0",
              "docs.count":"0","docs.deleted":"0","store.size":"208b","pri.store.size":"208b"},
             {"health":"yellow","status":"close","index":"closed","uuid":"ZyXwVuTsRqPoNmLkJiHgFe","pri":"1","rep":"1",
              "docs.count":null,"docs.deleted":null,"store.size":null,"pri.store.size":null}]
            """;

    private static String text(boolean verbose) {
        return new String(CatIndicesColumns.toText(ROWS.getBytes(StandardCharsets.UTF_8), verbose), StandardCharsets.UTF_8);
    }

    @Test
    void textRowsEndWithTheDatasetSizeAndAlignAsElasticsearchDoes() {
        // a closed index's counts and sizes are unknown: empty cells, right-aligned, as Elasticsearch prints them
        assertThat(text(false)).isEqualTo(
                "green  open  index_to_monitor AbCdEfGhIjKlMnOpQrStUv 1 0 0 0 208b 208b 208b\n"
                + "yellow close closed           ZyXwVuTsRqPoNmLkJiHgFe 1 1" + " ".repeat(2 + 2 + 5 + 5 + 5) + "\n");
    }

    @Test
    void theHeaderLineNamesElasticsearchsColumns() {
        assertThat(text(true).lines().findFirst().orElseThrow())
                .isEqualTo("health status index            uuid                   pri rep docs.count docs.deleted store.size "
                        + "pri.store.size dataset.size");
    }

    @Test
    void jsonRowsGetTheDatasetSizeKey() {
        String json = new String(CatIndicesColumns.toJson(ROWS.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"pri.store.size\":\"208b\",\"dataset.size\":\"208b\"}")
                .contains("\"pri.store.size\":null,\"dataset.size\":null}");
    }
}
