package io.keygate.core.authz;

import io.keygate.core.body.BodyFormat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.SortedMap;

/**
 * What {@link Authorizer} decided for an allowed request: exactly what may reach the backend.
 *
 * @param path          the path to forward (canonical spelling; wildcards replaced by the authorized names), with the
 *                      parameters Keygate adds itself when there are any ({@code ?fields=} taken from a body)
 * @param body          how the body travels
 * @param content       for {@link BodyPlan#CHECKED}: the checked content, the only bytes forwarded
 * @param format        the format of {@code content}
 * @param autoCreates   names a single-document write would create: each needs {@code indices:admin/auto_create}, decided
 *                      against a fresh catalog ({@link Authorizer#decideAutoCreate})
 * @param changesNames  the request may create, delete or rename indices or aliases (the catalog goes stale)
 * @param bulkItems     for {@link BodyPlan#BULK}: decides each item as it streams by (one instance per request)
 * @param deniedItems   {@code _mget} docs and {@code _msearch} searches refused on their own, by position: their
 *                      answers as Elasticsearch renders a forbidden item, to put back among the backend's; the content
 *                      holds only the others (none at all when every item was refused)
 * @param answer        null: the backend's answer reaches the client as it is; else the read runs in another form and
 *                      its answer is reshaped into the client's (document- or field-level security)
 */
public record Decision(String path, BodyPlan body, byte[] content, BodyFormat format, List<String> autoCreates,
                       boolean changesNames, BulkItemDecisions bulkItems, SortedMap<Integer, ObjectNode> deniedItems,
                       Reshape answer) {

    public Decision(String path, BodyPlan body, byte[] content, BodyFormat format, List<String> autoCreates,
                    boolean changesNames, BulkItemDecisions bulkItems, SortedMap<Integer, ObjectNode> deniedItems) {
        this(path, body, content, format, autoCreates, changesNames, bulkItems, deniedItems, null);
    }

    public Decision(String path, BodyPlan body, byte[] content, BodyFormat format, List<String> autoCreates,
                    boolean changesNames, BulkItemDecisions bulkItems) {
        this(path, body, content, format, autoCreates, changesNames, bulkItems, java.util.Collections.emptySortedMap());
    }

    /** How the request's body travels to the backend. */
    public enum BodyPlan {
        /** No body is forwarded. */
        NONE,
        /** Keygate checked the decoded content; that content, and only it, is forwarded. */
        CHECKED,
        /** The body names no target (a document's source): streamed byte for byte. */
        STREAM,
        /** NDJSON bulk: streamed line by line, each action line decided by {@link #bulkItems}. */
        BULK
    }
}
