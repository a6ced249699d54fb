package io.keygate.core.authz;

import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexCatalog.Entry;
import io.keygate.core.role.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulkItemDecisionsTest {

    /** Elasticsearch's 12_index_alias role: read on two aliases, read and write on three others; create_doc on logs-*. */
    static final Role ROLE = WideningRulesTest.role("""
        {"r":{"indices":[{"names":["can_read_1","can_read_2"],"privileges":["read"]},
                         {"names":["can_write_1","can_write_2","can_write_3"],"privileges":["read","write"]},
                         {"names":["logs-*"],"privileges":["create_doc"]},
                         {"names":["new-*"],"privileges":["create_doc","auto_configure"]},
                         {"names":["gone-*"],"privileges":["write"]}]}}
        """);
    static final Subject SUBJECT = Subject.user("test_user", List.of("r"));

    static final IndexCatalog CATALOG = IndexCatalog.of(
            Entry.index("read_index"), Entry.index("write_index_1"), Entry.index("write_index_2"),
            Entry.aliasWritingTo("can_read_1", "read_index", "read_index"),
            Entry.aliasWritingTo("can_read_2", "write_index_2", "write_index_2"),
            Entry.aliasWritingTo("can_write_1", "write_index_1", "write_index_1"),
            Entry.aliasWritingTo("can_write_2", "write_index_2", "write_index_1", "write_index_2"),
            Entry.aliasWritingTo("can_write_3", "write_index_1", "write_index_1", "write_index_2"),
            Entry.aliasWritingTo("logs-no-write", null, "write_index_1", "write_index_2"),
            Entry.dataStream("logs-ds", ".ds-logs-ds-000001", ".ds-logs-ds-000002"));

    static BulkItem item(String op, String index) {
        return switch (op) {
            case "create" -> new BulkItem(BulkItem.OpType.CREATE, index, null, false, ActionNames.INDEX_OP_CREATE);
            case "index" -> new BulkItem(BulkItem.OpType.INDEX, index, "1", false, ActionNames.INDEX_OP_INDEX);
            case "update" -> new BulkItem(BulkItem.OpType.UPDATE, index, "1", false, ActionNames.UPDATE);
            case "delete" -> new BulkItem(BulkItem.OpType.DELETE, index, "1", false, ActionNames.DELETE);
            default -> throw new IllegalArgumentException(op);
        };
    }

    static String outcome(BulkItemDecisions.Outcome o) {
        return switch (o) {
            case BulkItemDecisions.Allowed a -> "allowed";
            case BulkItemDecisions.Unknown u -> "unknown " + u.name();
            case BulkItemDecisions.Denied d -> "denied " + d.denial().reason().substring(8, d.denial().reason().indexOf("] "));
        };
    }

    /** Each line: one bulk request, its items (op:name) in order, and what Keygate answers for each. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        alias names are authorized as written         | index:can_write_1 index:can_write_3 create:can_write_2                   | allowed, allowed, allowed
        a read-only alias is refused                  | index:can_read_1                                                         | denied indices:data/write/bulk[s]
        ES 12_index_alias: shared write index refused | index:can_read_1 index:can_write_1 index:can_read_2 index:can_write_2 index:can_write_3 update:can_write_3 delete:can_write_3 | denied indices:data/write/bulk[s], allowed, denied indices:data/write/bulk[s], denied indices:data/write/bulk[s], allowed, allowed, allowed
        the write index name itself shares it too     | index:can_read_2 create:write_index_2                                    | denied indices:data/write/bulk[s], denied indices:data/write/bulk[s]
        only what follows the refusal is refused      | index:can_write_2 index:can_read_2                                       | allowed, denied indices:data/write/bulk[s]
        an item-action refusal shares nothing         | index:logs-ds create:logs-ds                                             | denied indices:data/write/index:op_type/index, allowed
        a backing index has its data stream's rights  | create:.ds-logs-ds-000002 index:.ds-logs-ds-000001                       | allowed, denied indices:data/write/index:op_type/index
        an alias without write index: the backend's   | create:logs-no-write                                                     | allowed
        an unknown name without auto_create: ask      | create:logs-new update:gone-1                                            | unknown logs-new, unknown gone-1
        a delete creates nothing: no lookup           | delete:gone-1                                                            | allowed
        an unknown name with auto_create: no lookup   | create:new-1                                                             | allowed
        an unknown name the caller cannot write       | create:other-new                                                         | denied indices:data/write/bulk[s]
        a repeated allowed item, then a shared refusal | index:can_write_2 index:can_write_2 index:can_read_2 index:can_write_2  | allowed, allowed, denied indices:data/write/bulk[s], denied indices:data/write/bulk[s]
        """)
    void decidesLikeElasticsearch(String why, String items, String expected) {
        BulkItemDecisions decisions = new BulkItemDecisions(SUBJECT, ROLE, CATALOG);
        List<String> got = new ArrayList<>();
        for (String spec : items.trim().split("\\s+")) {
            String[] parts = spec.split(":", 2);
            got.add(outcome(decisions.decide(item(parts[0], parts[1]))));
        }
        assertThat(String.join(", ", got)).as(why).isEqualTo(expected);
    }

    @Test
    void aNameLookedUpIsDecidedOnWhatTheBackendHolds() {
        BulkItemDecisions decisions = new BulkItemDecisions(SUBJECT, ROLE, CATALOG);
        BulkItem item = item("create", "logs-fresh");
        assertThat(outcome(decisions.decide(item))).isEqualTo("unknown logs-fresh");
        // created a moment ago: an alias the cached catalog had not seen yet
        IndexCatalog fresh = CATALOG.with(List.of(Entry.aliasWritingTo("logs-fresh", "write_index_1", "write_index_1")));
        assertThat(outcome(decisions.decideKnown(item, fresh))).isEqualTo("allowed");
        // still absent: a new index, which this caller may not create
        assertThat(outcome(decisions.decideKnown(item, CATALOG))).isEqualTo("denied indices:admin/auto_create");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
        a=true b=false   | a
        a=none           | a
        a=false          | none
        a=none b=none    | none
        a=false b=true   | b
        """)
    void aliasWriteIndexAsTheBackendPicksIt(String flags, String expected) {
        Map<String, Boolean> members = new LinkedHashMap<>();
        for (String f : flags.trim().split("\\s+")) {
            String[] kv = f.split("=");
            members.put(kv[0], kv[1].equals("none") ? null : Boolean.valueOf(kv[1]));
        }
        assertThat(IndexCatalog.aliasWriteIndex(members)).isEqualTo(expected);
    }

    @Test
    void writeIndexOfEachKindOfName() {
        assertThat(CATALOG.writeIndexOf("write_index_1")).isEqualTo("write_index_1");
        assertThat(CATALOG.writeIndexOf("can_write_2")).isEqualTo("write_index_2");
        assertThat(CATALOG.writeIndexOf("logs-no-write")).isNull();
        assertThat(CATALOG.writeIndexOf("logs-ds")).isEqualTo(".ds-logs-ds-000002");
        assertThat(CATALOG.writeIndexOf(".ds-logs-ds-000001")).isEqualTo(".ds-logs-ds-000001");
        assertThat(CATALOG.writeIndexOf("missing")).isNull();
    }

    @org.junit.jupiter.api.Test
    void aBulkAsksForEachMissingNameOnceAndForAFewNamesAtMost() {
        BulkItemDecisions decisions = new BulkItemDecisions(SUBJECT, ROLE, CATALOG);
        BulkItem gone = item("create", "logs-gone");
        assertThat(outcome(decisions.decide(gone))).isEqualTo("unknown logs-gone");
        assertThat(outcome(decisions.decideKnown(gone, CATALOG))).isEqualTo("denied indices:admin/auto_create");
        assertThat(outcome(decisions.decide(gone))).as("not asked again").isEqualTo("denied indices:admin/auto_create");

        // found once: the following items are decided against what the lookup returned
        BulkItem fresh = item("create", "logs-found");
        assertThat(outcome(decisions.decide(fresh))).isEqualTo("unknown logs-found");
        decisions.decideKnown(fresh, CATALOG.with(List.of(Entry.index("logs-found"))));
        assertThat(outcome(decisions.decide(fresh))).isEqualTo("allowed");

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (decisions.decide(item("create", "logs-many-" + i)) instanceof BulkItemDecisions.Unknown u) asked.add(u.name());
        }
        assertThat(asked).hasSize(BulkItemDecisions.MAX_LOOKUPS - 2);
        assertThat(outcome(decisions.decide(item("create", "logs-many-99")))).isEqualTo("denied indices:admin/auto_create");
    }
}
