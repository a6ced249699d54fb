package io.keygate.server.api;

/** What an API handler answers: an HTTP status and a body that Jackson renders. */
public record Reply(int status, Object body) {
    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
