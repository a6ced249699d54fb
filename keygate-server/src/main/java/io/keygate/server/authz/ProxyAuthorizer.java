package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.server.proxy.Proxy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** Step 4 for proxied requests: decides, and says what exactly may be forwarded. */
public interface ProxyAuthorizer {

    /** What to send to the backend once a request is authorized. */
    interface Forward {
        void send(Proxy proxy, HttpServerRequest req);
    }

    Future<Forward> authorize(HttpServerRequest req, Authentication auth);
}
