package io.keygate.core.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.core.error.EsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenialMessagesTest {

    @Test
    void apiKeyOnIndices() {
        EsException e = DenialMessages.actionDenied(Subject.apiKey("abc", "apm"),
                "indices:data/write/index:op_type/create", List.of("traces-apm-default"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.type()).isEqualTo("security_exception");
        assertThat(e.reason()).isEqualTo("action [indices:data/write/index:op_type/create] is unauthorized for API key "
                + "id [abc] of user [apm] on indices [traces-apm-default], this action is granted by the index "
                + "privileges [create_doc,create,index,write,all]");
    }

    @Test
    void shardBulkListsEveryPrivilegeCoveringIt() {
        // Elasticsearch's own ordering: delete also covers indices:data/write/bulk*.
        assertThat(DenialMessages.actionDenied(Subject.apiKey("abc", "apm"), "indices:data/write/bulk[s]",
                List.of("traces-apm-default")).reason())
                .isEqualTo("action [indices:data/write/bulk[s]] is unauthorized for API key id [abc] of user [apm] on "
                        + "indices [traces-apm-default], this action is granted by the index privileges "
                        + "[create_doc,create,delete,index,write,all]");
    }

    @Test
    void aDeniedBulkItemNamesTheShardActionAndThePrivilegesOfItsOperation() {
        // the reference's example (§4): the message Elastic's APM users see
        assertThat(DenialMessages.bulkItemDenied(Subject.apiKey("abc", "apm"), "indices:data/write/bulk[s]",
                "indices:data/write/index:op_type/create", List.of("traces-apm-default")).reason())
                .isEqualTo("action [indices:data/write/bulk[s]] is unauthorized for API key id [abc] of user [apm] on "
                        + "indices [traces-apm-default], this action is granted by the index privileges "
                        + "[create_doc,create,index,write,all]");
    }

    @Test
    void userClusterActions() {
        assertThat(DenialMessages.actionDenied(Subject.user("joe", List.of("role_b", "role_a")),
                "cluster:admin/xpack/security/api_key/invalidate").reason())
                .isEqualTo("action [cluster:admin/xpack/security/api_key/invalidate] is unauthorized for user [joe] "
                        + "with effective roles [role_a,role_b], this action is granted by the cluster privileges "
                        + "[manage_api_key,manage_security,all]");
        assertThat(DenialMessages.actionDenied(Subject.user("joe", List.of("r")),
                "cluster:admin/xpack/security/api_key/grant").reason())
                .endsWith("this action is granted by the cluster privileges [grant_api_key,manage_api_key,manage_security,all]");
    }

    @Test
    void runAsAndUnknownAction() {
        assertThat(DenialMessages.message(new Subject("admin", List.of("x"), null, "bob"), "indices:data/read/search",
                List.of("a", "b"), List.of(".security-7")))
                .isEqualTo("action [indices:data/read/search] is unauthorized for user [admin] run as [bob] with "
                        + "effective roles [x] on indices [a,b] and restricted indices [.security-7], this action is "
                        + "granted by the index privileges [read,all]");
        assertThat(DenialMessages.actionDenied(Subject.user("u", List.of()), "internal:whatever").reason())
                .isEqualTo("action [internal:whatever] is unauthorized for user [u] with effective roles []");
    }
}
