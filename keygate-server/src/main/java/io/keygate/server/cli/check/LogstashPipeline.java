package io.keygate.server.cli.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code elasticsearch {}} outputs of a Logstash pipeline: the {@code output {}} section is found, each
 * {@code elasticsearch} block inside it (conditionals included) is read as {@code key => value} pairs, where a value is
 * a quoted string, a bare word or a list of them. Just enough of Logstash's config grammar for the preflight.
 */
final class LogstashPipeline {
    private LogstashPipeline() {}

    static ShipperConfig read(Path file, String text, Function<String, String> env) {
        String code = stripComments(text);
        List<ShipperConfig.Output> outputs = new ArrayList<>();
        int n = 0;
        for (String output : blocks(code, "output")) {
            for (String es : blocks(output, "elasticsearch")) {
                Map<String, String> options = new LinkedHashMap<>();
                List<String> unresolved = new ArrayList<>();
                pairs(es).forEach((k, v) -> options.put(k, ShipperConfig.expand(v, env, unresolved)));
                String user = options.get("user");
                outputs.add(new ShipperConfig.Output("output.elasticsearch#" + (++n), ShipperConfig.list(options.get("hosts")),
                        options.get("api_key"), user, options.get("password"), options, unresolved));
            }
        }
        if (outputs.isEmpty()) throw new IllegalArgumentException(file + ": the pipeline has no elasticsearch output");
        return new ShipperConfig(file, ShipperConfig.Shipper.LOGSTASH, Map.of(), outputs);
    }

    private static String stripComments(String text) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < text.length()) out.append(text.charAt(++i));
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
                out.append(c);
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') i++;
                out.append('\n');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The bodies of every {@code name { … }} block in {@code code}, at any depth, with braces balanced. */
    static List<String> blocks(String code, String name) {
        List<String> found = new ArrayList<>();
        int i = 0;
        while ((i = code.indexOf(name, i)) >= 0) {
            boolean wordStart = i == 0 || !Character.isLetterOrDigit(code.charAt(i - 1)) && code.charAt(i - 1) != '_';
            int j = i + name.length();
            while (j < code.length() && Character.isWhitespace(code.charAt(j))) j++;
            if (!wordStart || j >= code.length() || code.charAt(j) != '{') {
                i += name.length();
                continue;
            }
            int end = matchingBrace(code, j);
            found.add(code.substring(j + 1, end));
            i = end + 1;
        }
        return found;
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in the pipeline");
    }

    /** {@code key => value} pairs of one plugin block; lists are comma-joined. */
    static Map<String, String> pairs(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < block.length()) {
            int arrow = block.indexOf("=>", i);
            if (arrow < 0) break;
            String key = block.substring(i, arrow).trim();
            key = key.substring(Math.max(key.lastIndexOf(' '), key.lastIndexOf('\n')) + 1).trim();
            int[] next = {arrow + 2};
            String value = value(block, next);
            out.put(key, value);
            i = next[0];
        }
        return out;
    }

    private static String value(String s, int[] pos) {
        int i = pos[0];
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (i >= s.length()) {
            pos[0] = i;
            return "";
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int end = i + 1;
            StringBuilder v = new StringBuilder();
            while (end < s.length() && s.charAt(end) != c) {
                if (s.charAt(end) == '\\' && end + 1 < s.length()) end++;
                v.append(s.charAt(end++));
            }
            pos[0] = end + 1;
            return v.toString();
        }
        if (c == '[') {
            int end = s.indexOf(']', i);
            if (end < 0) end = s.length();
            List<String> items = new ArrayList<>();
            for (String item : s.substring(i + 1, end).split(",")) {
                String t = item.trim();
                if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'')) t = t.substring(1, t.length() - 1);
                if (!t.isEmpty()) items.add(t);
            }
            pos[0] = end + 1;
            return String.join(",", items);
        }
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
        pos[0] = end;
        return s.substring(i, end);
    }
}
