package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Classifies one {@code _bulk} action/metadata line at a time, with a streaming parser (no tree): the hot path of
 * ingestion. Reads as Elasticsearch's {@code BulkRequestParser} does and answers its 400s with its wording, and is
 * stricter where a lenient reading could differ from the backend's: unknown operations, several keys in one line and
 * trailing data are refused instead of being ignored with a deprecation warning; duplicate keys are refused.
 */
public final class BulkLineClassifier {

    private final Clock clock;

    public BulkLineClassifier(Clock clock) {
        this.clock = clock;
    }

    public BulkItem classify(String line, int lineNumber, String defaultIndex) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return classify(b, 0, b.length, lineNumber, defaultIndex, false);
    }

    /**
     * @param lineNumber          1-based line number in the body, for error messages
     * @param defaultIndex        the URL index ({@link Classification#defaultIndex()}), or {@code null}
     * @param defaultRequireAlias the URL's {@code require_alias}
     * @return the item, or {@code null} for a blank line (Elasticsearch skips it)
     * @throws EsException 400 for a malformed line or an item without index
     */
    public BulkItem classify(byte[] buf, int offset, int length, int lineNumber, String defaultIndex,
                             boolean defaultRequireAlias) {
        BulkItem simple = simple(buf, offset, length, defaultRequireAlias);
        return simple != null ? simple : parse(buf, offset, length, lineNumber, defaultIndex, defaultRequireAlias);
    }

    private static final byte[] CREATE_HEAD = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX_HEAD = "{\"index\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\"}}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The line most shippers send for every document, {@code {"create":{"_index":"<name>"}}} or the same with
     * {@code index}, byte for byte with a name of lower-case letters, digits, {@code - _ .} only, read by a comparison
     * instead of a JSON parser (the parser per line was the largest part of Keygate's own work on a bulk). Anything
     * else — spaces, other fields, escapes, other characters — returns null and goes to {@link #parse}, which gives the
     * same item for these lines (checked line by line in the tests). The name is validated as the parser's would be.
     */
    private BulkItem simple(byte[] buf, int offset, int length, boolean requireAlias) {
        BulkItem.OpType op;
        int start;
        if (startsWith(buf, offset, length, CREATE_HEAD)) {
            op = BulkItem.OpType.CREATE;
            start = offset + CREATE_HEAD.length;
        } else if (startsWith(buf, offset, length, INDEX_HEAD)) {
            op = BulkItem.OpType.INDEX; // no _id and no op_type: create semantics, as below
            start = offset + INDEX_HEAD.length;
        } else {
            return null;
        }
        int end = offset + length - TAIL.length;
        if (end <= start || !startsWith(buf, end, TAIL.length, TAIL)) return null;
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (!(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.')) return null;
        }
        String index = IndexExpressions.parseSingleName(new String(buf, start, end - start, StandardCharsets.US_ASCII), clock);
        return new BulkItem(op, index, null, requireAlias, ActionNames.INDEX_OP_CREATE);
    }

    private static boolean startsWith(byte[] buf, int offset, int length, byte[] prefix) {
        return length >= prefix.length && java.util.Arrays.equals(buf, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** {@link #classify(byte[], int, int, int, String, boolean)} with the JSON parser, whatever the line's shape. */
    BulkItem parse(byte[] buf, int offset, int length, int lineNumber, String defaultIndex, boolean defaultRequireAlias) {
        try (JsonParser p = Json.FACTORY.createParser(buf, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw malformed(lineNumber, "expected START_OBJECT but found [" + Json.tokenName(t) + "]");
            }
            t = p.nextToken();
            if (t != JsonToken.FIELD_NAME) {
                throw malformed(lineNumber, "expected FIELD_NAME but found [" + Json.tokenName(t) + "]");
            }
            String op = p.currentName();
            BulkItem.OpType opType = switch (op) {
                case "index" -> BulkItem.OpType.INDEX;
                case "create" -> BulkItem.OpType.CREATE;
                case "update" -> BulkItem.OpType.UPDATE;
                case "delete" -> BulkItem.OpType.DELETE;
                default -> throw malformed(lineNumber,
                        "expected field [create], [delete], [index] or [update] but found [" + op + "]");
            };
            String index = null;
            String id = null;
            String opTypeParam = null;
            String pipeline = null;
            boolean requireAlias = defaultRequireAlias;

            t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                String field = null;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t == JsonToken.FIELD_NAME) {
                        field = p.currentName();
                    } else if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                        switch (field) {
                            case "_index" -> index = Json.text(p);
                            case "_id" -> id = Json.text(p);
                            case "op_type" -> opTypeParam = Json.text(p);
                            case "require_alias" -> requireAlias = booleanValue(p, lineNumber, field);
                            case "pipeline" -> pipeline = Json.text(p); // may change _index: decided with the item
                            case "routing", "version", "version_type", "if_seq_no", "if_primary_term",
                                 "retry_on_conflict", "_source", "require_data_stream",
                                 "list_executed_pipelines" -> { /* not security relevant */ }
                            default -> throw unknownParameter(lineNumber, field);
                        }
                    } else if (t == JsonToken.START_ARRAY) {
                        throw malformed(lineNumber, "expected a simple value for field [" + field + "] but found [START_ARRAY]");
                    } else if (t == JsonToken.START_OBJECT && ("dynamic_templates".equals(field) || "_source".equals(field))) {
                        p.skipChildren();
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw malformed(lineNumber, "expected a simple value for field [" + field + "] but found ["
                                + Json.tokenName(t) + "]");
                    } else if (!isKnown(field)) {
                        throw unknownParameter(lineNumber, field);
                    }
                }
            } else if (t != JsonToken.END_OBJECT) {
                throw malformed(lineNumber, "expected START_OBJECT or END_OBJECT but found [" + Json.tokenName(t) + "]");
            }
            // Elasticsearch only warns about these; a reading the backend might not share is refused
            t = p.nextToken();
            if (t != JsonToken.END_OBJECT) {
                throw malformed(lineNumber, "expected a single action per line but found [" + Json.tokenName(t) + "]");
            }
            t = p.nextToken();
            if (t != null) {
                throw malformed(lineNumber, "expected end of line after the action but found [" + Json.tokenName(t) + "]");
            }

            if (index == null) {
                index = defaultIndex;
            }
            if (index == null) {
                throw EsException.validation(java.util.List.of("index is missing"));
            }
            index = IndexExpressions.parseSingleName(index, clock);

            String action = switch (opType) {
                case CREATE -> ActionNames.INDEX_OP_CREATE;
                case INDEX -> "create".equals(opTypeParam) || id == null
                        ? ActionNames.INDEX_OP_CREATE  // auto id or op_type create: create semantics (create_doc suffices)
                        : ActionNames.INDEX_OP_INDEX;
                case UPDATE -> ActionNames.UPDATE;
                case DELETE -> ActionNames.DELETE;
            };
            BulkItem.OpType effective = opType == BulkItem.OpType.INDEX && "create".equals(opTypeParam)
                    ? BulkItem.OpType.CREATE : opType;
            return new BulkItem(effective, index, id, requireAlias, action, pipeline);
        } catch (IOException e) {
            throw Json.parseError(e);
        }
    }

    private static boolean isKnown(String field) {
        return switch (field) {
            case "_index", "_id", "op_type", "require_alias", "routing", "version", "version_type", "if_seq_no",
                 "if_primary_term", "retry_on_conflict", "pipeline", "_source", "require_data_stream",
                 "list_executed_pipelines", "dynamic_templates" -> true;
            default -> false;
        };
    }

    private static boolean booleanValue(JsonParser p, int line, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        String s = p.getText();
        if ("true".equals(s)) {
            return true;
        }
        if ("false".equals(s)) {
            return false;
        }
        throw EsException.illegalArgument("Failed to parse value [" + s + "] as only [true] or [false] are allowed.");
    }

    private static EsException malformed(int line, String what) {
        return EsException.illegalArgument("Malformed action/metadata line [" + line + "], " + what);
    }

    private static EsException unknownParameter(int line, String field) {
        return EsException.illegalArgument("Action/metadata line [" + line + "] contains an unknown parameter [" + field + "]");
    }
}
