package io.keygate.bench;

import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.BulkLineClassifier;
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
import org.openjdk.jmh.infra.Blackhole;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Authorization with a compiled (cached) role, as {@code RequestAuthorizer} does it, without the HTTP around it:
 * <ul>
 *   <li>{@code singleRequest}: classify {@code POST /<index>/_doc} and decide each of its actions;</li>
 *   <li>{@code bulk1000}: the 1,000 action lines of a ~1 MB {@code _bulk} body classified one by one (streaming parser)
 *       and each decided as {@code RequestAuthorizer.decideItem} does. Source lines are skipped, not parsed.</li>
 * </ul>
 * Index patterns: {@code logs-app0-*} … {@code logs-app(N-1)-*}; the target matches the last one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthorizeBench {

    @Param({"1", "10", "100"})
    public int patterns;

    @Param({"one_group", "group_per_pattern"})
    public String layout;

    private Role role;
    private RequestClassifier classifier;
    private BulkLineClassifier bulkClassifier;
    private IndexCatalog catalog;
    private RestRequest request;
    private byte[] bulk;

    @Setup
    public void setup() {
        role = new RoleCompiler().compile(Fixtures.writerRole(patterns, layout.equals("group_per_pattern")));
        Clock clock = Clock.systemUTC();
        classifier = new RequestClassifier(clock);
        bulkClassifier = new BulkLineClassifier(clock);
        String index = Fixtures.targetIndex(patterns);
        catalog = new IndexCatalog(List.of(IndexCatalog.Entry.index(index)));
        request = new RestRequest("POST", "/" + index + "/_doc", Map.of());
        bulk = Fixtures.bulkBody(1000, index);
        if (singleRequest() != 0) throw new IllegalStateException("the fixture request must be allowed");
        if (bulk1000() != 0) throw new IllegalStateException("the fixture bulk must be allowed");
    }

    /** Returns the number of denied actions (0). */
    @Benchmark
    public int singleRequest() {
        Classification c = classifier.classify(request);
        int denied = 0;
        for (ActionTarget t : c.targets()) {
            if (t.isClusterAction()) {
                if (!role.grantsCluster(t.action())) denied++;
            } else if (t.indices() == null) {
                if (!role.grantsIndexActionSomewhere(t.action())) denied++;
            } else {
                Predicate<String> allowed = role.allowedIndicesMatcher(t.action());
                IndexResolver.Resolved r = IndexResolver.resolve(t.indices(), catalog, ExpandWildcards.OPEN,
                        name -> !RestrictedIndices.isKeygateInternal(name) && allowed.test(name));
                if (r.hasDenied()) denied++;
            }
        }
        return denied;
    }

    /** Returns the number of denied items (0). */
    @Benchmark
    public int bulk1000() {
        byte[] b = bulk;
        int start = 0;
        int line = 0;
        int denied = 0;
        boolean expectAction = true;
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') continue;
            line++;
            if (expectAction) {
                BulkItem item = bulkClassifier.classify(b, start, i - start, line, null, false);
                if (item != null) {
                    if (!allowed(item)) denied++;
                    expectAction = !item.hasSourceLine();
                }
            } else {
                expectAction = true;
            }
            start = i + 1;
        }
        return denied;
    }

    /** {@code RequestAuthorizer.decideItem}, minus building the 403. */
    private boolean allowed(BulkItem item) {
        String index = item.index();
        if (RestrictedIndices.isKeygateInternal(index)) return false;
        if (!role.grantsIndex(ActionNames.BULK_SHARD, index)) return false;
        if (!role.grantsIndex(item.action(), index)) return false;
        boolean creates = item.opType() == BulkItem.OpType.INDEX || item.opType() == BulkItem.OpType.CREATE;
        return !creates || catalog.get(index) != null || role.grantsIndex(ActionNames.AUTO_CREATE, index);
    }
}
