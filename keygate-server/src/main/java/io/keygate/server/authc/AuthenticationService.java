package io.keygate.server.authc;

import io.keygate.core.authc.Authentication;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Step 2 of every request: turns the {@code Authorization} header into an {@link Authentication}
 * or an Elasticsearch 401. Schemes are matched case-insensitively, as Elasticsearch does.
 */
public final class AuthenticationService {

    /** Verifies API key credentials; absent until the API key service is wired in. */
    public interface ApiKeyAuthenticator {
        Future<Authentication> authenticate(String encodedCredentials, String uri);
    }

    private final BasicRealm basic;
    private volatile ApiKeyAuthenticator apiKeys;

    public AuthenticationService(BasicRealm basic) {
        this.basic = basic;
    }

    public void apiKeys(ApiKeyAuthenticator apiKeys) {
        this.apiKeys = apiKeys;
    }

    public Future<Authentication> authenticate(String authorization, String uri) {
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(AuthenticationErrors.missingCredentials(uri));
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> {
                return basic(value, uri);
            }
            case "apikey" -> {
                ApiKeyAuthenticator keys = apiKeys;
                if (keys == null) return Future.failedFuture(AuthenticationErrors.failedApiKey("api keys are not enabled"));
                return keys.authenticate(value, uri);
            }
            default -> {
                return Future.failedFuture(AuthenticationErrors.missingCredentials(uri));
            }
        }
    }

    /** A username and password as a login form sends them: the same realm as the Basic scheme. */
    public Future<Authentication> password(String username, char[] password, String uri) {
        return basic.authenticate(username, password, uri);
    }

    private Future<Authentication> basic(String value, String uri) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(AuthenticationErrors.missingCredentials(uri));
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) return Future.failedFuture(AuthenticationErrors.missingCredentials(uri));
        return basic.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), uri);
    }
}
