package io.keygate.core.body;

import io.keygate.core.error.EsException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The {@code Content-Encoding}s the backend's HTTP layer inflates (Netty's decompressor: gzip, x-gzip, deflate,
 * x-deflate). A body Keygate reads is inflated here once, bounded, and what is checked and forwarded is the plain form.
 * Any other coding is refused: Keygate could not read what the backend would.
 *
 * <p>A few compressed bytes can stand for a great many plain ones (a megabyte of gzip for a gigabyte of zeros): the plain
 * bytes are produced a piece at a time, each piece offered to {@code reserve} (the node's in-flight breaker, which throws
 * its 429 past its limit) before it is kept, and never more than {@code maxBytes} of them (413).
 */
public final class ContentEncodings {

    private ContentEncodings() {}

    /** Reads and decompresses one piece at a time: how much plain content is kept before the next check. */
    static final int PIECE = 64 * 1024;

    /** @return the plain bytes; {@code raw} itself for identity (or no header) */
    public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes) {
        return decode(raw, contentEncoding, maxBytes, bytes -> { });
    }

    /**
     * @param reserve told of every plain byte before it is kept, twice (the piece and the whole it is copied into);
     *                throws to stop the inflation
     * @return the plain bytes; {@code raw} itself for identity (or no header)
     */
    public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes, LongConsumer reserve) {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> inflate(raw, maxBytes, true, reserve);
            case "deflate", "x-deflate" -> inflate(raw, maxBytes, false, reserve);
            default -> throw EsException.illegalArgument("unsupported Content-Encoding [" + contentEncoding
                    + "]: Keygate reads gzip, deflate or identity request bodies");
        };
    }

    private static byte[] inflate(byte[] raw, long maxBytes, boolean gzip, LongConsumer reserve) {
        // deflate as Netty reads it: zlib-wrapped, or raw when the zlib header is missing
        boolean zlib = raw.length >= 2 && (raw[0] & 0x0f) == 8 && ((raw[0] & 0xff) << 8 | (raw[1] & 0xff)) % 31 == 0;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw))
                : new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(!zlib))) {
            List<byte[]> pieces = new ArrayList<>();
            long total = 0;
            for (byte[] piece; (piece = in.readNBytes(PIECE)).length > 0; ) {
                total += piece.length;
                if (total > maxBytes) throw tooLarge(maxBytes);
                reserve.accept(2L * piece.length);
                pieces.add(piece);
            }
            byte[] plain = new byte[(int) total];
            int at = 0;
            for (byte[] piece : pieces) {
                System.arraycopy(piece, 0, plain, at, piece.length);
                at += piece.length;
            }
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
