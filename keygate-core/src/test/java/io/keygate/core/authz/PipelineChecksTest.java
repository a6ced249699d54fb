package io.keygate.core.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.body.RequestContent;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexCatalog.Entry;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.error.EsException;
import io.keygate.core.ingest.IngestCatalog;
import io.keygate.core.ingest.IngestCatalogJson;
import io.keygate.core.role.Role;
import io.keygate.core.user.User;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes that an ingest pipeline may send to another index, decided before the pipeline runs. */
class PipelineChecksTest {
    static final Role WRITER = RestrictedReadsTest.role("""
            {"indices":[{"names":["logs-*"],"privileges":["create_doc"]},{"names":["src"],"privileges":["read"]},
                        {"names":["dest-*"],"privileges":["write"]}]}""");
    static final Role SUPERUSER = RestrictedReadsTest.role("""
            {"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}]}""");
    static final Subject SUBJECT = Subject.user("w", List.of("r"));
    static final User USER = new User("w", List.of("r"), null, null, Map.of(), true);
    static final IndexCatalog NAMES = IndexCatalog.of(Entry.index("logs-app"), Entry.index("logs-other"), Entry.index("secret-x"),
            Entry.index("logs-defaulted"), Entry.index("src"), Entry.index("dest-1"), Entry.index("dest-defaulted"),
            Entry.aliasWritingTo("logs-alias", "logs-defaulted", "logs-defaulted"));
    static final IngestCatalog INGEST;

    static {
        ObjectMapper json = new ObjectMapper();
        try {
            INGEST = IngestCatalogJson.read(json.readTree("""
                    {"plain":{"processors":[{"lowercase":{"field":"m"}}]},
                     "to-secret":{"processors":[{"set":{"field":"_index","value":"secret-x"}}]},
                     "to-other":{"processors":[{"set":{"field":"_index","value":"logs-other"}}]},
                     "to-new":{"processors":[{"set":{"field":"_index","value":"logs-brand-new"}}]},
                     "anywhere":{"processors":[{"set":{"field":"_index","value":"{{t}}"}}]}}"""),
                    json.readTree("{\"logs-defaulted\":{\"settings\":{\"index.default_pipeline\":\"anywhere\"}},"
                            + "\"dest-defaulted\":{\"settings\":{\"index.default_pipeline\":\"anywhere\"}}}"),
                    null, null, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String outcome(Role role, String method, String path, String body) {
        String[] pq = path.split("\\?", 2);
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (pq.length > 1) for (String kv : pq[1].split("&")) params.put(kv.split("=")[0], List.of(kv.split("=")[1]));
        byte[] raw = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        RequestContent content = RequestContent.of(raw, null, body == null ? null : "application/json", null, null, 1 << 20);
        try {
            Decision d = RestrictedReadsTest.AUTHORIZER.decide(SUBJECT, USER, role,
                    RestrictedReadsTest.CLASSIFIER.classify(new RestRequest(method, pq[0], params)), Authorizer.Params.of(params),
                    content, NAMES, INGEST);
            return d.autoCreates().isEmpty() ? "allowed" : "allowed, creates " + String.join(",", d.autoCreates());
        } catch (EsException e) {
            return e.status() + " " + e.reason();
        }
    }

    /** Each line: the request (body after ' ~ '), and Keygate's answer (a denial's start). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
        no pipeline                        | POST /logs-app/_doc                                      | allowed
        an ordinary pipeline               | POST /logs-app/_doc?pipeline=plain                       | allowed
        fixed to an index it may not write | POST /logs-app/_doc?pipeline=to-secret                   | 403 action [indices:data/write/bulk[s]] is unauthorized for user [w] with effective roles [r] on indices [secret-x], this action is granted by the index privileges [create_doc,create,index,write,all]
        fixed to an index it may write     | PUT /logs-app/_create/1?pipeline=to-other                | allowed
        fixed to a name that is new        | POST /logs-app/_doc?pipeline=to-new                      | allowed, creates logs-brand-new
        from the document                  | POST /logs-app/_doc?pipeline=anywhere                    | 403 action [indices:data/write/index:op_type/create] is unauthorized for user [w] with effective roles [r] on indices [logs-app]: an ingest pipeline may change the target index, and Keygate cannot tell to which (pipeline [anywhere]: processor [set] sets [_index] from a template or expression [{{t}}])
        a pipeline Keygate does not know   | POST /logs-app/_doc?pipeline=nope                        | 403 action [indices:data/write/index:op_type/create] is unauthorized for user [w] with effective roles [r] on indices [logs-app]: an ingest pipeline may change the target index, and Keygate cannot tell to which (pipeline [nope] is not known to Keygate)
        the index's default pipeline       | POST /logs-defaulted/_doc                                | 403 action [indices:data/write/index:op_type/create] is unauthorized for user [w] with effective roles [r] on indices [logs-defaulted]: an ingest pipeline may change the target index
        through an alias of that index     | POST /logs-alias/_doc                                    | 403 action [indices:data/write/index:op_type/create] is unauthorized for user [w] with effective roles [r] on indices [logs-alias]: an ingest pipeline may change the target index
        _none skips the default pipeline   | POST /logs-defaulted/_doc?pipeline=_none                 | allowed
        reindex through dest.pipeline      | POST /_reindex ~ {"source":{"index":"src"},"dest":{"index":"dest-1","pipeline":"to-secret"}} | 403 action [indices:data/write/bulk[s]] is unauthorized for user [w] with effective roles [r] on indices [secret-x]
        reindex through an ordinary one    | POST /_reindex ~ {"source":{"index":"src"},"dest":{"index":"dest-1","pipeline":"plain"}}     | allowed
        update_by_query through a pipeline | POST /dest-1/_update_by_query?pipeline=to-secret ~ {}   | 403 action [indices:data/write/bulk[s]] is unauthorized for user [w] with effective roles [r] on indices [secret-x]
        update_by_query, ordinary pipeline | POST /dest-1/_update_by_query?pipeline=plain ~ {}       | allowed
        update_by_query, default pipeline  | POST /dest-defaulted/_update_by_query ~ {}              | 403 action [indices:data/write/index:op_type/index] is unauthorized for user [w] with effective roles [r] on indices [dest-defaulted]: an ingest pipeline may change the target index
        """)
    void aWriteIsAuthorizedWhereItsPipelinesMaySendIt(String why, String request, String expected) {
        String[] parts = request.trim().split(" ~ ", 2);
        String[] mp = parts[0].split(" ", 2);
        assertThat(outcome(WRITER, mp[0], mp[1], parts.length > 1 ? parts[1] : "{\"m\":1}")).as(why).startsWith(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        the superuser: fixed          | POST /logs-app/_doc?pipeline=to-secret
        the superuser: from a field   | POST /logs-app/_doc?pipeline=anywhere
        the superuser: default        | POST /logs-defaulted/_doc
        """)
    void theSuperuserIsNotChecked(String why, String request) {
        String[] mp = request.trim().split(" ", 2);
        assertThat(outcome(SUPERUSER, mp[0], mp[1], "{\"m\":1}")).as(why).isEqualTo("allowed");
    }

    /** Each line: the URL pipeline, then the items (op:index[:pipeline]), and what each gets. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
        no pipelines                        | null     | create:logs-app                                             | allowed
        a line's pipeline to secret-x       | null     | create:logs-app:to-secret create:logs-app                   | denied bulk[s] secret-x, allowed
        the URL's pipeline, a line's wins   | anywhere | create:logs-app create:logs-app:plain                       | denied pipeline [anywhere], allowed
        fixed where it may write            | null     | create:logs-app:to-other                                    | allowed
        fixed to a new name: looked up      | null     | create:logs-app:to-new                                      | unknown logs-brand-new
        the default pipeline                | null     | create:logs-defaulted create:logs-defaulted:_none           | denied pipeline [anywhere], allowed
        """)
    void bulkItemsAreDecidedWhereTheirPipelinesMaySendThem(String why, String urlPipeline, String items, String expected) {
        BulkItemDecisions decisions = new BulkItemDecisions(SUBJECT, WRITER, NAMES, INGEST, urlPipeline);
        List<String> got = new ArrayList<>();
        for (String spec : items.trim().split("\\s+")) {
            String[] p = spec.split(":");
            BulkItem.OpType op = BulkItem.OpType.valueOf(p[0].toUpperCase(java.util.Locale.ROOT));
            String action = op == BulkItem.OpType.DELETE ? ActionNames.DELETE : ActionNames.INDEX_OP_CREATE;
            BulkItem item = new BulkItem(op, p[1], op == BulkItem.OpType.DELETE ? "1" : null, false, action, p.length > 2 ? p[2] : null);
            got.add(shown(decisions.decide(item)));
        }
        assertThat(String.join(", ", got)).as(why).isEqualTo(expected);
    }

    static String shown(BulkItemDecisions.Outcome o) {
        return switch (o) {
            case BulkItemDecisions.Allowed a -> "allowed";
            case BulkItemDecisions.Unknown u -> "unknown " + u.name();
            case BulkItemDecisions.Denied d -> {
                String r = d.denial().reason();
                if (r.contains("may change the target index")) {
                    yield "denied " + r.substring(r.indexOf("(pipeline [") + 1, r.indexOf("]", r.indexOf("(pipeline [")) + 1);
                }
                yield "denied " + r.substring(8, r.indexOf("] ")).replace("indices:data/write/", "")
                        + " " + r.substring(r.indexOf("on indices [") + 12, r.indexOf("]", r.indexOf("on indices [")));
            }
        };
    }
}
