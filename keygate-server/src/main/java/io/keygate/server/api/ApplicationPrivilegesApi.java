package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.automaton.Patterns;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ApplicationPrivilegeDescriptor;
import io.keygate.core.privilege.ApplicationPrivilegeRequests;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Routes;
import io.keygate.server.store.ApplicationPrivilegeStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code /_security/privilege/*}: application privileges (names an application such as Kibana defines, each standing
 * for some action patterns), stored, listed and deleted as Elasticsearch does, and the built-in privilege names.
 */
public final class ApplicationPrivilegesApi {
    private final ApplicationPrivilegeStore store;
    private final ClusterIdentity identity;
    private final String nodeId;
    private final Function<String, Future<Void>> announce;

    /** {@code announce(application)}: tells the other nodes to drop their cached privileges too. */
    public ApplicationPrivilegesApi(ApplicationPrivilegeStore store, ClusterIdentity identity, String nodeId,
                                    Function<String, Future<Void>> announce) {
        this.store = store;
        this.identity = identity;
        this.nodeId = nodeId;
        this.announce = announce;
    }

    /** Appends this API's routes (none overlaps another's; literal {@code _builtin} and {@code _clear_cache} first). */
    public Routes<ApiHandler> addRoutes(Routes<ApiHandler> routes) {
        return routes
                .add(Set.of(HttpMethod.GET), "/_security/privilege/_builtin", this::builtin)
                .add(Set.of(HttpMethod.POST), "/_security/privilege/{application}/_clear_cache", this::clearCache)
                .add(Set.of(HttpMethod.PUT, HttpMethod.POST), "/_security/privilege", this::put)
                .add(Set.of(HttpMethod.GET), "/_security/privilege", this::get)
                .add(Set.of(HttpMethod.GET), "/_security/privilege/{application}", this::get)
                .add(Set.of(HttpMethod.GET), "/_security/privilege/{application}/{name}", this::get)
                .add(Set.of(HttpMethod.DELETE), "/_security/privilege/{application}/{name}", this::delete);
    }

    /** {@code {"<app>":{"<name>":{"created":bool}}}}. */
    public Future<Reply> put(ApiRequest r) {
        return Future.succeededFuture().compose(v -> {
            String refresh = r.refresh();
            List<ApplicationPrivilegeDescriptor> privileges = ApplicationPrivilegeRequests.parsePut(r.body());
            List<String> errors = ApplicationPrivilegeRequests.validatePut(privileges);
            if (!errors.isEmpty()) throw EsException.validation(errors);
            return store.put(privileges, refresh);
        }).map(created -> {
            ObjectNode body = Json.object();
            created.forEach((app, names) -> {
                ObjectNode a = body.putObject(app);
                names.forEach((name, isNew) -> a.putObject(name).put("created", isNew));
            });
            return Reply.ok(body);
        });
    }

    /**
     * {@code {"<app>":{"<name>":{application,name,actions,metadata}}}}: every privilege, an application's (a trailing
     * {@code *} matches several), or the named ones. Names asked for and none found: 404 with {@code {}}.
     */
    public Future<Reply> get(ApiRequest r) {
        String application = r.path("application");
        List<String> names = split(r.path("name"));
        Predicate<String> appMatches = application == null || application.isEmpty() ? a -> true
                : Patterns.predicate(split(application));
        return store.all().map(stored -> {
            ObjectNode body = Json.object();
            for (ApplicationPrivilegeDescriptor d : stored.all()) {
                if (!appMatches.test(d.application())) continue;
                if (!names.isEmpty() && !names.contains(d.name())) continue;
                ObjectNode app = body.has(d.application()) ? (ObjectNode) body.get(d.application()) : body.putObject(d.application());
                app.set(d.name(), d.toJson());
            }
            return new Reply(!names.isEmpty() && body.isEmpty() ? 404 : 200, body);
        });
    }

    /** {@code {"<app>":{"<name>":{"found":bool}}}}; 404 when none of them was there. */
    public Future<Reply> delete(ApiRequest r) {
        String application = r.path("application");
        List<String> names = split(r.path("name"));
        return Future.succeededFuture().compose(v -> store.delete(application, names, r.refresh())).map(found -> {
            ObjectNode body = Json.object();
            ObjectNode app = body.putObject(application);
            for (String name : new TreeSet<>(names)) app.putObject(name).put("found", found.contains(name));
            return new Reply(found.isEmpty() ? 404 : 200, body);
        });
    }

    /** The cluster and index privilege names Keygate knows, sorted as Elasticsearch lists them. */
    public Future<Reply> builtin(ApiRequest r) {
        ObjectNode body = Json.object();
        new TreeSet<>(ClusterPrivilege.names()).forEach(body.putArray("cluster")::add);
        new TreeSet<>(IndexPrivilege.names()).forEach(body.putArray("index")::add);
        return Future.succeededFuture(Reply.ok(body));
    }

    /**
     * Drops this node's cached privileges and tells the others (whatever the application named: the cache holds
     * them all as one). Answered as Elasticsearch's nodes response, for this one node.
     */
    public Future<Reply> clearCache(ApiRequest r) {
        return announce.apply(r.path("application")).map(v -> {
            store.invalidate();
            NodesResponse answer = NodesResponse.of(identity, nodeId);
            answer.node().put("name", identity.nodeName());
            return Reply.ok(answer.body());
        });
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

}
