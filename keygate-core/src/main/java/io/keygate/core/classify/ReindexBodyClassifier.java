package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a {@code _reindex} body reads and writes: {@code source.index} (searched), {@code source.remote} (a remote
 * cluster: the backend would connect to a host the caller chose), {@code dest.index} and {@code dest.op_type}.
 */
public final class ReindexBodyClassifier {

    /**
     * @param source       the searched index expressions
     * @param remoteSource {@code source.remote} is present
     * @param destIndex    the written index (date math resolved)
     * @param destCreate   {@code dest.op_type} is {@code create}
     * @param script       a top-level {@code script} is present: it may set {@code ctx._index} per document, sending it
     *                     to an index that no one authorized (Keygate cannot see which, so the server refuses it)
     * @param destPipeline {@code dest.pipeline}: an ingest pipeline the written documents go through, or null
     */
    public record ReindexSpec(IndexExpressions source, boolean remoteSource, String destIndex, boolean destCreate,
                              boolean script, String destPipeline) {

        public ReindexSpec(IndexExpressions source, boolean remoteSource, String destIndex, boolean destCreate, boolean script) {
            this(source, remoteSource, destIndex, destCreate, script, null);
        }

        /** The actions Elasticsearch authorizes for the reindex's own search and bulk requests. */
        public List<ActionTarget> targets() {
            IndexExpressions dest = new IndexExpressions(List.of(
                    new IndexExpressions.Expression(destIndex, false, false, false, false)));
            return List.of(
                    new ActionTarget(ActionNames.SEARCH, source),
                    new ActionTarget(ActionNames.BULK_SHARD, dest),
                    new ActionTarget(destCreate ? ActionNames.INDEX_OP_CREATE : ActionNames.INDEX_OP_INDEX, dest));
        }
    }

    private final Clock clock;

    public ReindexBodyClassifier(Clock clock) {
        this.clock = clock;
    }

    public ReindexSpec classify(byte[] body) {
        IndexExpressions source = null;
        boolean remote = false;
        String dest = null;
        boolean create = false;
        boolean script = false;
        String pipeline = null;
        try (JsonParser p = Json.FACTORY.createParser(body == null ? new byte[0] : body)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw EsException.validation(List.of("source is missing", "index must be specified"));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                if ("source".equals(key) && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        t = p.nextToken();
                        if ("index".equals(f)) {
                            source = indices(p, t);
                        } else if ("remote".equals(f)) {
                            remote = true;
                            p.skipChildren();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if ("dest".equals(key) && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        t = p.nextToken();
                        if ("index".equals(f) && t == JsonToken.VALUE_STRING) {
                            dest = p.getText();
                        } else if ("op_type".equals(f) && t == JsonToken.VALUE_STRING) {
                            create = "create".equals(p.getText());
                        } else if ("pipeline".equals(f) && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                            pipeline = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    script |= "script".equals(key);
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        List<String> errors = new ArrayList<>();
        if (source == null && !remote) {
            errors.add("use _all if you really want to copy from all existing indexes");
        }
        if (dest == null) {
            errors.add("index must be specified");
        }
        if (!errors.isEmpty()) {
            throw EsException.validation(errors);
        }
        return new ReindexSpec(source == null ? IndexExpressions.ALL : source, remote,
                IndexExpressions.parseSingleName(dest, clock), create, script, pipeline);
    }

    private IndexExpressions indices(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return IndexExpressions.parse(p.getText(), clock);
        }
        if (t == JsonToken.START_ARRAY) {
            List<String> all = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw EsException.illegalArgument("[source.index] must be a string or an array of strings");
                }
                all.add(p.getText());
            }
            // Elasticsearch joins the array and splits it on commas again
            return IndexExpressions.parse(String.join(",", all), clock);
        }
        throw EsException.illegalArgument("[source.index] must be a string or an array of strings");
    }
}
