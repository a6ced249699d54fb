package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs scroll and point-in-time ids (see {@code OwnedContexts}): one per cluster, kept in the security
 * index so that every Keygate node verifies the ids any other node handed out. Created once by whichever node starts
 * first (a create-only write: a race leaves the first one), read by the others at start.
 */
public final class ContextKeyStore {
    static final String DOC_ID = "context-signing-key";

    private final SecurityIndex index;

    public ContextKeyStore(SecurityIndex index) {
        this.index = index;
    }

    /** The key, created on first use. */
    public Future<byte[]> loadOrCreate() {
        return read().compose(key -> {
            if (key != null) return Future.succeededFuture(key);
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            ObjectNode doc = Json.object().put("doc_type", "context_signing_key")
                    .put("signing_key", Base64.getEncoder().encodeToString(fresh));
            return index.put(DOC_ID, doc, true, "true").compose(created -> created ? Future.succeededFuture(fresh)
                    : read().compose(theirs -> theirs != null ? Future.succeededFuture(theirs)
                            : Future.failedFuture(new IllegalStateException("the context signing key vanished"))));
        });
    }

    private Future<byte[]> read() {
        return index.get(DOC_ID).map(ContextKeyStore::keyOf);
    }

    private static byte[] keyOf(JsonNode doc) {
        if (doc == null || !doc.hasNonNull("signing_key")) return null;
        return Base64.getDecoder().decode(doc.get("signing_key").asText());
    }
}
