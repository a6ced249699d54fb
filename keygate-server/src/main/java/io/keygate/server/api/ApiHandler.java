package io.keygate.server.api;

import io.vertx.core.Future;

/** A thin handler of Keygate's own API: parse, call a service, render. */
@FunctionalInterface
public interface ApiHandler {
    Future<Reply> handle(ApiRequest request);
}
