package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether text names the {@code _index} metadata field: {@code _index} not inside a longer name ({@code my_index}). */
final class Mentions {

    private Mentions() {}

    static final String INDEX = "_index";

    static boolean index(String text) {
        int from = 0;
        while (true) {
            int at = text.indexOf(INDEX, from);
            if (at < 0) return false;
            int end = at + INDEX.length();
            boolean before = at > 0 && ScriptCheck.isIdentifier(text.charAt(at - 1));
            boolean after = end < text.length() && ScriptCheck.isIdentifier(text.charAt(end));
            if (!before && !after) return true;
            from = at + 1;
        }
    }

    /** Any string (value or object key) anywhere in {@code node} names {@code _index}. */
    static boolean index(JsonNode node) {
        if (node == null) return false;
        if (node.isTextual()) return index(node.asText());
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var f = it.next();
                if (index(f.getKey()) || index(f.getValue())) return true;
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) if (index(n)) return true;
        }
        return false;
    }

    /** Any string anywhere in {@code node} is a template ({@code {{...}}}: its value depends on the document). */
    static boolean template(JsonNode node) {
        if (node == null) return false;
        if (node.isTextual()) return node.asText().contains("{{");
        if (node.isContainerNode()) {
            for (JsonNode n : node) if (template(n)) return true;
        }
        return false;
    }
}
