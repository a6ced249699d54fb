package io.keygate.core.body;

import io.keygate.core.error.EsException;

import java.nio.charset.StandardCharsets;

/**
 * The content of a request as the backend would read it, decoded once: the body (inflated per
 * {@code Content-Encoding}) or, as Elasticsearch's REST layer allows, the {@code source} query parameter with its
 * {@code source_content_type}. Keygate checks this form and forwards it as the body, never the original beside it.
 *
 * @param bytes  the plain content; empty when the request carries none
 * @param format its format; {@code null} when there is no content
 */
public record RequestContent(byte[] bytes, BodyFormat format) {

    public static final RequestContent NONE = new RequestContent(new byte[0], null);

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * @param rawBody           the body bytes as received (possibly compressed), never null
     * @param contentEncoding   the {@code Content-Encoding} header, or null
     * @param contentType       the {@code Content-Type} header, or null
     * @param source            the last {@code source} parameter, or null
     * @param sourceContentType the last {@code source_content_type} parameter, or null
     */
    public static RequestContent of(byte[] rawBody, String contentEncoding, String contentType, String source,
                                    String sourceContentType, long maxBytes) {
        return of(rawBody, contentEncoding, contentType, source, sourceContentType, maxBytes, bytes -> { });
    }

    /** As above, with every inflated byte offered to {@code reserve} first ({@link ContentEncodings#decode}). */
    public static RequestContent of(byte[] rawBody, String contentEncoding, String contentType, String source,
                                    String sourceContentType, long maxBytes, java.util.function.LongConsumer reserve) {
        if (source != null) {
            if (rawBody.length > 0) {
                throw EsException.illegalArgument("a request may carry a body or the [source] parameter, not both");
            }
            if (sourceContentType == null) {
                throw EsException.illegalArgument("source and source_content_type parameters are required");
            }
            byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxBytes) throw ContentEncodings.tooLarge(maxBytes);
            return new RequestContent(bytes, BodyFormat.of(sourceContentType));
        }
        if (rawBody.length == 0) return NONE;
        byte[] plain = ContentEncodings.decode(rawBody, contentEncoding, maxBytes, reserve);
        return plain.length == 0 ? NONE : new RequestContent(plain, BodyFormat.of(contentType));
    }
}
