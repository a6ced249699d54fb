package io.keygate.core.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error as Elasticsearch reports it: a {@code type}, a {@code reason} and an HTTP status, plus the
 * optional extra fields ({@code metadata}, rendered beside type and reason) and response headers that
 * Elasticsearch attaches to security exceptions. Rendering to JSON lives in the server.
 */
public class EsException extends RuntimeException {

    private final String type;
    private final int status;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    public EsException(int status, String type, String reason) {
        super(reason, null, false, false); // no stack trace: these are answers, not bugs
        this.status = status;
        this.type = type;
    }

    public String type() { return type; }
    public String reason() { return getMessage(); }
    public int status() { return status; }
    public Map<String, Object> metadata() { return metadata; }
    public Map<String, List<String>> headers() { return headers; }

    public EsException withMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    public EsException withHeader(String name, List<String> values) {
        headers.put(name, List.copyOf(values));
        return this;
    }

    public static EsException badRequest(String type, String reason) {
        return new EsException(400, type, reason);
    }

    public static EsException illegalArgument(String reason) {
        return new EsException(400, "illegal_argument_exception", reason);
    }

    public static EsException parse(String reason) {
        return new EsException(400, "parse_exception", reason);
    }

    /** Elasticsearch's transport-level validation: {@code Validation Failed: 1: a;2: b;}. */
    public static EsException validation(List<String> errors) {
        StringBuilder sb = new StringBuilder("Validation Failed: ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i + 1).append(": ").append(errors.get(i)).append(';');
        }
        return new EsException(400, "action_request_validation_exception", sb.toString());
    }

    public static EsException security(int status, String reason) {
        return new EsException(status, "security_exception", reason);
    }

    public static EsException forbidden(String reason) {
        return security(403, reason);
    }

    public static EsException notFound(String type, String reason) {
        return new EsException(404, type, reason);
    }
}
