package io.keygate.core.authz;

import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.error.EsException;
import io.keygate.core.ingest.IndexEffect;
import io.keygate.core.ingest.IngestCatalog;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of one {@code _bulk} request, decided one at a time as they stream by, as Elasticsearch decides them:
 *
 * <ul>
 * <li>each item on the name it writes to, as written (an alias is authorized as the alias, not as its write index; a
 *     backing index also through its data stream): {@code indices:data/write/bulk[s]}, then the item's own action;</li>
 * <li>Elasticsearch sends the items that land in one shard as one {@code bulk[s]} request, authorized on every name
 *     its items use: when one of those names lacks {@code bulk[s]}, every item of that shard is refused. Keygate groups
 *     by write index (it cannot know the shard of a multi-shard index, so it refuses at least what Elasticsearch
 *     refuses there) and, streaming, can refuse only the items that follow the refused one;</li>
 * <li>a write to a name that does not exist creates it and needs {@code indices:admin/auto_create}. A name this
 *     catalog does not know may have been created a moment ago: then the answer is {@link Unknown}, the server looks
 *     the name up on the backend and decides again with {@link #decideKnown}.</li>
 * <li>an item the ingest pipelines may send elsewhere ({@link PipelineChecks}): Elasticsearch authorizes it there too,
 *     after the pipelines ran; Keygate decides it as if it were also written to each name they may set, and refuses it
 *     when they may set any name.</li>
 * </ul>
 *
 * Not thread-safe: one instance per bulk request.
 */
public final class BulkItemDecisions {

    /** What to do with one item. */
    public sealed interface Outcome permits Allowed, Denied, Unknown {}

    public record Allowed() implements Outcome {}

    public record Denied(EsException denial) implements Outcome {}

    /** The decision depends on whether {@code name} exists now: look it up, then {@link #decideKnown}. */
    public record Unknown(String name) implements Outcome {}

    public static final Allowed ALLOWED = new Allowed();

    /**
     * Lookups one bulk may ask for: each pauses the stream for a backend call, so a body naming thousands of missing
     * names cannot turn into thousands of calls. Past it, a name the catalog lacks counts as missing (fail closed).
     */
    static final int MAX_LOOKUPS = 16;

    private final Subject subject;
    private final Role role;
    /** The catalog decisions read: the cached one, then the freshest a lookup returned. */
    private IndexCatalog catalog;
    /** Names looked up and not found: missing, without asking again. */
    private final java.util.Set<String> missing = new java.util.HashSet<>();
    private int lookups;
    /** Write indices that a refused {@code bulk[s]} item landed in, with that item's denial. */
    private final Map<String, EsException> refusedShards = new HashMap<>();
    /**
     * The last allowed item's action, index and whether it was a delete: the items of a bulk mostly repeat one, and its
     * decision (the automata) runs once instead of per item. Forgotten whenever a refusal or a lookup could change it.
     */
    private String lastAction, lastIndex, lastPipeline;
    private boolean lastDelete;
    private final IngestCatalog ingest;
    /** The URL's {@code pipeline}: the pipeline of every item whose line names none. */
    private final String urlPipeline;

    public BulkItemDecisions(Subject subject, Role role, IndexCatalog catalog) {
        this(subject, role, catalog, IngestCatalog.NONE, null);
    }

    public BulkItemDecisions(Subject subject, Role role, IndexCatalog catalog, IngestCatalog ingest, String urlPipeline) {
        this.subject = subject;
        this.role = role;
        this.catalog = catalog;
        this.ingest = ingest;
        this.urlPipeline = urlPipeline;
    }

    /** Against the cached catalog: never a backend call; {@link Unknown} when the answer depends on a name it lacks. */
    public Outcome decide(BulkItem item) {
        boolean delete = item.opType() == BulkItem.OpType.DELETE;
        if (item.index().equals(lastIndex) && item.action().equals(lastAction) && delete == lastDelete
                && java.util.Objects.equals(item.pipeline(), lastPipeline)) return ALLOWED;
        Outcome outcome = decide(item, catalog, true);
        if (outcome == ALLOWED) {
            lastAction = item.action();
            lastIndex = item.index();
            lastDelete = delete;
            lastPipeline = item.pipeline();
        }
        return outcome;
    }

    /**
     * Against a catalog that has looked {@code item}'s name up (a name it still lacks does not exist); the items that
     * follow are decided against it too.
     */
    public Outcome decideKnown(BulkItem item, IndexCatalog fresh) {
        catalog = fresh;
        lastIndex = null;
        if (fresh.get(item.index()) == null) missing.add(item.index());
        return decide(item, fresh, false);
    }

    private Outcome decide(BulkItem item, IndexCatalog names, boolean mayAsk) {
        Outcome outcome = decideAt(item, names, mayAsk);
        // a delete runs no pipeline; the others (an update through its upsert) may be sent elsewhere by one
        if (outcome != ALLOWED || role.isSuperuser() || item.opType() == BulkItem.OpType.DELETE) return outcome;
        String pipeline = item.pipeline() != null ? item.pipeline() : urlPipeline;
        IndexEffect effect = PipelineChecks.effect(ingest, names, pipeline, item.index());
        if (effect.kind() == IndexEffect.Kind.UNKNOWN) {
            return new Denied(PipelineChecks.unknownTarget(subject, ActionNames.BULK_SHARD, item.index(), effect));
        }
        for (String target : effect.sortedNames()) {
            // where the pipeline sends it, the backend runs only that index's final pipeline, which may not move it again
            Outcome there = decideAt(item.at(target), names, mayAsk);
            if (there != ALLOWED) return there;
        }
        return ALLOWED;
    }

    /** The item as written to {@code item.index()}, pipelines aside. */
    private Outcome decideAt(BulkItem item, IndexCatalog names, boolean mayAsk) {
        String index = item.index();
        if (RestrictedIndices.isKeygateInternal(index)) {
            return new Denied(DenialMessages.actionDenied(subject, item.action(), List.of(index)));
        }
        if (!grants(ActionNames.BULK_SHARD, index, names)) {
            EsException denial = DenialMessages.bulkItemDenied(subject, ActionNames.BULK_SHARD, item.action(), List.of(index));
            String shard = names.get(index) == null ? index : names.writeIndexOf(index);
            if (shard != null && refusedShards.putIfAbsent(shard, denial) == null) lastIndex = null;
            return new Denied(denial);
        }
        if (!grants(item.action(), index, names)) {
            return new Denied(DenialMessages.actionDenied(subject, item.action(), List.of(index)));
        }
        // every write but a delete creates a missing index (an update through its upsert), as in Elasticsearch
        boolean creates = item.opType() != BulkItem.OpType.DELETE;
        boolean known = names.get(index) != null;
        if (!known && creates && !role.grantsIndex(ActionNames.AUTO_CREATE, index)) {
            if (mayAsk && !missing.contains(index) && lookups < MAX_LOOKUPS) {
                lookups++;
                return new Unknown(index);
            }
            return new Denied(DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(index)));
        }
        String shard = known ? names.writeIndexOf(index) : index;
        EsException sharedShard = shard == null ? null : refusedShards.get(shard);
        return sharedShard != null ? new Denied(sharedShard) : ALLOWED;
    }

    /** A backing index has the privileges of its data stream, as in Elasticsearch. */
    private boolean grants(String action, String index, IndexCatalog names) {
        return PipelineChecks.grants(role, action, index, names);
    }
}
