package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.classify.Glob;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backend's ingest pipelines and where they run: each pipeline's {@link IndexEffect} (computed once, when the
 * snapshot is built), the {@code index.default_pipeline} / {@code index.final_pipeline} of each index, and the index
 * templates that give them to an index a write creates. The server builds it in the background with the index catalog
 * ({@link IngestCatalogJson}); deciding a write reads it without I/O.
 */
public final class IngestCatalog {

    /** The pipelines an index runs when a write names none ({@code null}: none). */
    public record IndexPipelines(String defaultPipeline, String finalPipeline) {}

    /**
     * An index template, legacy or composable (its component templates' settings included): the pipelines it may give a
     * new index whose name matches one of {@code patterns}.
     */
    public record Template(String name, List<String> patterns, Set<String> defaultPipelines, Set<String> finalPipelines) {
        public Template {
            patterns = List.copyOf(patterns);
            defaultPipelines = Set.copyOf(defaultPipelines);
            finalPipelines = Set.copyOf(finalPipelines);
        }

        boolean matches(String index) {
            for (String p : patterns) if (Glob.matches(p, index)) return true;
            return false;
        }
    }

    /** The name a write's {@code pipeline} takes to run no pipeline (the index's final pipeline still runs). */
    public static final String NO_PIPELINE = "_none";

    /** No pipelines anywhere: every write is NONE. */
    public static final IngestCatalog NONE = new IngestCatalog(Map.of(), Map.of(), null, List.of(), true);
    /** Not read from the backend yet (or never could be): every write that may run a pipeline is UNKNOWN. */
    public static final IngestCatalog UNREAD = new IngestCatalog(Map.of(), Map.of(), null, List.of(), false);

    private final Map<String, IndexEffect> effects;
    private final Map<String, IndexPipelines> indices;
    /** Every index whose settings were read (null: taken as all); one outside it was created since. */
    private final Set<String> indicesRead;
    private final List<Template> templates;
    private final boolean read;

    private IngestCatalog(Map<String, IndexEffect> effects, Map<String, IndexPipelines> indices, Set<String> indicesRead,
                          List<Template> templates, boolean read) {
        this.effects = effects;
        this.indices = indices;
        this.indicesRead = indicesRead;
        this.templates = templates;
        this.read = read;
    }

    /**
     * @param pipelines id → definition, as {@code GET _ingest/pipeline} returns them
     * @param indices   concrete index → its pipeline settings (indices without any may be left out)
     * @param templates every index template that sets a pipeline
     */
    public static IngestCatalog of(Map<String, JsonNode> pipelines, Map<String, IndexPipelines> indices, List<Template> templates) {
        return of(pipelines, indices, null, templates);
    }

    /**
     * @param indicesRead every index whose settings were read (those without pipelines too); an existing index outside
     *                    it (created after the read) is judged by the templates that may have given it its settings
     */
    public static IngestCatalog of(Map<String, JsonNode> pipelines, Map<String, IndexPipelines> indices, Set<String> indicesRead,
                                   List<Template> templates) {
        return new IngestCatalog(Map.copyOf(PipelineAnalyzer.analyzeAll(pipelines)), Map.copyOf(indices),
                indicesRead == null ? null : Set.copyOf(indicesRead), List.copyOf(templates), true);
    }

    /** The effect of running pipeline {@code id} (UNKNOWN for an id this snapshot lacks). */
    public IndexEffect effect(String id) {
        if (!read) return IndexEffect.unknown("Keygate has not read the backend's ingest pipelines");
        IndexEffect e = effects.get(id);
        return e != null ? e : IndexEffect.unknown("pipeline [" + id + "] is not known to Keygate");
    }

    /**
     * What the pipelines that run for one write can do to its index, chosen as the backend chooses them: the write's own
     * pipeline ({@code _none}: none) else the index's default pipeline, then the index's final pipeline. For a name that
     * does not exist yet the index templates decide; Keygate counts every matching template that sets a pipeline (the
     * backend takes the highest priority composable template, or legacy templates by order), which can only count more.
     *
     * @param explicit   the request's or bulk line's {@code pipeline}, or null
     * @param name       the name written to
     * @param exists     whether {@code name} exists (index, alias or data stream)
     * @param writeIndex for an existing name, the concrete index the write lands in (null: none; the backend refuses)
     */
    public IndexEffect forWrite(String explicit, String name, boolean exists, String writeIndex) {
        if (!read) return IndexEffect.unknown("Keygate has not read the backend's ingest pipelines");
        Set<String> run = new LinkedHashSet<>();
        if (explicit != null && !explicit.equals(NO_PIPELINE)) run.add(explicit);
        boolean settingsRead = writeIndex != null && (indicesRead == null || indicesRead.contains(writeIndex));
        if (exists && settingsRead) {
            IndexPipelines own = indices.get(writeIndex);
            if (own != null) {
                if (explicit == null && own.defaultPipeline() != null) run.add(own.defaultPipeline());
                if (own.finalPipeline() != null) run.add(own.finalPipeline());
            }
        } else if (!exists || writeIndex != null) {
            // a new name, or an index created since the settings were read: the templates that give it its pipelines
            for (Template t : templates) {
                if (!t.matches(name) && (writeIndex == null || !t.matches(writeIndex))) continue;
                if (explicit == null) run.addAll(t.defaultPipelines());
                run.addAll(t.finalPipelines());
            }
        }
        IndexEffect effect = IndexEffect.NONE;
        for (String id : run) {
            if (id.equals(NO_PIPELINE)) continue;
            effect = effect.and(effect(id));
        }
        return effect;
    }

    /** Nothing to look at for any write without an explicit pipeline (the hot path's shortcut). */
    public boolean isEmpty() {
        return read && indices.isEmpty() && templates.isEmpty();
    }

    public boolean isRead() {
        return read;
    }
}
