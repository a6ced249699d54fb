package io.keygate.core.apikey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Key ids and secrets as Elasticsearch makes them. An id is 15 bytes (6 of time, 3 of a sequence,
 * 6 random per process, like ES's time-based {@code base64UUID}) in URL-safe Base64: 20 characters.
 * A secret is 16 {@link SecureRandom} bytes in URL-safe Base64 without padding: 22 characters.
 */
public final class ApiKeyIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] NODE = new byte[6];
    private static final AtomicInteger SEQUENCE = new AtomicInteger(RANDOM.nextInt());

    static {
        RANDOM.nextBytes(NODE);
    }

    private ApiKeyIds() {}

    public static String newId() {
        long time = System.currentTimeMillis();
        int seq = SEQUENCE.incrementAndGet() & 0xffffff;
        byte[] b = new byte[15];
        // sequence first, then time, as ES does, so ids spread across Lucene's terms dictionary
        b[0] = (byte) (seq >>> 16);
        b[1] = (byte) (seq >>> 8);
        b[2] = (byte) seq;
        for (int i = 0; i < 6; i++) b[3 + i] = (byte) (time >>> (8 * (5 - i)));
        System.arraycopy(NODE, 0, b, 9, 6);
        return URL_SAFE.encodeToString(b);
    }

    public static String newSecret() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return URL_SAFE.encodeToString(b);
    }
}
