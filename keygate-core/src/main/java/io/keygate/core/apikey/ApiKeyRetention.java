package io.keygate.core.apikey;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * When invalidated and expired keys are deleted (Elasticsearch's expired API keys remover): a key
 * invalidated, or expired, more than {@code retentionPeriod} ago is deleted; the remover runs at most
 * once every {@code interval}, checked on a timer and after each invalidation. Pure: the caller
 * passes the clock's instant and remembers when the last run started.
 */
public record ApiKeyRetention(Duration retentionPeriod, Duration interval) {

    public static final Duration DEFAULT_RETENTION_PERIOD = Duration.ofDays(7);
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

    public ApiKeyRetention {
        if (retentionPeriod.isNegative()) throw new IllegalArgumentException("retention period must not be negative");
        if (interval.isNegative()) throw new IllegalArgumentException("delete interval must not be negative");
    }

    /** True when a run may start now: never ran yet, or the last run started at least {@code interval} ago. */
    public boolean due(Instant now, Instant lastRunStarted) {
        return lastRunStarted == null || !now.isBefore(lastRunStarted.plus(interval));
    }

    /** Keys invalidated or expired at or before this instant are deleted. */
    public Instant cutoff(Instant now) {
        return now.minus(retentionPeriod);
    }

    /** The {@code delete_by_query} query on the security index for a run at {@code now}. */
    public ObjectNode deleteQuery(Instant now) {
        long cutoff = cutoff(now).toEpochMilli();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode query = nodes.objectNode();
        ObjectNode bool = query.putObject("bool");
        bool.putArray("filter").addObject().putObject("term").put("doc_type", "api_key");
        ArrayNode should = bool.putArray("should");
        should.addObject().putObject("range").putObject("expiration_time").put("lte", cutoff);
        ObjectNode invalidated = should.addObject().putObject("bool");
        ArrayNode both = invalidated.putArray("filter");
        both.addObject().putObject("term").put("api_key_invalidated", true);
        both.addObject().putObject("range").putObject("invalidation_time").put("lte", cutoff);
        bool.put("minimum_should_match", 1);
        return query;
    }
}
