package io.keygate.server.authc;

import io.keygate.core.error.EsException;

import java.util.List;

/** Elasticsearch's 401 answers, with the {@code WWW-Authenticate} challenges a client may answer. */
public final class AuthenticationErrors {
    public static final List<String> CHALLENGES = List.of("Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey");

    private AuthenticationErrors() {}

    public static EsException missingCredentials(String uri) {
        return unauthorized("missing authentication credentials for REST request [" + uri + "]");
    }

    public static EsException failedUser(String username, String uri) {
        return unauthorized("unable to authenticate user [" + username + "] for REST request [" + uri + "]");
    }

    /** A failed API key: ES's generic reason plus what went wrong with the key. */
    public static EsException failedApiKey(String why) {
        return unauthorized("unable to authenticate with provided credentials and anonymous access is not allowed for this request")
                .withMetadata("additional_unsuccessful_credentials", "API key: " + why);
    }

    public static EsException unauthorized(String reason) {
        return EsException.security(401, reason).withHeader("WWW-Authenticate", CHALLENGES);
    }
}
