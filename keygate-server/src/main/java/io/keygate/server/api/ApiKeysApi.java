package io.keygate.server.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.ApiKey;
import io.keygate.core.apikey.ApiKeyCredentials;
import io.keygate.core.apikey.ApiKeyIds;
import io.keygate.core.apikey.ApiKeyRequestValidator;
import io.keygate.core.apikey.Expiration;
import io.keygate.core.apikey.LifetimePolicy;
import io.keygate.core.apikey.Rotation;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.Hasher;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role.ClusterAccess;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.authc.ApiKeyAuthenticator;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.wire.Json;
import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /_security/api_key}: create, get, invalidate and update REST API keys, with Elasticsearch's
 * request rules, privileges ({@code manage_api_key} / {@code manage_own_api_key} / {@code read_security})
 * and response shapes. The secret is returned once, by create, and stored only as a salted hash.
 */
public final class ApiKeysApi {
    static final String CREATE = "cluster:admin/xpack/security/api_key/create";
    static final String GET = "cluster:admin/xpack/security/api_key/get";
    static final String INVALIDATE = "cluster:admin/xpack/security/api_key/invalidate";
    static final String UPDATE = "cluster:admin/xpack/security/api_key/update";
    static final String BULK_UPDATE = "cluster:admin/xpack/security/api_key/bulk_update";

    private static final Set<String> CREATE_FIELDS = Set.of("name", "expiration", "role_descriptors", "metadata");
    private static final Set<String> UPDATE_FIELDS = Set.of("expiration", "role_descriptors", "metadata");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final AccessControl access;
    private final Clock clock;
    private final AuditTrail audit;
    private final LifetimePolicy policy;
    private volatile Runnable afterInvalidation = () -> {};

    public ApiKeysApi(ApiKeyStore store, ApiKeyAuthenticator authenticator, AccessControl access, Clock clock, AuditTrail audit,
                      LifetimePolicy policy) {
        this.policy = policy;
        this.store = store;
        this.authenticator = authenticator;
        this.access = access;
        this.clock = clock;
        this.audit = audit;
    }

    /** Called after each invalidation that invalidated something (the retention remover's trigger). */
    public void afterInvalidation(Runnable listener) {
        this.afterInvalidation = listener;
    }

    // ---- create ------------------------------------------------------------------------------------

    public Future<Reply> create(ApiRequest r) {
        CreateSpec spec = CreateSpec.parse(r.body(), "api key request");
        List<String> errors = errors(spec);
        if (!errors.isEmpty()) throw EsException.validation(errors);
        String refresh = r.refresh();
        Authentication auth = r.authentication();
        return createFor(spec, auth, auth, refresh).map(Reply::ok);
    }

    /** What a create (or grant) asks for, parsed and validated. */
    record CreateSpec(String name, Duration expiration, boolean descriptorsGiven, List<RoleDescriptor> descriptors,
                      Map<String, Object> metadata, long contentBytes) {
        static CreateSpec parse(JsonNode body, String what) {
            BodyFields.onlyKnown(body, CREATE_FIELDS, what);
            String name = BodyFields.string(body, "name");
            Duration expiration = Expiration.parse(BodyFields.string(body, "expiration"));
            List<RoleDescriptor> descriptors = RoleDescriptorParser.parseMap(BodyFields.object(body, "role_descriptors"));
            Map<String, Object> metadata = ApiKeysApi.metadata(body);
            return new CreateSpec(name, expiration, body.get("role_descriptors") != null, descriptors, metadata, ApiKeysApi.contentBytes(body));
        }

        List<String> errors() {
            List<String> errors = new ArrayList<>(ApiKeyRequestValidator.create(name, metadata, descriptors));
            errors.addAll(ApiKeyRequestValidator.contentSize(contentBytes));
            io.keygate.core.apikey.KeyGuards.of(metadata, errors); // Keygate's per-key guards, if any, must be readable
            return errors;
        }
    }

    /** The bytes of a request's {@code role_descriptors} and {@code metadata}, as JSON ({@link ApiKeyRequestValidator#MAX_CONTENT_BYTES}). */
    static long contentBytes(JsonNode body) {
        long bytes = 0;
        for (String field : List.of("role_descriptors", "metadata")) {
            JsonNode part = body.get(field);
            if (part != null && !part.isNull()) bytes += Json.toBuffer(part).length();
        }
        return bytes;
    }

    /** A create's (or grant's) validation errors, the lifetime policy's included. */
    List<String> errors(CreateSpec spec) {
        List<String> errors = new ArrayList<>(spec.errors());
        String policyError = policy.createError(spec.expiration());
        if (policyError != null) errors.add(policyError);
        return errors;
    }

    /**
     * Stores a new key owned by {@code owner} (the caller, or for a grant the granted user) and renders
     * create's answer; {@code actor} is who asked, for the audit trail.
     */
    Future<ObjectNode> createFor(CreateSpec spec, Authentication owner, Authentication actor, String refresh) {
        List<String> errors = errors(spec);
        if (!errors.isEmpty()) return Future.failedFuture(EsException.validation(errors));
        return ownerSnapshot(owner, spec.descriptorsGiven(), spec.descriptors()).compose(limitedBy -> {
            Instant now = clock.instant();
            String id = ApiKeyIds.newId();
            String secret = ApiKeyIds.newSecret();
            ApiKey key = new ApiKey(id, spec.name(), ApiKey.TYPE_REST, now, Expiration.at(now, spec.expiration()), false, null,
                    owner(owner), spec.metadata() == null ? Map.of() : spec.metadata(), spec.descriptors(), limitedBy);
            return store.create(key, Hasher.SSHA256.hash(secret.toCharArray()), refresh).map(v -> {
                audit.apiKeyEvent("api_key_created", actor, id, spec.name());
                ObjectNode out = Json.object();
                out.put("id", id);
                out.put("name", spec.name());
                if (key.expiration() != null) out.put("expiration", key.expiration().toEpochMilli());
                out.put("api_key", secret);
                out.put("encoded", ApiKeyCredentials.encode(id, secret));
                return out;
            });
        });
    }

    /**
     * The owner's role descriptors to limit the key by. A user's are its roles' descriptors now; an
     * API key may only create privilege-less keys (§2.2), limited by its own assigned descriptors.
     */
    private Future<List<RoleDescriptor>> ownerSnapshot(Authentication auth, boolean descriptorsGiven, List<RoleDescriptor> requested) {
        if (auth.isApiKey()) {
            if (!descriptorsGiven || requested.isEmpty() || !requested.stream().allMatch(RoleDescriptor::isEmpty)) {
                return Future.failedFuture(EsException.illegalArgument(
                        "creating derived api keys requires an explicit role descriptor that is empty (has no privileges)"));
            }
            Authentication.ApiKeyRef key = auth.apiKey();
            return Future.succeededFuture(key.roleDescriptors().isEmpty() ? key.limitedBy() : key.roleDescriptors());
        }
        return access.descriptors(auth.user().roles())
                .map(list -> list.stream().map(RoleDescriptor::withoutDescription).toList());
    }

    private static ApiKey.Owner owner(Authentication auth) {
        return new ApiKey.Owner(auth.username(), auth.ownerRealm().name(), auth.ownerRealm().type(),
                auth.user().fullName(), auth.user().email(), auth.user().metadata());
    }

    // ---- get ---------------------------------------------------------------------------------------

    public Future<Reply> get(ApiRequest r) {
        String id = blankToNull(r.param("id", null));
        String name = blankToNull(r.param("name", null));
        String username = blankToNull(r.param("username", null));
        String realm = blankToNull(r.param("realm_name", null));
        boolean owner = r.flag("owner", false);
        boolean withLimitedBy = r.flag("with_limited_by", false);
        boolean activeOnly = r.flag("active_only", false);
        r.flag("with_profile_uid", false);
        List<String> errors = new ArrayList<>();
        if ((username != null || realm != null) && (id != null || name != null)) {
            errors.add("username or realm name must not be specified when the api key id or api key name is specified");
        }
        if (owner && (username != null || realm != null)) {
            errors.add("neither username nor realm-name may be specified when retrieving owned API keys");
        }
        if (id != null && name != null) errors.add("only one of [api key id, api key name] can be specified");
        if (!errors.isEmpty()) throw EsException.validation(errors);
        Authentication auth = r.authentication();
        List<String> ids = id == null ? null : List.of(id);
        return Future.succeededFuture(r.access()).compose(level -> {
            if (!ApiKeyOwnership.allowed(level, auth, ids, username, realm, owner)
                    || (withLimitedBy && auth.isApiKey() && level != ClusterAccess.FULL)) {
                return Future.failedFuture(DenialMessages.actionDenied(AccessControl.subject(auth), GET));
            }
            boolean mine = owner || (level != ClusterAccess.FULL && !auth.isApiKey());
            return store.find(new ApiKeyStore.Filter(ids, name,
                    mine ? ApiKeyOwnership.username(auth) : username, mine ? ApiKeyOwnership.realm(auth) : realm, false));
        }).map(keys -> {
            Instant now = clock.instant();
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("api_keys");
            for (ApiKey key : keys) {
                if (!activeOnly || key.isActive(now)) list.add(ApiKeyJson.info(key, withLimitedBy));
            }
            return new Reply(id != null && list.isEmpty() ? 404 : 200, out);
        });
    }

    // ---- rotation (a Keygate extension) ------------------------------------------------------------

    /**
     * {@code POST /_security/api_key/{id}/_rotate}: a new secret for the key, which keeps its id, name, privileges and
     * expiration; the old secret is accepted for {@code grace_period} more (default 24h, {@code 0s}: not at all).
     * A rotation during a grace period ends the older secret at once. With {@code manage_api_key} any key, else the
     * caller's own (a user's, as for update). The new secret is shown once, as create shows it.
     */
    public Future<Reply> rotate(ApiRequest r) {
        String id = r.path("id");
        JsonNode body = r.body() == null ? Json.object() : r.body();
        BodyFields.onlyKnown(body, Set.of("grace_period"), "rotate api key request");
        Duration grace = Rotation.gracePeriod(BodyFields.string(body, "grace_period"));
        Authentication auth = r.authentication();
        if (auth.isApiKey()) {
            throw EsException.illegalArgument("authentication via API key not supported: only a user can rotate an API key");
        }
        boolean mine = r.ownOnly();
        String refresh = r.refresh();
        return store.getWithHash(id).compose(stored -> {
            if (stored == null || (mine && !stored.key().ownedBy(ApiKeyOwnership.username(auth), ApiKeyOwnership.realm(auth)))) {
                throw EsException.notFound("resource_not_found_exception",
                        (mine ? "no API key owned by requesting user found for ID [" : "no API key found for ID [") + id + "]");
            }
            ApiKey key = stored.key();
            Instant now = clock.instant();
            if (key.invalidated()) throw EsException.illegalArgument("cannot rotate invalidated API key [" + id + "]");
            if (key.isExpired(now)) throw EsException.illegalArgument("cannot rotate expired API key [" + id + "]");
            String secret = ApiKeyIds.newSecret();
            Instant graceEnd = grace.isZero() ? null : now.plus(grace);
            return store.rotate(key, Hasher.SSHA256.hash(secret.toCharArray()), stored.hash(), graceEnd, refresh).map(v -> {
                authenticator.evict(id);
                audit.apiKeyEvent("api_key_rotated", auth, id, key.name());
                ObjectNode out = Json.object();
                out.put("id", id);
                out.put("name", key.name());
                if (key.expiration() != null) out.put("expiration", key.expiration().toEpochMilli());
                out.put("api_key", secret);
                out.put("encoded", ApiKeyCredentials.encode(id, secret));
                if (graceEnd != null) out.put("previous_secret_valid_until", graceEnd.toEpochMilli());
                return Reply.ok(out);
            });
        });
    }

    // ---- lifetime policy (a Keygate extension) -----------------------------------------------------

    /**
     * {@code GET /_security/api_key/_lifetime_policy}: the policy, and the active keys that break it (the caller's
     * own only, without {@code manage_api_key}), so that an operator can find and replace them; {@code violations=false}:
     * the policy only.
     */
    public Future<Reply> lifetimePolicy(ApiRequest r) {
        Authentication auth = r.authentication();
        boolean mine = r.ownOnly();
        boolean listViolations = r.flag("violations", true); // false: the policy alone (the UI's create form)
        int size = violationsSize(r.param("size", null));
        Future<List<ApiKey>> keys = !policy.enabled() || !listViolations ? Future.succeededFuture(List.of())
                : mine && auth.isApiKey() ? store.find(new ApiKeyStore.Filter(List.of(auth.apiKey().id()), null, null, null, true))
                : store.find(new ApiKeyStore.Filter(null, null, mine ? ApiKeyOwnership.username(auth) : null,
                        mine ? ApiKeyOwnership.realm(auth) : null, true));
        return keys.map(found -> {
            Instant now = clock.instant();
            ObjectNode out = Json.object();
            out.put("enabled", policy.enabled());
            if (policy.enabled()) {
                out.put("max_expiration", policy.maxText());
                out.put("max_expiration_in_millis", policy.max().toMillis());
            }
            ArrayNode list = out.putArray("violations");
            List<ApiKey> breaking = new ArrayList<>();
            for (ApiKey key : found) {
                if (key.isActive(now) && policy.violation(key) != null) breaking.add(key);
            }
            // the newest first, at most `size` of them: a store of old keys can hold thousands
            breaking.sort(java.util.Comparator.comparing(ApiKey::creation).reversed());
            for (ApiKey key : breaking.subList(0, Math.min(size, breaking.size()))) {
                String why = policy.violation(key);
                ObjectNode v = list.addObject().put("id", key.id()).put("name", key.name())
                        .put("username", key.owner().username()).put("realm", key.owner().realm())
                        .put("creation", key.creation().toEpochMilli());
                if (key.expiration() != null) v.put("expiration", key.expiration().toEpochMilli());
                v.put("reason", why);
            }
            out.put("count", breaking.size());
            return Reply.ok(out);
        });
    }

    /** {@code size} of the lifetime policy's violations list: 100 by default, at most 10,000. */
    private static int violationsSize(String value) {
        if (value == null) return 100;
        try {
            int size = Integer.parseInt(value);
            if (size >= 0 && size <= 10_000) return size;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw EsException.illegalArgument("[size] must be a number from 0 to 10000, found [" + value + "]");
    }

    // ---- invalidate --------------------------------------------------------------------------------

    public Future<Reply> invalidate(ApiRequest r) {
        JsonNode body = r.body();
        BodyFields.onlyKnown(body, Set.of("ids", "id", "name", "username", "realm_name", "owner"), "invalidate api key request");
        List<String> ids = BodyFields.strings(body, "ids");
        String single = BodyFields.string(body, "id");
        if (single != null) {
            ids = ids == null ? new ArrayList<>() : new ArrayList<>(ids);
            ids.add(single);
        }
        String name = blankToNull(BodyFields.string(body, "name"));
        String username = blankToNull(BodyFields.string(body, "username"));
        String realm = blankToNull(BodyFields.string(body, "realm_name"));
        Boolean ownerFlag = BodyFields.bool(body, "owner");
        boolean owner = ownerFlag != null && ownerFlag;
        List<String> errors = invalidateErrors(ids, name, username, realm, owner);
        if (!errors.isEmpty()) throw EsException.validation(errors);
        Authentication auth = r.authentication();
        List<String> requestedIds = ids;
        String refresh = r.refresh();
        return Future.succeededFuture(r.access()).compose(level -> {
            if (!ApiKeyOwnership.allowed(level, auth, requestedIds, username, realm, owner)) {
                return Future.failedFuture(DenialMessages.actionDenied(AccessControl.subject(auth), INVALIDATE));
            }
            boolean mine = owner || (level != ClusterAccess.FULL && !auth.isApiKey());
            return store.findIds(new ApiKeyStore.Filter(requestedIds, name,
                    mine ? ApiKeyOwnership.username(auth) : username, mine ? ApiKeyOwnership.realm(auth) : realm, true));
        }).compose(found -> store.invalidate(found, clock.instant(), refresh)).map(result -> {
            result.invalidated().forEach(id -> {
                authenticator.invalidated(id);
                audit.apiKeyEvent("api_key_invalidated", auth, id, null);
            });
            result.previouslyInvalidated().forEach(authenticator::invalidated);
            if (!result.invalidated().isEmpty()) afterInvalidation.run();
            ObjectNode out = Json.object();
            out.set("invalidated_api_keys", Json.MAPPER.valueToTree(result.invalidated()));
            out.set("previously_invalidated_api_keys", Json.MAPPER.valueToTree(result.previouslyInvalidated()));
            out.put("error_count", result.errors().size());
            if (!result.errors().isEmpty()) {
                ArrayNode details = out.putArray("error_details");
                result.errors().forEach(e -> details.addObject().put("type", "exception")
                        .put("reason", "error invalidating API key").set("caused_by", e));
            }
            return Reply.ok(out);
        });
    }

    private static List<String> invalidateErrors(List<String> ids, String name, String username, String realm, boolean owner) {
        List<String> errors = new ArrayList<>();
        if (ids == null && name == null && username == null && realm == null && !owner) {
            errors.add("One of [api key id, api key name, username, realm name] must be specified if [owner] flag is false");
        }
        if ((ids != null || name != null) && (username != null || realm != null)) {
            errors.add("username or realm name must not be specified when the api key id(s) or api key name are specified");
        }
        if (owner && (username != null || realm != null)) {
            errors.add("neither username nor realm-name may be specified when invalidating owned API keys");
        }
        if (ids != null && name != null) errors.add("only one of [api key id, api key name] can be specified");
        if (ids != null) {
            if (ids.isEmpty()) errors.add("Field [ids] cannot be an empty array");
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).isBlank()) {
                    errors.add("Field [ids] must not contain blank id, but got blank id at index position: [" + i + "]");
                }
            }
        }
        return errors;
    }

    // ---- update ------------------------------------------------------------------------------------

    public Future<Reply> update(ApiRequest r) {
        String id = r.path("id");
        UpdateSpec spec = UpdateSpec.parse(r.body(), UPDATE_FIELDS, "update api key request");
        Authentication auth = r.authentication();
        String refresh = r.refresh();
        return updatableBy(auth)
                .compose(limitedBy -> updateOne(auth, id, spec, limitedBy, refresh))
                .map(updated -> Reply.ok(Json.object().put("updated", updated)));
    }

    /** What an update (or bulk update) asks to change; absent parts stay as they are. */
    record UpdateSpec(String expirationText, Duration expiration, boolean descriptorsGiven, List<RoleDescriptor> descriptors,
                      Map<String, Object> metadata) {
        static UpdateSpec parse(JsonNode body, Set<String> fields, String what) {
            BodyFields.onlyKnown(body, fields, what);
            String expirationText = BodyFields.string(body, "expiration");
            Duration expiration = Expiration.parse(expirationText);
            boolean descriptorsGiven = body.hasNonNull("role_descriptors");
            List<RoleDescriptor> descriptors = RoleDescriptorParser.parseMap(BodyFields.object(body, "role_descriptors"));
            Map<String, Object> metadata = ApiKeysApi.metadata(body);
            List<String> errors = new ArrayList<>(ApiKeyRequestValidator.update(metadata, descriptors));
            errors.addAll(ApiKeyRequestValidator.contentSize(contentBytes(body)));
            io.keygate.core.apikey.KeyGuards.of(metadata, errors);
            if (!errors.isEmpty()) throw EsException.validation(errors);
            return new UpdateSpec(expirationText, expiration, descriptorsGiven, descriptors, metadata);
        }
    }

    /** Only a user updates keys (its own); the owner's role snapshot is re-captured once per request. */
    private Future<List<RoleDescriptor>> updatableBy(Authentication auth) {
        if (auth.isApiKey()) {
            return Future.failedFuture(EsException.illegalArgument(
                    "authentication via API key not supported: only the owner user can update an API key"));
        }
        return ownerSnapshot(auth, true, List.of());
    }

    /** Updates one of the caller's keys; false when nothing changed. Refusals are EsExceptions (404, 400). */
    private Future<Boolean> updateOne(Authentication auth, String id, UpdateSpec spec, List<RoleDescriptor> limitedBy,
                                      String refresh) {
        return store.getWithHash(id).compose(stored -> {
            if (stored == null || !stored.key().ownedBy(ApiKeyOwnership.username(auth), ApiKeyOwnership.realm(auth))) {
                throw EsException.notFound("resource_not_found_exception", "no API key owned by requesting user found for ID [" + id + "]");
            }
            ApiKey old = stored.key();
            Instant now = clock.instant();
            if (old.invalidated()) throw EsException.illegalArgument("cannot update invalidated API key [" + id + "]");
            if (old.isExpired(now)) throw EsException.illegalArgument("cannot update expired API key [" + id + "]");
            String policyError = policy.updateError(id, spec.expirationText() != null ? spec.expiration() : null, old.expiration(), now);
            if (policyError != null) throw EsException.validation(List.of(policyError));
            ApiKey next = new ApiKey(id, old.name(), old.type(), old.creation(),
                    spec.expirationText() != null ? Expiration.at(now, spec.expiration()) : old.expiration(), false, null,
                    owner(auth), spec.metadata() != null ? spec.metadata() : old.metadata(),
                    spec.descriptorsGiven() ? spec.descriptors() : old.roleDescriptors(), limitedBy, old.usage());
            JsonNode rendered = ApiKeyJson.info(next, true);
            // what the key holds after the update, the parts it keeps included
            List<String> sizeError = ApiKeyRequestValidator.contentSize(contentBytes(rendered));
            if (!sizeError.isEmpty()) throw EsException.validation(sizeError);
            if (rendered.equals(ApiKeyJson.info(old, true)) && next.owner().equals(old.owner())) {
                return Future.succeededFuture(false);
            }
            return store.replace(next, stored, refresh).map(done -> {
                authenticator.evict(id);
                audit.apiKeyEvent("api_key_updated", auth, id, old.name());
                return true;
            });
        });
    }

    // ---- bulk update -------------------------------------------------------------------------------

    /** How many keys of one bulk update are read and written at a time. */
    private static final int BULK_UPDATE_CONCURRENCY = 16;

    /**
     * {@code POST /_security/api_key/_bulk_update}: the single update's rules, key by key; a key that
     * cannot be updated is reported in {@code errors} and the others go on. Writes do not wait for a
     * refresh each: one refresh at the end makes them all visible (unless {@code refresh=false}).
     */
    public Future<Reply> bulkUpdate(ApiRequest r) {
        JsonNode body = r.body();
        Set<String> fields = new java.util.HashSet<>(UPDATE_FIELDS);
        fields.add("ids");
        UpdateSpec spec = UpdateSpec.parse(body, fields, "bulk update api key request");
        List<String> requested = BodyFields.strings(body, "ids");
        if (requested == null) throw EsException.badRequest("x_content_parse_exception", "Required [ids]");
        List<String> errors = new ArrayList<>();
        if (requested.isEmpty()) errors.add("Field [ids] cannot be empty");
        for (int i = 0; i < requested.size(); i++) {
            if (requested.get(i).isBlank()) {
                errors.add("Field [ids] must not contain blank id, but got blank id at index position: [" + i + "]");
            }
        }
        if (!errors.isEmpty()) throw EsException.validation(errors);
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(requested));
        Authentication auth = r.authentication();
        String refresh = r.refresh();
        Map<String, Object> outcome = new java.util.concurrent.ConcurrentHashMap<>();
        return updatableBy(auth)
                .compose(limitedBy -> updateInBatches(auth, ids, 0, spec, limitedBy, outcome))
                .compose(v -> "false".equals(refresh) ? Future.<Void>succeededFuture() : store.refresh())
                .map(v -> {
                    ObjectNode out = Json.object();
                    ArrayNode updated = out.putArray("updated");
                    ArrayNode noops = out.putArray("noops");
                    ObjectNode details = Json.object();
                    for (String id : ids) {
                        Object o = outcome.get(id);
                        if (Boolean.TRUE.equals(o)) {
                            updated.add(id);
                        } else if (Boolean.FALSE.equals(o)) {
                            noops.add(id);
                        } else {
                            EsException e = o instanceof EsException es ? es
                                    : new EsException(500, "exception", "failed to update API key [" + id + "]");
                            details.putObject(id).put("type", e.type()).put("reason", e.reason());
                        }
                    }
                    if (!details.isEmpty()) {
                        ObjectNode errorsOut = out.putObject("errors");
                        errorsOut.put("count", details.size());
                        errorsOut.set("details", details);
                    }
                    return Reply.ok(out);
                });
    }

    private Future<Void> updateInBatches(Authentication auth, List<String> ids, int from, UpdateSpec spec,
                                         List<RoleDescriptor> limitedBy, Map<String, Object> outcome) {
        if (from >= ids.size()) return Future.succeededFuture();
        List<Future<Boolean>> batch = new ArrayList<>();
        for (String id : ids.subList(from, Math.min(ids.size(), from + BULK_UPDATE_CONCURRENCY))) {
            batch.add(updateOne(auth, id, spec, limitedBy, "false")
                    .onSuccess(updated -> outcome.put(id, updated))
                    .onFailure(e -> outcome.put(id, e)));
        }
        return Future.join(batch).transform(ignored -> updateInBatches(auth, ids, from + BULK_UPDATE_CONCURRENCY, spec, limitedBy, outcome));
    }

    // ---- shared ------------------------------------------------------------------------------------

    private static Map<String, Object> metadata(JsonNode body) {
        JsonNode node = BodyFields.object(body, "metadata");
        return node == null ? null : Json.MAPPER.convertValue(node, MAP);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
