package io.keygate.core.classify;

import io.keygate.core.error.EsException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Percent-decoding and -encoding of path segments, strict: a bad escape or bad UTF-8 is a 400, never a guess. */
public final class PathCodec {

    private PathCodec() {}

    /** Splits a raw path into its non-empty segments, as Elasticsearch's path trie does ({@code //a/} = {@code /a}). */
    public static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>(6);
        int start = 0;
        int n = rawPath.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || rawPath.charAt(i) == '/') {
                if (i > start) {
                    out.add(rawPath.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Decodes {@code %XX} escapes (UTF-8). {@code +} stays a plus: it is a path, not a form. */
    public static String decode(String s) {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length());
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                bytes.clear();
                while (i < s.length() && s.charAt(i) == '%') {
                    if (i + 2 >= s.length()) {
                        throw EsException.illegalArgument("unterminated escape sequence at end of string: " + s);
                    }
                    int hi = Character.digit(s.charAt(i + 1), 16);
                    int lo = Character.digit(s.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw EsException.illegalArgument(
                                "invalid escape sequence `" + s.substring(i, i + 3) + "' at index " + i + " of: " + s);
                    }
                    bytes.put((byte) ((hi << 4) | lo));
                    i += 3;
                }
                bytes.flip();
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(bytes);
                    out.append(chars);
                } catch (CharacterCodingException e) {
                    throw EsException.illegalArgument("invalid UTF-8 in percent-encoded path: " + s);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
