package io.keygate.core.dlsfls;

/**
 * What a principal may read of one concrete index: which documents (DLS) and which fields (FLS). Asked of a
 * {@code Role} per action and index name; {@link #NONE} when neither applies.
 */
public record IndexRestriction(DocumentPermissions documents, FieldPermissions fields) {

    public static final IndexRestriction NONE = new IndexRestriction(DocumentPermissions.NONE, FieldPermissions.ALL);

    public boolean isRestricted() {
        return documents.isRestricted() || !fields.isAll();
    }

    /** What both allow: an API key's own role and its owner's ({@code limited_by}). */
    public IndexRestriction intersect(IndexRestriction other) {
        if (!isRestricted()) {
            return other;
        }
        if (!other.isRestricted()) {
            return this;
        }
        return new IndexRestriction(documents.intersect(other.documents), fields.intersect(other.fields));
    }
}
