package io.keygate.core.role;

import io.keygate.core.automaton.Patterns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/**
 * The restricted (system) indices: a role's index group matches them only with
 * {@code allow_restricted_indices: true}. The defaults follow Elasticsearch 8's system index
 * descriptors; extra patterns can be added.
 *
 * <p>Keygate's own security index ({@code .keygate-security*}) is restricted too, and more: no role
 * ever grants it, whatever its flags ({@link #isKeygateInternal}).
 */
public final class RestrictedIndices {

    /** Keygate's own state, never reachable through the proxy. */
    public static final String KEYGATE_INTERNAL_PATTERN = ".keygate-security*";

    /** Elasticsearch's system index patterns (security, Kibana, Fleet, ML, Watcher, ...). */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            ".security", ".security-*", ".security-tokens", ".security-profile",
            ".kibana", ".kibana_*", ".reporting-*", ".apm-agent-configuration*", ".apm-custom-link*",
            ".fleet-actions", ".fleet-actions~*", ".fleet-agents*", ".fleet-artifacts*", ".fleet-enrollment-api-keys*",
            ".fleet-policies*", ".fleet-servers*", ".fleet-secrets*",
            ".async-search*", ".tasks*", ".transform-internal-*",
            ".ml-config*", ".ml-meta*", ".ml-inference-*",
            ".watches*", ".triggered_watches*", ".geoip_databases*", ".logstash*", ".synonyms*", ".enrich-*",
            ".snapshot-blob-cache*", ".secrets-inference*", ".connector-secrets*", ".query-rules*",
            ".search-app-*", ".ent-search-*", ".inference*", ".slm-history-*-restricted",
            KEYGATE_INTERNAL_PATTERN);

    private static final Predicate<String> KEYGATE_INTERNAL = Patterns.predicate(List.of(KEYGATE_INTERNAL_PATTERN));
    private static final Automaton KEYGATE_INTERNAL_AUTOMATON = Patterns.automaton(List.of(KEYGATE_INTERNAL_PATTERN));

    private final List<String> patterns;
    private final Automaton automaton;
    private final Predicate<String> predicate;

    /** Elasticsearch's defaults. */
    public RestrictedIndices() {
        this(List.of());
    }

    /** Elasticsearch's defaults plus {@code extraPatterns}. */
    public RestrictedIndices(Collection<String> extraPatterns) {
        List<String> all = new ArrayList<>(DEFAULT_PATTERNS);
        all.addAll(extraPatterns);
        this.patterns = List.copyOf(all);
        this.automaton = Patterns.automaton(patterns);
        this.predicate = Patterns.predicate(patterns);
    }

    public List<String> patterns() { return patterns; }
    public Automaton automaton() { return automaton; }

    /** True if the concrete name is restricted. */
    public boolean isRestricted(String indexName) {
        return predicate.test(stripSelector(indexName));
    }

    /** True for Keygate's security index: never grantable, not even by a superuser role. */
    public static boolean isKeygateInternal(String indexName) {
        return KEYGATE_INTERNAL.test(stripSelector(indexName));
    }

    /** The automaton of Keygate's internal indices (subtracted from every grant). */
    public static Automaton keygateInternalAutomaton() {
        return KEYGATE_INTERNAL_AUTOMATON;
    }

    static String stripSelector(String name) {
        int i = name.indexOf("::");
        return i < 0 ? name : name.substring(0, i);
    }
}
