package io.keygate.core.authz;

import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import java.util.Collection;
import java.util.List;

/**
 * Elasticsearch's 403 wording ({@code AuthorizationDenialMessages}):
 * {@code action [<a>] is unauthorized for <subject>[ on indices [..]], this action is granted by the
 * cluster|index privileges [..]}.
 */
public final class DenialMessages {

    private DenialMessages() {}

    /** Denied before index resolution (or a cluster action): no {@code on indices} part. */
    public static EsException actionDenied(Subject subject, String action) {
        return EsException.forbidden(message(subject, action, List.of(), List.of()));
    }

    /** Denied on these indices (concrete names or expressions, in request order). */
    public static EsException actionDenied(Subject subject, String action, Collection<String> indices) {
        return EsException.forbidden(message(subject, action, indices, List.of()));
    }

    /** Denied on these indices, some of them restricted. */
    public static EsException actionDenied(Subject subject, String action, Collection<String> indices,
                                           Collection<String> restrictedIndices) {
        return EsException.forbidden(message(subject, action, indices, restrictedIndices));
    }

    /**
     * A denied {@code _bulk} item: Elasticsearch names the shard action ({@code indices:data/write/bulk[s]})
     * but lists the privileges that grant the item's own operation (e.g. {@code create_doc} for a create).
     */
    public static EsException bulkItemDenied(Subject subject, String shownAction, String itemAction, Collection<String> indices) {
        return EsException.forbidden(message(subject, shownAction, itemAction, indices, List.of()));
    }

    public static String message(Subject subject, String action, Collection<String> indices,
                                 Collection<String> restrictedIndices) {
        return message(subject, action, action, indices, restrictedIndices);
    }

    private static String message(Subject subject, String action, String grantingAction, Collection<String> indices,
                                  Collection<String> restrictedIndices) {
        StringBuilder sb = new StringBuilder("action [").append(action).append("] is unauthorized for ")
                .append(describe(subject));
        if (!indices.isEmpty()) {
            sb.append(" on indices [").append(String.join(",", indices)).append(']');
            if (!restrictedIndices.isEmpty()) {
                sb.append(" and restricted indices [").append(String.join(",", restrictedIndices)).append(']');
            }
        } else if (!restrictedIndices.isEmpty()) {
            sb.append(" on restricted indices [").append(String.join(",", restrictedIndices)).append(']');
        }
        if (ClusterPrivilege.isClusterAction(grantingAction)) {
            List<String> names = ClusterPrivilege.namesGranting(grantingAction);
            if (!names.isEmpty()) {
                sb.append(", this action is granted by the cluster privileges [").append(String.join(",", names)).append(']');
            }
        } else if (IndexPrivilege.isIndexAction(grantingAction)) {
            List<String> names = IndexPrivilege.namesGranting(grantingAction);
            if (!names.isEmpty()) {
                sb.append(", this action is granted by the index privileges [").append(String.join(",", names)).append(']');
            }
        }
        return sb.toString();
    }

    /** {@code user [u] with effective roles [a,b]} or {@code API key id [id] of user [owner]} (+ run as). */
    public static String describe(Subject subject) {
        StringBuilder sb = new StringBuilder();
        if (subject.isApiKey()) {
            sb.append("API key id [").append(subject.apiKeyId()).append("] of ");
        }
        sb.append("user [").append(subject.username()).append(']');
        if (subject.runAs() != null) {
            sb.append(" run as [").append(subject.runAs()).append(']');
        }
        if (!subject.isApiKey() || subject.runAs() != null) {
            sb.append(" with effective roles [")
                    .append(String.join(",", subject.roles().stream().sorted().toList()))
                    .append(']');
        }
        return sb.toString();
    }
}
