package io.keygate.core.query;

import io.keygate.core.error.EsException;

/**
 * A construct in a request body that Keygate cannot check (an unknown query or aggregation type, a plugin's
 * {@code ext} section, a template it would have to render): refused for everyone but a superuser, with a 403 that
 * names it. A client's mistake (malformed JSON, wrong types) is a 400 {@link EsException} instead.
 */
public final class UncheckedConstructException extends EsException {

    private final String construct;

    public UncheckedConstructException(String construct) {
        super(403, "security_exception", "Keygate cannot check [" + construct
                + "] in the request body; only a superuser may send it");
        this.construct = construct;
    }

    public UncheckedConstructException(String construct, String why) {
        super(403, "security_exception", "Keygate cannot check [" + construct + "] in the request body: " + why);
        this.construct = construct;
    }

    public String construct() {
        return construct;
    }
}
