package io.keygate.core.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a request body that carries the query DSL and returns what to forward: a canonical copy in which every
 * {@code wrapper} query has been decoded, checked and replaced by its content, with the document lookups the backend
 * would make (each to be authorized as a read of its index) and the field names the body references.
 *
 * <p>{@code strict} (everyone but a superuser): a top-level key, query type, aggregation type or construct not on the
 * allow-lists is refused with {@link UncheckedConstructException} (403). Not strict: unknown parts pass through, scanned
 * by shape for lookups. Malformed input is a 400 {@code parsing_exception} either way.
 */
public final class SearchBodyChecker {

    private SearchBodyChecker() {}

    public static CheckedBody check(ObjectNode body, BodyShape shape, boolean strict) {
        Collector c = new Collector();
        ObjectNode out = new DslWalker(strict, c).body(body, shape);
        return new CheckedBody(out, c.lookups, c.fields);
    }

    private static final class Collector implements DslListener {
        final List<Lookup> lookups = new ArrayList<>();
        final Set<String> fields = new LinkedHashSet<>();

        @Override
        public void lookup(Lookup lookup) {
            if (!lookups.contains(lookup)) {
                lookups.add(lookup);
            }
        }

        @Override
        public void field(String field, FieldUse use) {
            fields.add(field);
        }
    }
}
