package io.keygate.core.context;

import java.util.List;

/**
 * A scroll or point-in-time context as Keygate hands it out: the backend's id, who opened it and (for a PIT) the indices
 * it was opened on. {@link ContextIds} signs it, so that any Keygate node can check that a later request comes from
 * the same identity, as Elasticsearch's {@code SecuritySearchOperationListener} does.
 *
 * @param owner     {@link #ownerOf} of the identity that opened the context
 * @param indices   the concrete indices a PIT was opened on (searches with it are authorized against them); empty for a scroll
 * @param backendId the backend's own id, never shown to a client
 */
public record ContextId(Kind kind, String owner, List<String> indices, String backendId) {

    public enum Kind { SCROLL, PIT }

    public ContextId {
        indices = List.copyOf(indices);
    }

    /**
     * The identity a context is bound to, as Elasticsearch compares it: an API key by its id; a user by realm and name
     * (the same user through another realm is someone else).
     */
    public static String ownerOf(io.keygate.core.authc.Authentication auth) {
        if (auth.isApiKey()) {
            return "api_key:" + auth.apiKey().id();
        }
        return "user:" + auth.realm().type() + "/" + auth.realm().name() + "/" + auth.username();
    }
}
