package io.keygate.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The compiled per-action matcher gives the same answers as asking the index groups one by one. */
class SimpleRoleMatcherTest {

    static final String MIXED = """
        {"a":{"indices":[
           {"names":["logs-*","metrics-app"],"privileges":["read"]},
           {"names":["logs-write-*"],"privileges":["create_doc","auto_configure"]},
           {"names":["/tr[a-z]ces-.*/"],"privileges":["write"]},
           {"names":[".kibana*",".security-7"],"privileges":["read"],"allow_restricted_indices":true},
           {"names":[".*"],"privileges":["view_index_metadata"]},
           {"names":["ds-*"],"privileges":["read_failure_store"]},
           {"names":["ds-b*"],"privileges":["manage_failure_store","read"]}]},
         "b":{"indices":[
           {"names":["*"],"privileges":["monitor"]},
           {"names":["*"],"privileges":["all"],"allow_restricted_indices":true,"query":"{}"}]}}
        """;

    static final List<String> ACTIONS = List.of(
            "indices:data/read/search", "indices:data/read/get", "indices:data/write/bulk[s]",
            "indices:data/write/index:op_type/create", "indices:data/write/index:op_type/index",
            "indices:admin/auto_create", "indices:admin/mapping/auto_put", "indices:admin/get",
            "indices:monitor/stats", "indices:admin/delete", "indices:admin/rollover", "cluster:monitor/main", "");

    static final List<String> NAMES = List.of(
            "logs-a", "logs-write-1", "logs-write-1::failures", "logs-a::data", "metrics-app", "metrics-app2",
            "traces-x", "trbces-x", "tr1ces-x", ".kibana", ".kibana_1", ".kibana_1::failures", ".security", ".security-7",
            ".tasks", ".fleet-agents", ".keygate-security", ".keygate-security-7", ".keygate-security::failures",
            ".hidden-other", "ds-a", "ds-a::failures", "ds-a::failures::x", "ds-b1::failures", "ds-b1", "ds-b1::data",
            "ds-b1::", "::failures", "", "é-logs", "logs-\uD83D\uDE00", "other");

    @Test
    void compiledMatcherAgreesWithGroupByGroup() {
        for (String json : List.of(MIXED, RoleTest.APM, "{\"empty\":{}}")) {
            List<RoleDescriptor> all = RoleTest.descriptors(json);
            List<List<RoleDescriptor>> sets = new ArrayList<>();
            sets.add(all);
            for (RoleDescriptor d : all) {
                sets.add(List.of(d));
            }
            for (List<RoleDescriptor> set : sets) {
                SimpleRole role = new SimpleRole(set, new RestrictedIndices());
                for (String action : ACTIONS) {
                    Predicate<String> m = role.allowedIndicesMatcher(action);
                    assertThat(role.allowedIndicesMatcher(action)).isSameAs(m);
                    for (String name : NAMES) {
                        boolean expected = role.grantsIndexGroupByGroup(action, name);
                        assertThat(m.test(name)).as("%s %s on %s", set, action, name).isEqualTo(expected);
                        assertThat(role.grantsIndex(action, name)).as("%s on %s", action, name).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void keygateSecurityIsNeverGrantedEvenToSuperuser() {
        SimpleRole role = new SimpleRole(RoleTest.descriptors("""
            {"su":{"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}]}}
            """), new RestrictedIndices());
        assertThat(role.isSuperuser()).isTrue();
        assertThat(role.grantsIndex("indices:data/read/search", ".security")).isTrue();
        assertThat(role.grantsIndex("indices:data/read/search", ".keygate-security")).isFalse();
        assertThat(role.grantsIndex("indices:data/read/search", ".keygate-security-7::failures")).isFalse();
        assertThat(role.allowedIndicesMatcher("indices:data/write/bulk[s]").test(".keygate-security")).isFalse();
    }

    @Test
    void sharedRoleCompilesOnceUnderConcurrency() throws Exception {
        SimpleRole role = new SimpleRole(RoleTest.descriptors(MIXED), new RestrictedIndices());
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Object> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    seen.add(role.allowedIndicesMatcher("indices:data/read/search"));
                    for (String name : NAMES) {
                        if (role.grantsIndex("indices:data/read/search", name)
                                != role.grantsIndexGroupByGroup("indices:data/read/search", name)) {
                            throw new AssertionError(name);
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            ts.add(t);
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(seen.stream().distinct()).hasSize(1);
    }
}
