package io.keygate.server.api;

/**
 * What {@code GET /} and {@code GET /_license} report: Keygate's node name, the backend's cluster
 * name and UUID, and the Elasticsearch version Keygate is wire-compatible with.
 */
public record ClusterIdentity(String nodeName, String clusterName, String clusterUuid, String version) {}
