package io.keygate.core.classify;

/** Elasticsearch's simple match for index expressions: {@code *} matches any run of characters, nothing else is special. */
public final class Glob {

    private Glob() {}

    public static boolean matches(String pattern, String s) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
