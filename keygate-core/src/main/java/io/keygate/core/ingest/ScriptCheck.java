package io.keygate.core.ingest;

import java.util.Set;

/**
 * Whether a Painless ingest script could write {@code _index}. Keygate does not run Painless; it reads the source and
 * says "may" whenever a write to a root key of {@code ctx} is not spelled with a literal key: {@code ctx} used as a
 * value (aliased, passed on), indexed with a computed key ({@code ctx[k]}, {@code ctx['_ind' + 'ex']}), or a map method
 * on it that writes under a key that is not a literal ({@code ctx.put(k, v)}, {@code ctx.entrySet()}). A script that
 * only reads and writes {@code ctx.field} / {@code ctx['field']} and never mentions {@code _index} cannot change it.
 */
final class ScriptCheck {

    private ScriptCheck() {}

    /** Methods of {@code ctx} that only read. */
    private static final Set<String> READS = Set.of("get", "getOrDefault", "containsKey", "containsValue", "isEmpty",
            "size", "equals", "hashCode", "toString");
    /** Methods of {@code ctx} whose first argument is the key they write (or remove): fine with a literal key. */
    private static final Set<String> KEYED_WRITES = Set.of("put", "putIfAbsent", "remove", "compute", "computeIfAbsent",
            "computeIfPresent", "merge", "replace");

    /** Null when the source cannot change {@code _index}; else why it may. */
    static String mayWriteIndex(String source) {
        if (Mentions.index(source)) return "its source mentions [_index]";
        int from = 0;
        while (true) {
            int at = source.indexOf("ctx", from);
            if (at < 0) return null;
            from = at + 3;
            if (at > 0 && isIdentifier(source.charAt(at - 1)) || from < source.length() && isIdentifier(source.charAt(from))) {
                continue; // part of another name (myctx, ctx2)
            }
            int i = skipSpace(source, from);
            if (i < source.length() && source.charAt(i) == '?') i = skipSpace(source, i + 1);
            char c = i < source.length() ? source.charAt(i) : ';';
            if (c == '.') {
                int nameStart = skipSpace(source, i + 1);
                int nameEnd = nameStart;
                while (nameEnd < source.length() && isIdentifier(source.charAt(nameEnd))) nameEnd++;
                String name = source.substring(nameStart, nameEnd);
                int after = skipSpace(source, nameEnd);
                if (name.isEmpty()) return "it uses [ctx] in a way Keygate cannot read";
                if (after < source.length() && source.charAt(after) == '(') {
                    if (READS.contains(name)) continue;
                    if (KEYED_WRITES.contains(name) && literalThen(source, skipSpace(source, after + 1), ",)") >= 0) continue;
                    return "it calls [ctx." + name + "(...)] with a key that is not a literal";
                }
                continue; // ctx.field: a literal key
            }
            if (c == '[') {
                if (literalThen(source, skipSpace(source, i + 1), "]") >= 0) continue;
                return "it indexes [ctx] with a computed key";
            }
            return "it uses [ctx] as a value (a write through it cannot be followed)";
        }
    }

    /**
     * At {@code i}, a string literal ({@code '..'} or {@code ".."} without escapes) followed (after spaces) by one of
     * {@code ends}: the position after it, else -1.
     */
    private static int literalThen(String s, int i, String ends) {
        if (i >= s.length() || s.charAt(i) != '\'' && s.charAt(i) != '"') return -1;
        char quote = s.charAt(i);
        int close = s.indexOf(quote, i + 1);
        if (close < 0 || s.substring(i + 1, close).indexOf('\\') >= 0) return -1;
        int next = skipSpace(s, close + 1);
        return next < s.length() && ends.indexOf(s.charAt(next)) >= 0 ? next : -1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    static boolean isIdentifier(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
