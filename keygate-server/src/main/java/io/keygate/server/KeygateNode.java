package io.keygate.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.authc.Hasher;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.role.RoleCompiler;
import io.keygate.server.authz.BuiltinRoles;
import io.keygate.core.apikey.ApiKeyIds;
import io.keygate.core.apikey.ApiKeyRetention;
import io.keygate.server.api.ApiKeyCacheApi;
import io.keygate.server.api.ApiKeyGrantApi;
import io.keygate.server.api.ApiKeyQueryApi;
import io.keygate.server.api.ApiKeysApi;
import io.keygate.server.store.ApiKeyRemover;
import io.keygate.server.api.AuthenticateApi;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.api.ApiHandler;
import io.keygate.server.wire.Routes;
import io.keygate.server.api.ApplicationPrivilegesApi;
import io.keygate.server.api.HasPrivilegesApi;
import io.keygate.server.api.RolesApi;
import io.keygate.server.api.ClusterIdentity;
import io.keygate.server.api.InfoApi;
import io.keygate.server.api.SecurityApi;
import io.keygate.server.api.UsersApi;
import io.keygate.server.authc.ApiKeyAuthenticator;
import io.keygate.server.authc.AuthenticationService;
import io.keygate.server.authc.BasicRealm;
import io.keygate.server.authz.AccessControl;
import io.keygate.core.classify.BulkLineClassifier;
import io.keygate.server.authz.IndexCatalogService;
import io.keygate.server.authz.RequestAuthorizer;
import io.keygate.server.proxy.BulkForwarder;
import io.keygate.server.backend.BackendClient;
import io.keygate.server.backend.BackendSetup;
import io.keygate.server.backend.ManagedBackend;
import io.keygate.server.backend.ManagedBackendConfig;
import io.keygate.server.config.Settings;
import io.keygate.server.authc.AuthenticationLockout;
import io.keygate.server.http.ConnectionLimits;
import io.keygate.server.http.HttpFrontend;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.InFlightRequests;
import io.keygate.server.proxy.NodeInfoRewriter;
import io.keygate.server.proxy.Proxy;
import io.keygate.core.context.ContextIds;
import io.keygate.server.store.ApiKeyStore;
import io.keygate.server.store.BatchedReads;
import io.keygate.server.store.ApplicationPrivilegeStore;
import io.keygate.server.store.ContextKeyStore;
import io.keygate.server.store.SecurityIndex;
import io.keygate.server.store.SessionStore;
import io.keygate.server.store.ChangeFeed;
import io.keygate.server.store.RoleStore;
import io.keygate.server.store.UserStore;
import io.keygate.server.ui.KeygateUi;
import io.keygate.server.ui.UiSessions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running Keygate: its backend (managed or remote), its services and its HTTP server. Built by
 * the {@code keygate} command and by the integration tests alike, so tests run what users run.
 */
public final class KeygateNode implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeygateNode.class);
    /** Key documents per {@code _mget} of the authenticator, and such reads out at once (more wait for the next). */
    static final int API_KEY_READ_BATCH = 64;
    static final int API_KEY_READS_IN_FLIGHT = 2;
    /** The change a {@code _clear_cache} of API keys announces to every node, followed by its ids ({@code *}: all). */
    private static final String API_KEY_CACHE_CLEARED = "clear-cache:api_key:";
    private static final String PRIVILEGE_CACHE_CLEARED = "clear-cache:privilege:";

    private final Vertx vertx;
    private final ManagedBackend managed;
    private final BackendClient backend;
    private final HttpServer server;
    private final String generatedPassword;
    /** Background work that uses the backend: stopped before the backend client closes. */
    private final List<Runnable> stopBackgroundWork;

    private KeygateNode(Vertx vertx, ManagedBackend managed, BackendClient backend, HttpServer server, String generatedPassword,
                        List<Runnable> stopBackgroundWork) {
        this.stopBackgroundWork = stopBackgroundWork;
        this.vertx = vertx;
        this.managed = managed;
        this.backend = backend;
        this.server = server;
        this.generatedPassword = generatedPassword;
    }

    /** Starts the backend (unless remote), prepares the security index and serves HTTP. */
    public static KeygateNode start(Settings settings, String elasticPassword, Consumer<String> progress) throws Exception {
        // first-use costs of the core (privilege ordering by automata: seconds on a slow machine) are paid here,
        // beside the backend's start, and not by the first request on an event loop
        Thread warmUp = Thread.ofPlatform().name("keygate-warm-up").start(KeygateNode::warmUp);
        warmUpNetty();
        // a blocked event loop is reported with its stack at once (Vert.x waits 5 s for the stack by default)
        // native epoll where Netty can load it (see keygate-server/pom.xml), NIO elsewhere
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setWarningExceptionTime(2).setWarningExceptionTimeUnit(TimeUnit.SECONDS));
        LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO");
        ManagedBackend managed = null;
        BackendClient backend = null;
        try {
            List<URI> hosts = settings.getList("backend.hosts").stream().map(URI::create).toList();
            if (hosts.isEmpty()) {
                managed = new ManagedBackend(managedConfig(settings));
                hosts = List.of(managed.start(progress));
            } else {
                progress.accept("using the remote backend at " + hosts);
            }
            backend = new BackendClient(vertx, new BackendClient.Config(hosts, settings.get("backend.username"),
                    settings.get("backend.password"), settings.get("backend.api_key"),
                    settings.get("backend.ssl.certificate_authorities"), settings.get("backend.ssl.verification_mode"),
                    settings.getInt("backend.max_connections", 64),
                    (int) settings.getDuration("backend.connect_timeout", Duration.ofSeconds(5)).toMillis()));
            io.keygate.server.metrics.KeygateMetrics metrics = new io.keygate.server.metrics.KeygateMetrics();
            backend.timings(new io.keygate.server.metrics.BackendLatency(metrics));
            JsonNode info = awaitBackend(backend, settings.getDuration("backend.startup_timeout", Duration.ofSeconds(60)));
            ClusterIdentity identity = new ClusterIdentity(settings.get("node.name", "keygate"),
                    settings.get("cluster.name", info.path("cluster_name").asText("keygate")),
                    info.path("cluster_uuid").asText("_na_"), settings.get("compatibility.version", "9.5.0"));

            SecurityIndex index = new SecurityIndex(backend);
            index.ensureExists().await();
            BackendSetup.apply(settings, backend, managed != null, progress); // shippers: data stream templates, replicas
            UserStore users = new UserStore(index);
            String generated = bootstrapElastic(vertx, users, elasticPassword);

            long maxContent = settings.getBytes("http.max_content_length", 100L * 1024 * 1024);
            InFlightRequests inFlight = InFlightRequests.install(vertx,
                    new InFlightRequests(settings.getBytesOrHeapShare(InFlightRequests.LIMIT_SETTING, "40%")));
            AuditTrail audit = new AuditTrail();
            Duration lockFor = settings.getDuration(AuthenticationLockout.DURATION, Duration.ofMinutes(5));
            AuthenticationLockout lockout = new AuthenticationLockout(settings.getInt(AuthenticationLockout.MAX_FAILURES, 10), lockFor,
                    settings.getInt(AuthenticationLockout.MAX_TRACKED, 100_000))
                    .onLock((principal, failures) -> audit.authenticationLocked(principal, failures, lockFor));
            BasicRealm basic = new BasicRealm(vertx, users::get, settings.getInt("keygate.security.authc.realm.cache.max_users", 100_000),
                    settings.getDuration("keygate.security.authc.realm.cache.ttl", Duration.ofMinutes(20)), lockout);
            AuthenticationService authentication = new AuthenticationService(basic);
            RoleStore roles = new RoleStore(index);
            roles.indexQueryFields().await(); // roles stored before _query/role existed become searchable
            AccessControl access = new AccessControl(new RoleCompiler(new RestrictedIndices(
                    settings.getList("keygate.security.restricted_indices"))), roles,
                    settings.getDuration("keygate.security.authz.store.roles.cache.ttl", Duration.ofMinutes(20)));
            UsersApi usersApi = new UsersApi(vertx, users, basic);
            Proxy proxy = new Proxy(backend, maxContent).nodeInfo(new NodeInfoRewriter(settings.get("http.publish_host"),
                    settings.get("http.publish_port") == null ? null : settings.getInt("http.publish_port", 0)));
            Clock clock = Clock.systemUTC();
            IndexCatalogService catalog = new IndexCatalogService(vertx, backend,
                    settings.getDuration("keygate.authz.index_catalog.refresh_interval", Duration.ofSeconds(1)).toMillis());
            RequestAuthorizer authorizer = new RequestAuthorizer(access, catalog, clock,
                    new BulkForwarder(proxy, new BulkLineClassifier(clock), maxContent), audit, maxContent)
                    .contextIds(new ContextIds(new ContextKeyStore(index).loadOrCreate().await()));
            ApiKeyStore apiKeyStore = new ApiKeyStore(index);
            // misses of keys this node has not verified yet are read together: one _mget per round trip, not one GET per key
            BatchedReads<String, ApiKeyStore.StoredApiKey> keyReads = new BatchedReads<>(apiKeyStore::getAllWithHash,
                    API_KEY_READ_BATCH, API_KEY_READS_IN_FLIGHT);
            ApiKeyAuthenticator apiKeyAuthenticator = new ApiKeyAuthenticator(keyReads::get, clock,
                    settings.getDuration("keygate.security.authc.api_key.cache.ttl", Duration.ofDays(1)),
                    settings.getInt("keygate.security.authc.api_key.cache.max_keys", 25_000),
                    settings.getDuration("keygate.security.authc.api_key.doc_cache.ttl", Duration.ofMinutes(5)), lockout);
            authentication.apiKeys(apiKeyAuthenticator);
            ChangeFeed changes = new ChangeFeed(vertx, index, settings.getDuration("keygate.security.changes.poll_interval",
                    Duration.ofMillis(250)).toMillis());
            changes.onChange(id -> evict(id, basic, access, apiKeyAuthenticator));
            ApplicationPrivilegeStore appPrivileges = new ApplicationPrivilegeStore(index);
            changes.onChange(id -> {
                if (ApplicationPrivilegeStore.isPrivilege(id) || id.startsWith(PRIVILEGE_CACHE_CLEARED)) appPrivileges.invalidate();
            });
            ApiKeysApi apiKeysApi = new ApiKeysApi(apiKeyStore, apiKeyAuthenticator, access, clock, audit,
                    io.keygate.core.apikey.LifetimePolicy.of(settings.get(io.keygate.core.apikey.LifetimePolicy.SETTING)));
            ApiKeyRemover apiKeyRemover = new ApiKeyRemover(vertx, apiKeyStore, new ApiKeyRetention(
                    settings.getDuration("keygate.security.authc.api_key.delete.retention_period", ApiKeyRetention.DEFAULT_RETENTION_PERIOD),
                    settings.getDuration("keygate.security.authc.api_key.delete.interval", ApiKeyRetention.DEFAULT_INTERVAL)),
                    clock).start();
            apiKeysApi.afterInvalidation(apiKeyRemover::maybeRun);
            String nodeId = ApiKeyIds.newId(); // how this node names itself in nodes responses (cache clears, stats)
            io.keygate.server.api.NewerSecurityApis newerApis = new io.keygate.server.api.NewerSecurityApis(
                    new io.keygate.server.api.RoleBulkApi(roles, access), new io.keygate.server.api.SecurityQueryApi(roles, users),
                    new io.keygate.server.api.UserPrivilegesApi(access), new io.keygate.server.api.SecurityStatsApi(identity, nodeId));
            Routes<ApiHandler> apiRoutes = SecurityApi.routes(new AuthenticateApi(), usersApi, new RolesApi(roles, access),
                    new HasPrivilegesApi(access, appPrivileges), apiKeysApi, new ApiKeyQueryApi(apiKeyStore, access),
                    new ApiKeyGrantApi(apiKeysApi, basic, users, access),
                    new ApiKeyCacheApi(apiKeyAuthenticator, identity, nodeId,
                            ids -> changes.announce(API_KEY_CACHE_CLEARED + ids)), newerApis);
            new ApplicationPrivilegesApi(appPrivileges, identity, nodeId,
                    app -> changes.announce(PRIVILEGE_CACHE_CLEARED + app)).addRoutes(apiRoutes);
            HttpFrontend frontend = new HttpFrontend(authentication, access, apiRoutes,
                    new InfoApi(identity),
                    authorizer, proxy, maxContent,
                    settings.getBytes(HttpFrontend.API_MAX_CONTENT_LENGTH, 1024 * 1024), audit);
            Duration idle = settings.getDuration("keygate.ui.session.idle_timeout", Duration.ofMinutes(30));
            UiSessions uiSessions = new UiSessions(new SessionStore(index), idle,
                    settings.getDuration("keygate.ui.session.lifetime", Duration.ofHours(8)), clock);
            frontend.ui(new KeygateUi(uiSessions, authentication, users, audit));
            io.keygate.server.authc.ApiKeyUsage usage = new io.keygate.server.authc.ApiKeyUsage(
                    settings.getInt("keygate.security.authc.api_key.usage.max_keys", 100_000));
            frontend.usage(usage).guard(new io.keygate.server.authc.ApiKeyGuard(apiKeyAuthenticator)).metrics(metrics);
            io.keygate.server.authc.ApiKeyUsageWriter usageWriter = new io.keygate.server.authc.ApiKeyUsageWriter(vertx, apiKeyStore, usage, audit)
                    .start(Math.max(100, settings.getDuration("keygate.security.authc.api_key.usage.flush_interval",
                            Duration.ofMinutes(1)).toMillis()));
            metrics.counter("keygate.authc.api_key.cache.hits", "API key authentications answered from the node's cache",
                    apiKeyAuthenticator, ApiKeyAuthenticator::cacheHits);
            metrics.counter("keygate.authc.api_key.cache.misses", "API key authentications that read the key's document",
                    apiKeyAuthenticator, ApiKeyAuthenticator::cacheMisses);
            metrics.counter("keygate.authc.api_key.reads", "Backend requests (_mget) that read API key documents for authentication",
                    keyReads, BatchedReads::batches);
            metrics.counter("keygate.authc.api_key.reads.keys", "API key documents those requests asked for",
                    keyReads, BatchedReads::keysRead);
            String trips = "Breaker trips: in_flight_requests (a request refused with 429 circuit_breaking_exception), "
                    + "authc_lockout (a principal locked after too many failed authentications)";
            metrics.counter("keygate.breaker.trips", trips, inFlight, InFlightRequests::trippedCount, "breaker", "in_flight_requests");
            metrics.counter("keygate.breaker.trips", trips, lockout, AuthenticationLockout::locks, "breaker", "authc_lockout");
            metrics.counter("keygate.api_key.usage.writes", "API key usage records written to the security index",
                    usageWriter, io.keygate.server.authc.ApiKeyUsageWriter::writes);
            io.keygate.server.metrics.ApiKeyCounts keyCounts = new io.keygate.server.metrics.ApiKeyCounts(vertx, apiKeyStore, clock,
                    settings.getDuration(io.keygate.server.metrics.ApiKeyCounts.EXPIRING_SOON, Duration.ofDays(7)), metrics)
                    .start(Math.max(1_000, settings.getDuration("keygate.metrics.api_keys.refresh_interval", Duration.ofSeconds(30)).toMillis()));
            io.keygate.server.store.ApiKeyExpiries expiries = new io.keygate.server.store.ApiKeyExpiries(vertx, apiKeyStore, clock,
                    audit::apiKeyExpired).start(Math.max(100, settings.getDuration(io.keygate.server.store.ApiKeyExpiries.INTERVAL,
                    Duration.ofSeconds(10)).toMillis()));
            // sessions that ended without a logout are removed now and then (any node may do it; it is idempotent)
            long purgeTimer = vertx.setPeriodic(Math.max(1_000, Math.min(idle.toMillis(), Duration.ofMinutes(10).toMillis())),
                    id -> uiSessions.purge().onFailure(e -> LOG.debug("purging UI sessions failed: {}", e.toString())));

            HttpServerOptions options = new HttpServerOptions()
                    .setHost(settings.get("http.host", "127.0.0.1"))
                    .setPort(settings.getInt("http.port", 9200))
                    .setMaxHeaderSize((int) settings.getBytes("http.max_header_size", 16 * 1024))
                    .setMaxInitialLineLength((int) settings.getBytes("http.max_initial_line_length", 4 * 1024))
                    .setDecompressionSupported(false)
                    .setCompressionSupported(false)
                    .setTcpNoDelay(true)
                    // body pieces as large as a socket read (Vert.x cuts them at 8 KB by default): a streamed 1 MB bulk
                    // was 128 pieces, each one write and one writev(2) to the backend (seen with strace -c)
                    .setMaxChunkSize(BackendClient.MAX_CHUNK_SIZE)
                    // no read and no write for this long: the connection goes (0 = never)
                    .setIdleTimeout((int) settings.getDuration(ConnectionLimits.IDLE_TIMEOUT, Duration.ofMinutes(5)).toMillis())
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                    // HTTP/1.1 only, as Elasticsearch serves: no h2c upgrade, one body framing to reason about
                    .setHttp2ClearTextEnabled(false)
                    // no WebSockets either: without these Vert.x puts a WebSocket extension handler in every
                    // connection's pipeline, which inspects each request's headers (seen in the request profile)
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false);
            if (settings.getBoolean("keygate.security.http.ssl.enabled", false)) {
                // Logstash sends API keys only over TLS; shippers should never send them in clear text
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(required(settings, "keygate.security.http.ssl.certificate"))
                        .setKeyPath(required(settings, "keygate.security.http.ssl.key")));
            }
            ConnectionLimits limits = new ConnectionLimits(vertx, settings.getInt(ConnectionLimits.MAX_CONNECTIONS, 10_000),
                    settings.getDuration(ConnectionLimits.REQUEST_HEADER_TIMEOUT, Duration.ofSeconds(30)).toMillis());
            warmUp.join();
            HttpServer server = vertx.createHttpServer(options).connectionHandler(limits).requestHandler(req -> {
                limits.requestArrived(req);
                frontend.handle(req);
            }).listen().await();
            return new KeygateNode(vertx, managed, backend, server, generated, List.of(changes::stop, apiKeyRemover::close, catalog::stop,
                    () -> stopUsage(usageWriter), keyCounts::close, expiries::close,
                    () -> vertx.cancelTimer(purgeTimer)));
        } catch (Exception | Error e) {
            if (backend != null) backend.close();
            vertx.close();
            if (managed != null) managed.stop();
            throw e;
        }
    }

    /** The last usage recorded is written before the node goes (a few seconds at most). */
    private static void stopUsage(io.keygate.server.authc.ApiKeyUsageWriter writer) {
        writer.close();
        try {
            writer.flush().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("last API key usage not written: {}", e.toString());
        }
    }

    /**
     * Netty's first buffer allocation registers its JFR events (seconds on a loaded machine) and loads the
     * buffer classes: done here, before the first backend call, so that it blocks no event loop.
     */
    private static void warmUpNetty() {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            buf.writeShort(1).writeInt(1).writeLong(1).writeBytes(new byte[16]);
        } finally {
            buf.release();
        }
        io.netty.buffer.ByteBufAllocator.DEFAULT.heapBuffer(64).release();
        // Jackson's classes load on the first backend answer otherwise (seconds on a loaded machine, on an event loop)
        Json.parse(io.vertx.core.buffer.Buffer.buffer("{\"warm\":[1,\"up\",{\"a\":null}]}"));
    }

    /** Initializes what the first authorization would otherwise initialize on an event loop. */
    private static void warmUp() {
        ClusterPrivilege.names();
        new RoleCompiler(new RestrictedIndices(List.of())).compile(List.copyOf(BuiltinRoles.ROLES.values()));
        // the body checks a first search runs: the query DSL tables and the canonical JSON form
        io.keygate.core.query.SearchBodyChecker.check((com.fasterxml.jackson.databind.node.ObjectNode)
                io.keygate.core.body.CanonicalJson.parse("{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"a\":1}}]}},\"aggs\":{\"t\":{\"terms\":{\"field\":\"a\"}}}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), io.keygate.core.query.BodyShape.SEARCH, true);
    }

    /** A security document changed somewhere: forget whatever this node cached from it. */
    private static void evict(String docId, BasicRealm basic, AccessControl access, ApiKeyAuthenticator apiKeys) {
        if (SessionStore.isSession(docId)) return; // nothing of a session is cached
        if (docId.startsWith(API_KEY_CACHE_CLEARED)) { // a _clear_cache on some node: this one clears too
            String ids = docId.substring(API_KEY_CACHE_CLEARED.length());
            if (ids.equals("*")) apiKeys.evictAll();
            else for (String id : ids.split(",")) apiKeys.evict(id.trim());
            return;
        }
        String username = UserStore.usernameOf(docId);
        String role = RoleStore.roleNameOf(docId);
        if (username != null) basic.invalidate(username);
        else if (role != null) access.invalidateRole(role);
        else apiKeys.evict(docId);
    }

    private static String required(Settings settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("setting [" + key + "] is required");
        return value;
    }

    static ManagedBackendConfig managedConfig(Settings settings) {
        Path data = Path.of(settings.get("path.data", "data")).toAbsolutePath();
        String distribution = settings.get("backend.managed.distribution");
        if (distribution == null) {
            throw new IllegalArgumentException("backend.managed.distribution is not set: it names OpenSearch's distribution zip "
                    + "(bin/keygate sets it; or set backend.hosts to use an existing cluster)");
        }
        String javaHome = settings.get("backend.managed.java_home", System.getProperty("java.home"));
        return new ManagedBackendConfig(Path.of(distribution).toAbsolutePath(), data.resolve("backend"),
                settings.get("backend.managed.heap", "512m"), settings.get("backend.managed.user", "keygate"),
                Path.of(javaHome), settings.getDuration("backend.managed.startup_timeout", Duration.ofSeconds(120)));
    }

    private static JsonNode awaitBackend(BackendClient backend, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                BackendClient.JsonResponse r = backend.json(HttpMethod.GET, "/", null).await();
                if (r.ok()) return r.body();
                last = new IllegalStateException("GET / answered " + r.status() + ": " + r.body());
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the backend at " + backend.hosts() + " did not answer within " + timeout, last);
    }

    /**
     * Gives {@code elastic} its first password, as Elasticsearch does: ELASTIC_PASSWORD if set, else a generated
     * one. Only while {@code elastic} has no password yet: once set (by a first start, or through
     * {@code _password}), a start never changes it, whatever ELASTIC_PASSWORD says.
     */
    private static String bootstrapElastic(Vertx vertx, UserStore users, String elasticPassword) {
        boolean chosen = elasticPassword != null && !elasticPassword.isEmpty();
        UserStore.StoredUser current = users.get(UserStore.ELASTIC).await();
        if (current != null && current.passwordHash() != null) return null;
        String password = chosen ? elasticPassword : randomPassword();
        String hash = vertx.executeBlocking(() -> Hasher.BCRYPT.hash(password.toCharArray())).await();
        boolean written = current == null ? users.bootstrapReserved(UserStore.ELASTIC, hash).await()
                : users.setReservedPassword(UserStore.ELASTIC, hash, "wait_for").map(true).await();
        return written && !chosen ? password : null;
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_-";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    public int port() {
        return server.actualPort();
    }

    /** The password generated for {@code elastic} on first start, or null. */
    public String generatedPassword() {
        return generatedPassword;
    }

    public List<URI> backendHosts() {
        return backend.hosts();
    }

    @Override
    public void close() {
        try {
            server.close().await();
            stopBackgroundWork.forEach(Runnable::run); // before the client they use is closed
            backend.close().await();
            vertx.close().await();
        } catch (RuntimeException e) {
            // shutting down: keep going so the backend is stopped
        } finally {
            if (managed != null) managed.stop();
        }
    }
}
