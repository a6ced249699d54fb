package io.keygate.server.authc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.apikey.KeyGuards;
import io.keygate.core.apikey.TokenBucket;
import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;

import java.time.Duration;

/**
 * Enforces a key's guards ({@code metadata.keygate_guards}) on each request it authenticates, on this node, in memory:
 * the client's address must be in an allowed network (else 403), and the key's token bucket must hold a token (else
 * 429). Nothing is written anywhere per request; each node keeps its own buckets, so behind N nodes a key may make up
 * to N times its rate in total.
 */
public final class ApiKeyGuard {
    private final ApiKeyAuthenticator keys;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).executor(Runnable::run).build(); // read per request: maintenance on the caller

    public ApiKeyGuard(ApiKeyAuthenticator keys) {
        this.keys = keys;
    }

    /** Null when the request may go on; else the refusal to send (and audit). */
    public EsException check(Authentication auth, String clientAddress) {
        if (!auth.isApiKey()) return null;
        String id = auth.apiKey().id();
        KeyGuards g = keys.guards(id);
        if (g == KeyGuards.NONE) return null;
        if (g.malformed()) {
            return EsException.forbidden("API key [" + id + "] has malformed [metadata." + KeyGuards.FIELD + "]: fix them with an update");
        }
        if (!g.allows(clientAddress)) {
            return EsException.forbidden("API key [" + id + "] may not be used from [" + clientAddress
                    + "]: the address is not in the key's allowed networks");
        }
        if (g.limitsRate()) {
            long now = System.nanoTime();
            TokenBucket bucket = buckets.get(id, k -> new TokenBucket(g.perSecond(), g.burst(), now));
            if (!bucket.sameRate(g.perSecond(), g.burst())) { // the key's limit was updated
                bucket = new TokenBucket(g.perSecond(), g.burst(), now);
                buckets.put(id, bucket);
            }
            if (!bucket.tryTake(now)) {
                return new EsException(429, "es_rejected_execution_exception", "rate limit of API key [" + id + "] exceeded: at most "
                        + rate(g.perSecond()) + " requests per second (burst " + g.burst() + "); retry later");
            }
        }
        return null;
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
