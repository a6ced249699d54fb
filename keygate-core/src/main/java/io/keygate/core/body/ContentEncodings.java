package io.keygate.core.body;

import io.keygate.core.error.EsException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The {@code Content-Encoding}s the backend's HTTP layer inflates (Netty's decompressor: gzip, x-gzip, deflate,
 * x-deflate). A body Keygate reads is inflated here once, bounded, and what is checked and forwarded is the plain form.
 * Any other coding is refused: Keygate could not read what the backend would.
 */
public final class ContentEncodings {

    private ContentEncodings() {}

    /** @return the plain bytes; {@code raw} itself for identity (or no header) */
    public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes) {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> inflate(raw, maxBytes, true);
            case "deflate", "x-deflate" -> inflate(raw, maxBytes, false);
            default -> throw EsException.illegalArgument("unsupported Content-Encoding [" + contentEncoding
                    + "]: Keygate reads gzip, deflate or identity request bodies");
        };
    }

    private static byte[] inflate(byte[] raw, long maxBytes, boolean gzip) {
        // deflate as Netty reads it: zlib-wrapped, or raw when the zlib header is missing
        boolean zlib = raw.length >= 2 && (raw[0] & 0x0f) == 8 && ((raw[0] & 0xff) << 8 | (raw[1] & 0xff)) % 31 == 0;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw))
                : new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(!zlib))) {
            byte[] plain = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (plain.length > maxBytes) throw tooLarge(maxBytes);
            return plain;
        } catch (IOException e) {
            throw EsException.parse("failed to inflate the " + (gzip ? "gzip" : "deflate") + " request body: " + e.getMessage());
        }
    }

    public static EsException tooLarge(long max) {
        return new EsException(413, "content_too_long_exception",
                "request body is too large; the limit [http.max_content_length] is [" + max + "] bytes");
    }
}
