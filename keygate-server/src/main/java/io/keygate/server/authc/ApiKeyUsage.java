package io.keygate.server.authc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What API keys did since the last flush, held in memory: per key, how many requests, and the last one's time,
 * client address and user agent. Recording is a map update on the request's path (no I/O); a writer drains the
 * map every interval and writes one update per key ({@code ApiKeyUsageWriter}).
 */
public final class ApiKeyUsage {
    /** User agents longer than this are cut: the field is for people to read, not to store a client's payload. */
    static final int MAX_USER_AGENT = 256;
    /** Keys tracked between two flushes at most; beyond, new keys wait for the next interval (their use is not counted). */
    private final int maxKeys;

    /** One key's use since the last flush. */
    public record Pending(long count, long lastUsed, String address, String userAgent) {
        Pending plus(Pending later) {
            boolean newer = later.lastUsed >= lastUsed;
            return new Pending(count + later.count, Math.max(lastUsed, later.lastUsed),
                    newer ? later.address : address, newer ? later.userAgent : userAgent);
        }
    }

    public record Drained(String id, Pending pending) {}

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    public ApiKeyUsage(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** One authenticated request with key {@code id}. */
    public void record(String id, long nowMillis, String address, String userAgent) {
        if (pending.size() >= maxKeys && !pending.containsKey(id)) return;
        String agent = userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
        add(id, new Pending(1, nowMillis, address, agent));
    }

    /** Takes everything recorded so far; what is recorded meanwhile waits for the next drain. */
    public List<Drained> drain() {
        List<Drained> out = new ArrayList<>(pending.size());
        for (String id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) out.add(new Drained(id, p));
        }
        return out;
    }

    /** A drained entry that could not be written (a concurrent write won): it goes into the next flush. */
    public void putBack(Drained d) {
        add(d.id(), d.pending());
    }

    private void add(String id, Pending p) {
        pending.merge(id, p, Pending::plus);
    }

    public int size() {
        return pending.size();
    }
}
