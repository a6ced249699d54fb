package io.keygate.server.authz;

import io.keygate.core.classify.AliasListings;
import io.keygate.core.classify.Classification;
import io.keygate.core.error.EsException;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;
import io.keygate.server.wire.Bodies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * {@code GET /_alias}, {@code /_aliases}, {@code /_cat/aliases} and their per-index forms list only the (index, alias)
 * pairs the caller may see ({@link AliasListings}); the answer is filtered on its way back.
 */
final class AliasListingFilter {
    static final String ACTION = "indices:admin/aliases/get";

    private final long maxContentLength;

    AliasListingFilter(long maxContentLength) {
        this.maxContentLength = maxContentLength;
    }

    /** The filtering forward for an alias listing (already authorized by action); {@code null} for anything else. */
    ProxyAuthorizer.Forward forward(HttpServerRequest req, Classification c, Role role, String uri) {
        AliasListings.Kind kind = AliasListings.kind(c);
        if (kind == null || req.method() != HttpMethod.GET) return null;
        Predicate<String> granted = role.allowedIndicesMatcher(ACTION);
        Predicate<String> visible = name -> !RestrictedIndices.isKeygateInternal(name) && granted.test(name);
        BiPredicate<String, String> pair = (index, alias) -> visible.test(index) && visible.test(alias);
        String format = RequestAuthorizer.lastParam(req, "format");
        boolean json = "json".equals(format) || (format == null && String.valueOf(req.getHeader("accept")).contains("json"));
        if (kind == AliasListings.Kind.CAT_ALIASES) {
            if (format != null && !json && !format.equals("txt") && !format.equals("text")) {
                throw EsException.illegalArgument("Keygate answers [_cat/aliases] in [format=json] or text only");
            }
            if (!json && req.params().contains("h")) {
                throw EsException.illegalArgument("Keygate filters the text of [_cat/aliases] by its first two columns: "
                        + "use [h] with [format=json]");
            }
        }
        boolean header = "true".equals(RequestAuthorizer.lastParam(req, "v")) || "".equals(RequestAuthorizer.lastParam(req, "v"));
        return (proxy, r) -> BufferedAnswer.send(proxy, r, uri, null, BufferedAnswer.PARSED,
                bytes -> kind == AliasListings.Kind.GET_ALIASES ? AliasListings.filterGetAliases(bytes, pair, visible)
                        : AliasListings.filterCat(bytes, json, header, pair));
    }
}
