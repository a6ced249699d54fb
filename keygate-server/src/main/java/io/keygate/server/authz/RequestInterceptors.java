package io.keygate.server.authz;

import io.keygate.core.authz.WideningRules;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.AliasesBodyClassifier;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexExpressions;
import io.keygate.core.classify.IndexResolver;
import io.keygate.core.classify.InterceptedTargets;
import io.keygate.core.classify.PathCodec;
import io.keygate.core.role.Role;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's request interceptors for requests that create names: the extra targets to authorize
 * ({@link InterceptedTargets}) and, once every target is granted, the widening checks ({@link WideningRules}) on the
 * concrete names involved.
 */
final class RequestInterceptors {
    private static final ExpandWildcards OPEN_AND_CLOSED = new ExpandWildcards(true, true, false);

    private final Clock clock;
    private final AliasesBodyClassifier aliases;

    RequestInterceptors(Clock clock) {
        this.clock = clock;
        this.aliases = new AliasesBodyClassifier(clock);
    }

    /** The targets the body and path add to an {@link BodyKind#INTERCEPTED} request. */
    List<ActionTarget> targets(Classification c, byte[] body) {
        return c.body() == BodyKind.INTERCEPTED ? InterceptedTargets.of(c, body, clock) : List.of();
    }

    /** After authorization: no added alias and no resize target may carry more access than what it comes from. */
    void checkNotWider(Classification c, byte[] body, Role role, IndexCatalog names) {
        if (c.body() == BodyKind.ALIASES) {
            for (AliasesBodyClassifier.AliasAction a : aliases.classify(body)) {
                if (a.type() != AliasesBodyClassifier.Type.ADD) continue;
                WideningRules.aliasNotWider(role, concrete(a.indices(), names, role), explicit(a.aliases()));
            }
            return;
        }
        switch (InterceptedTargets.kind(c)) {
            case PUT_ALIAS -> WideningRules.aliasNotWider(role, concrete(c.targets().get(0).indices(), names, role),
                    InterceptedTargets.pathAliases(c));
            case RESIZE -> WideningRules.resizeTargetNotWider(role,
                    IndexExpressions.parseSingleName(PathCodec.decode(c.pathSegments().get(0)), clock),
                    InterceptedTargets.newIndex(c, clock));
            default -> { }
        }
    }

    /** The indices an alias action reaches, as the backend will expand them (open and closed), among the authorized. */
    private static List<String> concrete(IndexExpressions e, IndexCatalog names, Role role) {
        return IndexResolver.resolve(e, names, OPEN_AND_CLOSED, role.allowedIndicesMatcher(ActionNames.ALIASES)::test).concreteNames();
    }

    /** Alias names without wildcards (an add with a wildcard alias is refused by the backend). */
    private static List<String> explicit(IndexExpressions e) {
        List<String> out = new ArrayList<>();
        if (e == null) return out;
        for (IndexExpressions.Expression x : e.expressions()) {
            if (!x.wildcard() && !x.exclusion()) out.add(x.name());
        }
        return out;
    }
}
