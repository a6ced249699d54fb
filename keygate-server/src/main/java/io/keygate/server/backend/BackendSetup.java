package io.keygate.server.backend;

import io.keygate.server.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What the backend needs at start so that shippers land as they do on Elasticsearch: the built-in data stream
 * templates ({@code stack.templates.enabled}, as Elasticsearch spells it: on by default for the managed backend, off by
 * default for a remote one, which belongs to its own administrators) and, on the managed single-node backend, no
 * replicas by default ({@code backend.managed.default_number_of_replicas}).
 */
public final class BackendSetup {
    private BackendSetup() {}

    /** Runs at start, after the backend answers; reports through {@code progress}, never fails the start. */
    public static void apply(Settings settings, BackendClient backend, boolean managed, Consumer<String> progress) {
        if (managed) {
            int replicas = settings.getInt("backend.managed.default_number_of_replicas", 0);
            singleNodeReplicas(backend, replicas).onComplete(r -> progress.accept(r.succeeded() ? r.result()
                    : "could not set cluster.default_number_of_replicas: " + r.cause().getMessage())).await();
        }
        if (settings.getBoolean("stack.templates.enabled", managed)) {
            BuiltinTemplates templates = new BuiltinTemplates(backend);
            try {
                for (String line : templates.install().await()) progress.accept("built-in templates: " + line);
            } catch (RuntimeException e) {
                progress.accept("built-in templates NOT installed: " + e.getMessage());
            }
        }
    }

    /**
     * A single node can never assign a replica: Elasticsearch's own indices use {@code auto_expand_replicas: 0-1} for
     * that reason, and its single-node guidance is {@code number_of_replicas: 0}. The managed backend is one node by
     * construction, so new indices get no replica unless they ask for one (yellow health forever otherwise).
     */
    static Future<String> singleNodeReplicas(BackendClient backend, int replicas) {
        Map<String, Object> body = Map.of("persistent", Map.of("cluster.default_number_of_replicas", replicas));
        return backend.json(HttpMethod.PUT, "/_cluster/settings", body).map(r -> r.ok()
                ? "new indices default to " + replicas + " replica(s) (backend.managed.default_number_of_replicas)"
                : "could not set cluster.default_number_of_replicas: " + r.status() + " " + r.body());
    }
}
