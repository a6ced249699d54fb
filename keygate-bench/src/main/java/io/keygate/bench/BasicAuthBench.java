package io.keygate.bench;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexResolver;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.server.authc.AuthenticationService;
import io.keygate.server.authc.BasicRealm;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.backend.BackendClient;
import io.keygate.server.store.RoleStore;
import io.keygate.server.store.SecurityIndex;
import io.keygate.server.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.openjdk.jmh.annotations.*;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Basic-auth path of a request on a cache hit, with Keygate's own classes: {@code AuthenticationService} (header →
 * {@code BasicRealm} cache: one salted SHA-256, no I/O), then {@code AccessControl.roleOf} (built-in {@code superuser}
 * role, compiled-role cache hit) and the decision for {@code POST /logs-app0-default/_doc}. The cache is filled once in
 * setup from a stub backend on a local port; nothing measured does I/O (a miss would fail the benchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BasicAuthBench {

    private Vertx vertx;
    private HttpServer stub;
    private AuthenticationService authentication;
    private AccessControl access;
    private RequestClassifier classifier;
    private IndexCatalog catalog;
    private RestRequest request;
    private String header;

    @Setup
    public void setup() {
        vertx = Vertx.vertx();
        String hash = Hasher.BCRYPT.hash("changeme".toCharArray());
        String doc = "{\"found\":true,\"_source\":{\"doc_type\":\"reserved-user\",\"username\":\"elastic\",\"password\":\""
                + hash + "\",\"enabled\":true}}";
        stub = vertx.createHttpServer().requestHandler(r -> r.response().putHeader("content-type", "application/json")
                .end(r.path().endsWith("/reserved-user-elastic") ? doc : "{\"found\":false}")).listen(0, "127.0.0.1").await();
        BackendClient backend = new BackendClient(vertx, new BackendClient.Config(
                List.of(URI.create("http://127.0.0.1:" + stub.actualPort())), null, null, null, null, null, 4));
        SecurityIndex index = new SecurityIndex(backend);
        authentication = new AuthenticationService(new BasicRealm(vertx, new UserStore(index)::get, 100_000, Duration.ofMinutes(20)));
        access = new AccessControl(new RoleCompiler(), new RoleStore(index), Duration.ofMinutes(20));
        header = "Basic " + Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));
        classifier = new RequestClassifier(Clock.systemUTC());
        catalog = new IndexCatalog(List.of(IndexCatalog.Entry.index("logs-app0-default")));
        request = new RestRequest("POST", "/logs-app0-default/_doc", Map.of());
        // fill the cache (bcrypt, once), off the event loop
        Authentication auth = authentication.authenticate(header, "/").await();
        if (!auth.username().equals("elastic")) throw new IllegalStateException();
        access.roleOf(auth).await();
        if (authenticatePlusAuthorize() != 0) throw new IllegalStateException("must be allowed");
    }

    @TearDown
    public void tearDown() {
        vertx.close().await();
    }

    /** Header → Authentication, cache hit. */
    @Benchmark
    public Authentication authenticate() {
        Future<Authentication> f = authentication.authenticate(header, "/");
        if (!f.isComplete()) throw new IllegalStateException("cache miss: I/O on the measured path");
        return f.result();
    }

    /** Header → Authentication → role → decision for one request (no forwarding). */
    @Benchmark
    public int authenticatePlusAuthorize() {
        Future<Authentication> f = authentication.authenticate(header, "/");
        if (!f.isComplete()) throw new IllegalStateException("cache miss: I/O on the measured path");
        Future<Role> r = access.roleOf(f.result());
        if (!r.isComplete()) throw new IllegalStateException("role cache miss: I/O on the measured path");
        Role role = r.result();
        Classification c = classifier.classify(request);
        int denied = 0;
        for (ActionTarget t : c.targets()) {
            Predicate<String> allowed = role.allowedIndicesMatcher(t.action());
            IndexResolver.Resolved res = IndexResolver.resolve(t.indices(), catalog, ExpandWildcards.OPEN,
                    name -> !RestrictedIndices.isKeygateInternal(name) && allowed.test(name));
            if (res.hasDenied()) denied++;
        }
        return denied;
    }
}
