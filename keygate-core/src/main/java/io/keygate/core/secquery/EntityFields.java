package io.keygate.core.secquery;

import io.keygate.core.apikey.query.ApiKeyFields;
import io.keygate.core.apikey.query.QueryFields;
import io.keygate.core.error.EsException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields of {@code _query/role} and {@code _query/user} as Elasticsearch exposes them
 * ({@code FieldNameTranslators}), mapped to the names Keygate stores them under. Anything else is
 * refused before a search runs, so a query never reaches a password hash or another document type.
 */
public final class EntityFields implements QueryFields {

    /** Roles: name, description, application privileges and metadata (sub-fields too). */
    public static final EntityFields ROLES = new EntityFields(
            ordered("name", "role_name", "description", "description",
                    "applications.application", "applications.application",
                    "applications.resources", "applications.resources",
                    "applications.privileges", "applications.privileges"),
            // description is analysed text, application fields are keywords: only the name and applications sort
            Set.of("description"), "metadata_flattened");

    /** Users: username, roles, enabled, full name and email; the last two cannot be sorted on, as in Elasticsearch. */
    public static final EntityFields USERS = new EntityFields(
            ordered("username", "username", "roles", "roles", "enabled", "enabled", "full_name", "full_name", "email", "email"),
            Set.of("full_name", "email"), null);

    private static final String METADATA = "metadata";

    private final Map<String, String> simple;
    private final Set<String> unsortable;
    private final String metadataStored;

    private EntityFields(Map<String, String> simple, Set<String> unsortable, String metadataStored) {
        this.simple = simple;
        this.unsortable = unsortable;
        this.metadataStored = metadataStored;
    }

    @Override
    public String translate(String field) {
        if (field == null) throw notAllowed("null");
        if (ApiKeyFields.isPattern(field)) {
            throw EsException.illegalArgument("Field name pattern [" + field + "] is not allowed for querying or aggregation");
        }
        String stored = simple.get(field);
        if (stored != null) return stored;
        if (metadataStored != null) {
            if (field.equals(METADATA)) return metadataStored;
            if (field.startsWith(METADATA + ".") && field.length() > METADATA.length() + 1) {
                return metadataStored + field.substring(METADATA.length());
            }
        }
        throw notAllowed(field);
    }

    @Override
    public Set<String> translatePattern(String fieldOrPattern) {
        Set<String> out = new LinkedHashSet<>();
        if (!ApiKeyFields.isPattern(fieldOrPattern)) {
            try {
                out.add(translate(fieldOrPattern));
            } catch (EsException unknown) {
                // simple_query_string is lenient about fields: an unknown one matches nothing
            }
            return out;
        }
        simple.forEach((name, stored) -> {
            if (ApiKeyFields.simpleMatch(fieldOrPattern, name)) out.add(stored);
        });
        if (metadataStored != null && ApiKeyFields.simpleMatch(fieldOrPattern, METADATA)) out.add(metadataStored);
        return out;
    }

    @Override
    public String translateSort(String field) {
        if ("_doc".equals(field)) return field;
        String stored = translate(field);
        if (unsortable.contains(field) || stored.equals(metadataStored)) {
            throw EsException.illegalArgument("sorting is not supported for field [" + field + "]");
        }
        return stored;
    }

    /** Public name → stored name pairs, in the order a field pattern lists them. */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }

    private static EsException notAllowed(String field) {
        return EsException.illegalArgument("Field [" + field + "] is not allowed for querying or aggregation");
    }
}
