package io.keygate.core.dlsfls;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Document-level security of one index for one principal: a conjunction of disjunctions of role queries. One role:
 * a single disjunction (a document is visible if any granting group's query matches it; a group without a query
 * lifts DLS, see {@link #NONE}). An API key adds its owner's disjunction: both must match.
 */
public final class DocumentPermissions {

    /** No document-level restriction. */
    public static final DocumentPermissions NONE = new DocumentPermissions(List.of());

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<List<RoleQuery>> conjuncts;

    private DocumentPermissions(List<List<RoleQuery>> conjuncts) {
        this.conjuncts = List.copyOf(conjuncts);
    }

    /** Any of the queries (the union of the granting groups, none of which lacks a query). */
    public static DocumentPermissions anyOf(Collection<RoleQuery> queries) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("a disjunction needs a query; no query means DocumentPermissions.NONE");
        }
        return new DocumentPermissions(List.of(List.copyOf(queries)));
    }

    public DocumentPermissions intersect(DocumentPermissions other) {
        if (conjuncts.isEmpty()) {
            return other;
        }
        if (other.conjuncts.isEmpty() || other.equals(this)) {
            return this;
        }
        List<List<RoleQuery>> all = new ArrayList<>(conjuncts);
        all.addAll(other.conjuncts);
        return new DocumentPermissions(all);
    }

    public boolean isRestricted() {
        return !conjuncts.isEmpty();
    }

    public boolean hasTemplates() {
        return conjuncts.stream().flatMap(List::stream).anyMatch(RoleQuery::isTemplate);
    }

    /** The filter a visible document matches, rendered for the user; null when unrestricted. */
    public ObjectNode filter(User user) {
        if (conjuncts.isEmpty()) {
            return null;
        }
        List<ObjectNode> ands = new ArrayList<>();
        for (List<RoleQuery> ors : conjuncts) {
            if (ors.size() == 1) {
                ands.add(ors.get(0).render(user));
            } else {
                ArrayNode should = F.arrayNode();
                ors.forEach(q -> should.add(q.render(user)));
                ObjectNode bool = F.objectNode();
                bool.putObject("bool").put("minimum_should_match", 1).set("should", should);
                ands.add(bool);
            }
        }
        if (ands.size() == 1) {
            return ands.get(0);
        }
        ObjectNode bool = F.objectNode();
        ArrayNode filter = bool.putObject("bool").putArray("filter");
        ands.forEach(filter::add);
        return bool;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentPermissions d && d.conjuncts.equals(conjuncts);
    }

    @Override
    public int hashCode() {
        return conjuncts.hashCode();
    }

    @Override
    public String toString() {
        return conjuncts.isEmpty() ? "all documents" : "documents matching " + conjuncts;
    }
}
