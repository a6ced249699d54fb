package io.keygate.core.apikey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value of {@code Authorization: ApiKey <value>}: standard Base64 of {@code id:secret}, split at the
 * first colon, as Elasticsearch reads it. {@link #toString()} never shows the secret.
 */
public final class ApiKeyCredentials {

    /** Elasticsearch's reason for a value that is not Base64 of {@code id:secret}. */
    public static final String INVALID = "invalid ApiKey value";

    private final String id;
    private final String secret;

    public ApiKeyCredentials(String id, String secret) {
        this.id = id;
        this.secret = secret;
    }

    /** Parses the header value (after the scheme); throws {@link IllegalArgumentException} with {@link #INVALID}. */
    public static ApiKeyCredentials parse(String headerValue) {
        if (headerValue == null || headerValue.isEmpty()) throw new IllegalArgumentException(INVALID);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(headerValue.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(INVALID);
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) throw new IllegalArgumentException(INVALID);
        return new ApiKeyCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** {@code encoded} of the create response: standard Base64 (with padding) of {@code id:secret}. */
    public static String encode(String id, String secret) {
        return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public String id() {
        return id;
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiKeyCredentials[id=" + id + "]";
    }
}
