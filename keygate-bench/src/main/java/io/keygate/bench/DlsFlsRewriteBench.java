package io.keygate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;
import io.keygate.core.dlsfls.DlsFlsRewriter;
import io.keygate.core.dlsfls.DocumentPermissions;
import io.keygate.core.dlsfls.FieldPermissions;
import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.dlsfls.RoleQuery;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.CheckedBody;
import io.keygate.core.query.SearchBodyChecker;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost a read pays for the query-DSL check ({@code check}: every search body, restricted or not) and for the
 * DLS/FLS rewrite ({@code rewrite}: a restricted principal only), on a typical Kibana-like search body with a bool
 * query, a date histogram, a terms aggregation with top_hits, a sort and highlighting. {@code templateRewrite} renders a
 * {@code {{_user.username}}} role query on every call (no per-user cache).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DlsFlsRewriteBench {

    private static final String BODY = """
        {"size":20,"query":{"bool":{"must":[{"multi_match":{"query":"error timeout","fields":["message","title^2"]}}],
          "filter":[{"range":{"@timestamp":{"gte":"now-15m"}}},{"term":{"service.name":"api"}}],
          "must_not":[{"exists":{"field":"secret"}}]}},
         "sort":[{"@timestamp":"desc"}],"_source":["message","title","@timestamp","service.*"],
         "aggs":{"over_time":{"date_histogram":{"field":"@timestamp","fixed_interval":"30s"}},
                 "services":{"terms":{"field":"service.name","size":10},"aggs":{"last":{"top_hits":{"size":1}}}}},
         "highlight":{"fields":{"message":{}}}}""";

    private ObjectNode body;
    private CheckedBody checked;
    private Map<String, IndexRestriction> restricted;
    private Map<String, IndexRestriction> templated;
    private final User user = new User("alice", List.of("tenant-a"), null, null, Map.of(), true);

    @Setup
    public void setup() throws Exception {
        body = (ObjectNode) new ObjectMapper().readTree(BODY);
        checked = SearchBodyChecker.check(body, BodyShape.SEARCH, true);
        FieldPermissions fls = FieldPermissions.union(List.of(new FieldPermissions.Grant(
                List.of("message", "title", "@timestamp", "service.*"), List.of("service.secret"))));
        restricted = Map.of("logs-a", new IndexRestriction(
                DocumentPermissions.anyOf(List.of(RoleQuery.compile("{\"term\":{\"tenant\":\"a\"}}"))), fls));
        templated = Map.of("logs-a", new IndexRestriction(DocumentPermissions.anyOf(List.of(RoleQuery.compile(
                "{\"template\":{\"source\":{\"term\":{\"owner\":\"{{_user.username}}\"}}}}"))), fls));
    }

    @Benchmark
    public CheckedBody check() {
        return SearchBodyChecker.check(body, BodyShape.SEARCH, true);
    }

    @Benchmark
    public ObjectNode rewrite() {
        return DlsFlsRewriter.rewrite(checked, BodyShape.SEARCH, restricted, user, i -> IndexRestriction.NONE);
    }

    @Benchmark
    public ObjectNode templateRewrite() {
        return DlsFlsRewriter.rewrite(checked, BodyShape.SEARCH, templated, user, i -> IndexRestriction.NONE);
    }
}
