package io.keygate.server.ui;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The UI's static files, read from the class path ({@code io/keygate/server/ui/}) once and kept in
 * memory: a few dozen kilobytes. Only plain relative names are served: no {@code ..}, no
 * encoded separators, no hidden files.
 */
final class UiAssets {
    static final String ROOT = "io/keygate/server/ui/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=UTF-8");

    record Asset(Buffer body, String contentType) {}

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** The asset at a path relative to the UI root, or empty. */
    Optional<Asset> get(String relative) {
        if (relative.isEmpty()) relative = "index.html";
        if (!SAFE.matcher(relative).matches() || relative.contains("..")) return Optional.empty();
        return cache.computeIfAbsent(relative, UiAssets::load);
    }

    private static Optional<Asset> load(String relative) {
        int dot = relative.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(relative.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) return Optional.empty();
        try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(ROOT + relative)) {
            if (in == null) return Optional.empty();
            return Optional.of(new Asset(Buffer.buffer(in.readAllBytes()), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
