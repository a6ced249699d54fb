package io.keygate.core.authz;

import java.util.Set;
import java.util.function.Function;

/**
 * A read Keygate runs in another form than the client sent it and answers in the client's shape: a document get or
 * multi-get under document- or field-level security runs as searches, a field list is narrowed to the granted fields.
 * The backend request is a {@code POST} of {@link Decision#path()} with the decision's content.
 *
 * @param params  the client's parameters that go along (null: every parameter a plain forward would send)
 * @param rewrite the client's answer from the backend's (2xx) answer body
 */
public record Reshape(Set<String> params, Function<byte[], Reply> rewrite) {

    /** An answer to send: its status ({@link #KEEP_STATUS} for the backend's) and JSON body. */
    public record Reply(int status, byte[] body) {
        public static final int KEEP_STATUS = -1;

        public static Reply of(byte[] body) {
            return new Reply(KEEP_STATUS, body);
        }
    }
}
