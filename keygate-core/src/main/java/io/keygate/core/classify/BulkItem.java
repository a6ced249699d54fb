package io.keygate.core.classify;

/**
 * One classified {@code _bulk} action line.
 *
 * @param opType       the operation
 * @param index        the target index (the line's {@code _index}, else the URL default), date math resolved
 * @param id           {@code _id}, or {@code null} (auto id)
 * @param requireAlias {@code require_alias} of the line (or of the URL, when the server passes it as the default)
 * @param action       the item action Elasticsearch authorizes for it, on {@code index} (besides
 *                     {@link ActionNames#BULK_SHARD})
 * @param pipeline     the line's {@code pipeline} (an ingest pipeline that may change {@code _index}), or null
 */
public record BulkItem(OpType opType, String index, String id, boolean requireAlias, String action, String pipeline) {

    public BulkItem(OpType opType, String index, String id, boolean requireAlias, String action) {
        this(opType, index, id, requireAlias, action, null);
    }

    /** The same item written to another index (where a pipeline may send it). */
    public BulkItem at(String otherIndex) {
        return new BulkItem(opType, otherIndex, id, requireAlias, action, pipeline);
    }

    public enum OpType {
        INDEX("index"), CREATE("create"), UPDATE("update"), DELETE("delete");

        private final String wire;

        OpType(String wire) { this.wire = wire; }

        public String wire() { return wire; }
    }

    /** Every operation but {@code delete} is followed by a source (or update body) line. */
    public boolean hasSourceLine() {
        return opType != OpType.DELETE;
    }
}
