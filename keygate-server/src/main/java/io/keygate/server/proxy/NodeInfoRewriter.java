package io.keygate.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Node answers ({@code _nodes…}, {@code _cat/nodes}) as an Elasticsearch client reads them: OpenSearch's
 * {@code cluster_manager} role is Elasticsearch's {@code master} (monitoring tools label nodes by it), and every address
 * a node publishes is Keygate's own, so a sniffing client (Logstash {@code sniffing => true}, elasticsearch-java's
 * Sniffer, the OTel exporter's {@code discover}) only ever finds Keygate and never bypasses it. Only these answers are
 * buffered; everything else streams.
 */
public final class NodeInfoRewriter {
    static final String OPENSEARCH_ROLE = "cluster_manager";
    static final String ELASTICSEARCH_ROLE = "master";
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "x-elastic-product",
            "content-length", "content-encoding");

    private final String publishHost;
    private final Integer publishPort;

    /** {@code http.publish_host} / {@code http.publish_port}; null: the address the client reached Keygate on. */
    public NodeInfoRewriter(String publishHost, Integer publishPort) {
        this.publishHost = publishHost == null || publishHost.isBlank() ? null : publishHost.trim();
        this.publishPort = publishPort;
    }

    /** Whether the answer to {@code req} is one this class rewrites. */
    public boolean applies(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) return false;
        return isNodes(req.path()) || isCatNodes(req.path());
    }

    static boolean isNodes(String path) {
        return (path.equals("/_nodes") || path.startsWith("/_nodes/")) && !path.endsWith("/hot_threads");
    }

    static boolean isCatNodes(String path) {
        return path.equals("/_cat/nodes") || path.equals("/_cat/nodes/");
    }

    /** Relays the backend's answer, rewritten. */
    public void relay(HttpServerRequest req, HttpClientResponse resp) {
        HttpServerResponse out = req.response();
        resp.body().onFailure(e -> Proxy.backendFailed(req, e)).onSuccess(raw -> {
            if (out.ended() || out.closed()) return;
            byte[] body = decoded(raw.getBytes(), resp.getHeader("content-encoding"));
            String type = resp.getHeader("content-type");
            String host = host(req);
            String address = address(host, port(req));
            byte[] rewritten = body;
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                rewritten = isCatNodes(req.path()) ? rewriteCatJson(body, host) : rewriteNodesJson(body, host, address);
            } else if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain") && isCatNodes(req.path())) {
                rewritten = rewriteCatText(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            out.setStatusCode(resp.statusCode());
            for (var h : resp.headers()) {
                if (!NOT_RETURNED.contains(h.getKey().toLowerCase(Locale.ROOT))) out.headers().add(h.getKey(), h.getValue());
            }
            if (resp.statusCode() != 401) out.putHeader(Responses.PRODUCT_HEADER, "Elasticsearch");
            out.end(Buffer.buffer(rewritten));
        });
    }

    private String host(HttpServerRequest req) {
        if (publishHost != null) return publishHost;
        SocketAddress local = req.localAddress();
        return local == null || local.hostAddress() == null ? "127.0.0.1" : local.hostAddress();
    }

    private int port(HttpServerRequest req) {
        if (publishPort != null) return publishPort;
        SocketAddress local = req.localAddress();
        return local == null ? 9200 : local.port();
    }

    static String address(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The backend may compress its answer (the client's Accept-Encoding travels); the rewrite needs the text. */
    private static byte[] decoded(byte[] body, String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) return body;
        try (InputStream in = encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new InflaterInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("backend sent an undecodable " + encoding + " body", e);
        }
    }

    /** {@code _nodes}, {@code _nodes/http}, {@code _nodes/stats}…: roles and addresses of each node. */
    static byte[] rewriteNodesJson(byte[] body, String host, String address) {
        JsonNode root = parse(body);
        if (root == null || !(root.path("nodes") instanceof ObjectNode nodes)) return body;
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            if (!(it.next().getValue() instanceof ObjectNode node)) continue;
            if (node.path("roles") instanceof ArrayNode roles) translateRoles(roles);
            if (node.has("transport_address")) node.put("transport_address", address);
            if (node.path("host").isTextual()) node.put("host", host);
            if (node.path("ip").isTextual()) node.put("ip", host);
            replaceAddresses(node, address);
        }
        return Json.toBuffer(root).getBytes();
    }

    /** Every {@code publish_address} and {@code bound_address} below a node (http, transport, …) becomes Keygate's. */
    private static void replaceAddresses(ObjectNode node, String address) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "publish_address" -> e.setValue(TextNode.valueOf(address));
                case "bound_address" -> e.setValue(Json.array().add(address));
                default -> {
                    if (e.getValue() instanceof ObjectNode child) replaceAddresses(child, address);
                }
            }
        }
    }

    private static void translateRoles(ArrayNode roles) {
        boolean hasMaster = false;
        for (JsonNode r : roles) hasMaster |= ELASTICSEARCH_ROLE.equals(r.asText());
        for (int i = roles.size() - 1; i >= 0; i--) {
            if (!OPENSEARCH_ROLE.equals(roles.get(i).asText())) continue;
            if (hasMaster) roles.remove(i);
            else roles.set(i, TextNode.valueOf(ELASTICSEARCH_ROLE));
        }
    }

    /** {@code _cat/nodes?format=json}: the {@code cluster_manager} column is {@code master}; {@code ip} is Keygate's. */
    static byte[] rewriteCatJson(byte[] body, String host) {
        JsonNode root = parse(body);
        if (!(root instanceof ArrayNode rows)) return body;
        for (JsonNode row : rows) {
            if (!(row instanceof ObjectNode o)) continue;
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().equals(OPENSEARCH_ROLE) ? ELASTICSEARCH_ROLE : e.getKey();
                JsonNode value = e.getValue();
                if (key.equals("node.roles") && value.isTextual()) value = TextNode.valueOf(translateRoleList(value.asText()));
                if (key.equals("ip") && value.isTextual()) value = TextNode.valueOf(host);
                copy.set(key, value);
            }
            o.removeAll();
            o.setAll(copy);
        }
        return Json.toBuffer(root).getBytes();
    }

    private static String translateRoleList(String roles) {
        return String.join(",", java.util.Arrays.stream(roles.split(","))
                .map(r -> r.equals(OPENSEARCH_ROLE) ? ELASTICSEARCH_ROLE : r).distinct().toList());
    }

    /**
     * The text table: the {@code cluster_manager} header and role names become {@code master}, padded so the columns
     * stay aligned. (Its {@code ip} column is left as is: ask for {@code format=json} to get Keygate's address there.)
     */
    static String rewriteCatText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) i++;
            String token = text.substring(start, i);
            if (token.equals(OPENSEARCH_ROLE) || token.contains(OPENSEARCH_ROLE + ",") || token.endsWith("," + OPENSEARCH_ROLE)) {
                String replaced = token.equals(OPENSEARCH_ROLE) ? ELASTICSEARCH_ROLE : translateRoleList(token);
                out.append(replaced).append(" ".repeat(token.length() - replaced.length()));
            } else {
                out.append(token);
            }
            int ws = i;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            out.append(text, ws, i);
        }
        return out.toString();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
