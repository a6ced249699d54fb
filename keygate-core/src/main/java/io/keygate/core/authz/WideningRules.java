package io.keygate.core.authz;

import io.keygate.core.automaton.Patterns;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;

import java.util.Collection;

/**
 * Elasticsearch's request interceptors that stop a new name from widening access: what a role may do on the new name
 * (every index action, as an automaton) must be a subset of what it may do on the name the data comes from. Otherwise a
 * user with {@code read} on {@code logs-*} and {@code all} on {@code mine-*} could alias or copy {@code logs-1} into
 * {@code mine-x} and then write or delete through it.
 */
public final class WideningRules {

    private WideningRules() {}

    /** {@code IndicesAliasesRequestInterceptor}: an added alias may not carry more access than any of its indices. */
    public static void aliasNotWider(Role role, Collection<String> indices, Collection<String> aliases) {
        for (String index : indices) {
            var onIndex = role.allowedActions(index);
            for (String alias : aliases) {
                if (!Patterns.subsetOf(role.allowedActions(alias), onIndex)) {
                    throw EsException.forbidden("Adding an alias is not allowed when the alias has more permissions than any of the indices");
                }
            }
        }
    }

    /** {@code ResizeRequestInterceptor}: a shrink/split/clone target may not carry more access than its source. */
    public static void resizeTargetNotWider(Role role, String source, String target) {
        if (!Patterns.subsetOf(role.allowedActions(target), role.allowedActions(source))) {
            throw EsException.forbidden("Resizing an index is not allowed when the target index has more permissions than the source index");
        }
    }
}
