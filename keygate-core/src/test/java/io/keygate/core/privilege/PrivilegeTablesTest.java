package io.keygate.core.privilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.core.error.EsException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivilegeTablesTest {

    @ParameterizedTest(name = "{0} by cluster {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        cluster:admin/xpack/security/api_key/invalidate | manage_api_key,manage_security,all
        cluster:admin/xpack/security/api_key/grant      | grant_api_key,manage_api_key,manage_security,all
        cluster:admin/xpack/security/api_key/create     | manage_own_api_key,manage_api_key,manage_security,all
        cluster:admin/xpack/security/api_key/get        | read_security,manage_api_key,manage_security,all
        cluster:monitor/health                          | monitor,manage,all
        cluster:admin/xpack/security/cache/clear        | manage_security,all
        cluster:admin/ingest/pipeline/put               | manage_ingest_pipelines,manage_pipeline,manage,all
        """)
    void clusterPrivilegesGrantingAnAction(String action, String expected) {
        assertThat(ClusterPrivilege.namesGranting(action)).containsExactly(expected.split(","));
    }

    @ParameterizedTest(name = "{0} by index {1}")
    @CsvSource(delimiter = '|', textBlock = """
        indices:data/write/index:op_type/create | create_doc,create,index,write,all
        indices:data/write/index:op_type/index  | create,index,write,all
        indices:data/write/bulk[s]              | create_doc,create,delete,index,write,all
        indices:data/write/update               | index,write,all
        indices:data/read/search                | read,all
        indices:admin/auto_create               | auto_configure,create_index,manage,all
        indices:admin/mapping/auto_put          | auto_configure,manage,write,all
        """)
    void indexPrivilegesGrantingAnAction(String action, String expected) {
        assertThat(IndexPrivilege.namesGranting(action)).containsExactly(expected.split(","));
    }

    @Test
    void clusterTable() {
        ClusterPrivilege manage = ClusterPrivilege.resolve("manage");
        assertThat(manage.grants("cluster:monitor/health")).isTrue();
        assertThat(manage.grants("indices:admin/index_template/put")).isTrue();
        assertThat(manage.grants("cluster:admin/xpack/security/api_key/create")).isFalse();
        assertThat(ClusterPrivilege.resolve("all").grants("cluster:admin/xpack/security/api_key/create")).isTrue();
        assertThat(ClusterPrivilege.resolve("read_security").grants("cluster:admin/xpack/security/api_key/invalidate")).isFalse();
        assertThat(ClusterPrivilege.resolve("read_security").grants("cluster:admin/xpack/security/role/get")).isTrue();
        assertThat(ClusterPrivilege.resolve("grant_api_key").grants("cluster:admin/xpack/security/api_key/create")).isFalse();

        ClusterPrivilege own = ClusterPrivilege.resolve("manage_own_api_key");
        assertThat(own.isOwnKeysOnly()).isTrue();
        assertThat(ClusterPrivilege.resolve("manage_api_key").isOwnKeysOnly()).isFalse();
        assertThat(own.grants("cluster:admin/xpack/security/api_key/create")).isTrue();
        assertThat(own.grants("cluster:admin/xpack/security/api_key/invalidate")).isFalse();

        ClusterPrivilege raw = ClusterPrivilege.resolve("cluster:monitor/nodes/stats");
        assertThat(raw.grants("cluster:monitor/nodes/stats[n]")).isTrue();
        assertThat(raw.grants("cluster:monitor/health")).isFalse();
        assertThat(ClusterPrivilege.isKnown("indices:admin/template/put")).isTrue();
        assertThat(ClusterPrivilege.isKnown("indices:data/read/search")).isFalse();
        assertThat(ClusterPrivilege.isKnown("MONITOR")).isTrue();
        assertThat(ClusterPrivilege.names()).startsWith("none").endsWith("all").hasSizeGreaterThan(60);
    }

    @Test
    void unknownClusterPrivilegeMessage() {
        assertThatThrownBy(() -> ClusterPrivilege.resolve("foo"))
                .isInstanceOf(EsException.class)
                .hasMessageStartingWith("unknown cluster privilege [foo]. a privilege must be either one of the "
                        + "predefined cluster privilege names [none,")
                .hasMessageEndingWith(",all] or a pattern over one of the available cluster actions");
    }

    @Test
    void indexTable() {
        IndexPrivilege read = IndexPrivilege.resolve("read");
        assertThat(read.grants("indices:data/read/search")).isTrue();
        assertThat(read.grants("indices:admin/resolve/index")).isTrue();
        assertThat(read.grants("indices:data/write/index")).isFalse();
        assertThat(IndexPrivilege.resolve("indices:data/read/search").grants("indices:data/read/search[phase/query]")).isTrue();
        assertThat(IndexPrivilege.isKnown("read_failure_store")).isTrue();
        assertThat(IndexPrivilege.resolve("read_failure_store").isFailureStoreOnly()).isTrue();
        List<String> names = IndexPrivilege.names();
        assertThat(names).isSorted().contains("create_doc", "auto_configure", "manage_data_stream_lifecycle");
        assertThatThrownBy(() -> IndexPrivilege.resolve("foo"))
                .hasMessage("unknown index privilege [foo]. a privilege must be either one of the predefined fixed "
                        + "indices privileges [" + String.join(",", names) + "] or a pattern over one of the "
                        + "available index actions");
        assertThat(Arrays.asList(String.join(",", names).split(","))).first().isEqualTo("all");
    }
}
