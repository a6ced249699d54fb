package io.keygate.core.authz;

import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.error.EsException;
import io.keygate.core.ingest.IndexEffect;
import io.keygate.core.ingest.IngestCatalog;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an ingest pipeline may send a written document. Elasticsearch authorizes bulk items again at the shard level,
 * after the pipelines ran, so a document a pipeline sends elsewhere is authorized there too. Keygate decides before the
 * backend runs the pipelines, from what they can do ({@link IndexEffect}): NONE, nothing more to check; FIXED, the write
 * must also be allowed on each name the pipelines may set; UNKNOWN, refused. Superusers are not checked.
 */
final class PipelineChecks {

    private PipelineChecks() {}

    /** The effect of the pipelines that run for a write to {@code name} with the write's own {@code pipeline} (or null). */
    static IndexEffect effect(IngestCatalog ingest, IndexCatalog names, String pipeline, String name) {
        if (pipeline == null && ingest.isEmpty()) return IndexEffect.NONE;
        IndexCatalog.Entry e = names.get(name);
        return ingest.forWrite(pipeline, name, e != null, e == null ? null : names.writeIndexOf(name));
    }

    /** The concrete indices whose documents a by-query write rewrites in place: an alias's or data stream's members. */
    static List<String> indicesBehind(IndexCatalog names, String name) {
        IndexCatalog.Entry e = names.get(name);
        if (e == null || e.kind() == IndexCatalog.Kind.INDEX) return List.of(name);
        return e.members();
    }

    /** The 403 for a write whose pipelines may send it anywhere. */
    static EsException unknownTarget(Subject subject, String action, String index, IndexEffect effect) {
        return EsException.forbidden("action [" + action + "] is unauthorized for " + DenialMessages.describe(subject)
                + " on indices [" + index + "]: an ingest pipeline may change the target index, and Keygate cannot tell to "
                + "which (" + effect.reason() + ")");
    }

    /**
     * A single write (document API, reindex destination, by-query) that the pipelines may redirect to {@code effect}'s
     * names: throws the denial the backend's shard-level check would give for the first name refused. Returns the names
     * that do not exist yet (the write would create them: decided with {@code auto_create} against a fresh catalog).
     */
    static List<String> authorizeRedirect(Subject subject, Role role, IndexCatalog names, String action, String index,
                                          IndexEffect effect) {
        if (effect.kind() == IndexEffect.Kind.UNKNOWN) throw unknownTarget(subject, action, index, effect);
        List<String> missing = new ArrayList<>();
        for (String target : effect.sortedNames()) {
            if (RestrictedIndices.isKeygateInternal(target)) throw DenialMessages.actionDenied(subject, action, List.of(target));
            if (!grants(role, ActionNames.BULK_SHARD, target, names)) {
                throw DenialMessages.bulkItemDenied(subject, ActionNames.BULK_SHARD, action, List.of(target));
            }
            if (!grants(role, action, target, names)) throw DenialMessages.actionDenied(subject, action, List.of(target));
            if (names.get(target) == null) missing.add(target);
        }
        return missing;
    }

    /** A backing index has the privileges of its data stream, as in Elasticsearch. */
    static boolean grants(Role role, String action, String index, IndexCatalog names) {
        if (role.grantsIndex(action, index)) return true;
        IndexCatalog.Entry e = names.get(index);
        return e != null && e.dataStream() != null && role.grantsIndex(action, e.dataStream());
    }
}
