package io.keygate.bench;

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
import org.openjdk.jmh.annotations.*;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Authorizing {@code GET /logs-app0-*}{@code /_search} (10 matching indices) when the backend holds 10 or 10,000 indices
 * in all: classification, wildcard resolution to the authorized names, and the path rewrite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WildcardResolveBench {

    @Param({"10", "10000"})
    public int backendIndices;

    private Role role;
    private RequestClassifier classifier;
    private IndexCatalog catalog;
    private RestRequest request;

    @Setup
    public void setup() {
        role = new RoleCompiler().compile(List.of(Fixtures.parse("reader",
                "{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}]}")));
        classifier = new RequestClassifier(Clock.systemUTC());
        catalog = Fixtures.catalog(backendIndices, 10);
        request = new RestRequest("GET", "/logs-app0-*/_search", Map.of());
        String path = searchWildcard();
        if (!path.startsWith("/logs-app0-0,")) throw new IllegalStateException(path);
    }

    @Benchmark
    public String searchWildcard() {
        Classification c = classifier.classify(request);
        ActionTarget t = c.targets().get(0);
        Predicate<String> allowed = role.allowedIndicesMatcher(t.action());
        IndexResolver.Resolved r = IndexResolver.resolve(t.indices(), catalog, ExpandWildcards.OPEN,
                name -> !RestrictedIndices.isKeygateInternal(name) && allowed.test(name));
        return c.rewritePath(r.namesOrMatchNothing());
    }
}
