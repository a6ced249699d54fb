package io.keygate.server.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.classify.IndexCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IndexCatalogServiceTest {

    /** What OpenSearch 3 answered for _resolve/index/* and _cat/aliases/* (alias,index,is_write_index). */
    static final String RESOLVED = """
        {"indices":[{"name":"wi1","aliases":["multi","nowrite","single"],"attributes":["open"]},
                    {"name":"wi2","aliases":["multi","nowrite"],"attributes":["open"]},
                    {"name":"wi3","aliases":[".hid","singlefalse"],"attributes":["closed"]},
                    {"name":".ds-logs-a-000002","attributes":["hidden","open"],"data_stream":"logs-a"}],
         "aliases":[{"name":".hid","indices":["wi3"]},{"name":"multi","indices":["wi1","wi2"]},
                    {"name":"nowrite","indices":["wi1","wi2"]},{"name":"single","indices":["wi1"]},
                    {"name":"singlefalse","indices":["wi3"]}],
         "data_streams":[{"name":"logs-a","backing_indices":[".ds-logs-a-000001",".ds-logs-a-000002"],"timestamp_field":"@timestamp"}]}
        """;
    static final String ALIASES = """
        [{"alias":".hid","index":"wi3","is_write_index":"-"},{"alias":"singlefalse","index":"wi3","is_write_index":"false"},
         {"alias":"multi","index":"wi2","is_write_index":"-"},{"alias":"nowrite","index":"wi2","is_write_index":"-"},
         {"alias":"multi","index":"wi1","is_write_index":"true"},{"alias":"nowrite","index":"wi1","is_write_index":"-"},
         {"alias":"single","index":"wi1","is_write_index":"-"}]
        """;

    @ParameterizedTest(name = "{0}: {1}, writes to {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
        wi1               | INDEX       | wi1
        wi3               | INDEX       | wi3
        multi             | ALIAS       | wi1
        nowrite           | ALIAS       | none
        single            | ALIAS       | wi1
        singlefalse       | ALIAS       | none
        .hid              | ALIAS       | wi3
        logs-a            | DATA_STREAM | .ds-logs-a-000002
        .ds-logs-a-000001 | INDEX       | .ds-logs-a-000001
        """)
    void readsNamesAndWhereEachWrites(String name, IndexCatalog.Kind kind, String writeIndex) throws Exception {
        ObjectMapper json = new ObjectMapper();
        IndexCatalog catalog = new IndexCatalog(IndexCatalogService.parse(json.readTree(RESOLVED), json.readTree(ALIASES)));
        assertThat(catalog.get(name).kind()).isEqualTo(kind);
        assertThat(catalog.writeIndexOf(name)).isEqualTo(writeIndex);
        assertThat(catalog.get("wi3").closed()).isTrue();
        assertThat(catalog.get(".hid").hidden()).isTrue();
    }

    @ParameterizedTest(name = "[{0}] plain: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        logs-alias      | true
        .ds-logs-1      | true
        logs-*          | false
        a,b             | false
        -a              | false
        _all            | false
        a/b             | false
        r:logs          | false
        <logs-{now/d}>  | false
        """)
    void onlyPlainNamesAreLookedUp(String name, boolean plain) {
        assertThat(IndexCatalogService.isPlainName(name)).isEqualTo(plain);
    }
}
