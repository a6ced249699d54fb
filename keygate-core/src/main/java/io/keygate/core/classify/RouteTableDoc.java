package io.keygate.core.classify;

import io.keygate.core.privilege.ActionScope;

import java.util.List;
import java.util.stream.Collectors;

/** Renders the route table as the Markdown table of {@code docs/authorization.md} (kept in sync by a test). */
public final class RouteTableDoc {

    public static final String BEGIN = "<!-- BEGIN GENERATED ROUTE TABLE (RouteTableDoc; do not edit by hand) -->";
    public static final String END = "<!-- END GENERATED ROUTE TABLE -->";

    private RouteTableDoc() {}

    public static String markdown(RouteTable table) {
        StringBuilder sb = new StringBuilder();
        sb.append("| methods | path | actions | indices from | body |\n");
        sb.append("|---|---|---|---|---|\n");
        for (RouteTable.Route r : table.routes()) {
            String methods = r.methods().stream().sorted(RouteTableDoc::methodOrder).collect(Collectors.joining(", "));
            sb.append("| ").append(methods)
                    .append(" | `").append(r.template()).append('`')
                    .append(" | ").append(actions(r))
                    .append(" | ").append(indicesFrom(r))
                    .append(" | ").append(r.body() == BodyKind.NONE ? "" : r.body().name())
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static int methodOrder(String a, String b) {
        List<String> order = List.of("GET", "HEAD", "PUT", "POST", "DELETE");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    private static String actions(RouteTable.Route r) {
        String base = r.actions().isEmpty() ? "(none: authentication only)"
                : r.actions().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", "));
        return switch (r.special()) {
            case DOC_INDEX -> base + " + `" + ActionNames.BULK_SHARD + "` + `" + ActionNames.INDEX_OP_INDEX
                    + "` (with an id) or `" + ActionNames.INDEX_OP_CREATE + "` (no id, or `op_type=create`)";
            case DOC_CREATE -> base + " + `" + ActionNames.BULK_SHARD + "` + `" + ActionNames.INDEX_OP_CREATE + "`";
            case DOC_WRITE -> base + " + `" + ActionNames.BULK_SHARD + "`";
            case ALIAS_NAMES -> base + " (on the indices and on the alias names)";
            case FIRST_ACTION_COMPOSITE -> base + " (the first by name only, the others on the indices)";
            case NONE -> base;
        };
    }

    private static String indicesFrom(RouteTable.Route r) {
        String s;
        if (r.composite()) {
            s = switch (r.body()) {
                case BULK -> "each action line's `_index` (default: path, one name)";
                case MGET -> "each `docs[]._index` (default: path, one name)";
                case MSEARCH -> "each header's `index` (default: path expressions)";
                case REINDEX -> "body: `source.index` (search), `dest.index` (write)";
                case ALIASES -> "body: `actions[]` indices and aliases";
                default -> "none: action name only";
            };
        } else if (r.indexSegment() >= 0) {
            s = r.indexMode() == RouteTable.IndexMode.SINGLE ? "path, one name" : "path expressions";
        } else if (r.indexInsertAt() >= 0) {
            s = "all (path rewritten to the authorized names)";
        } else {
            s = r.actions().stream().anyMatch(ActionScope::isIndex) ? "none" : "— (cluster)";
        }
        if (r.destructive()) {
            s += " (no wildcard, no `_all`: destructive)";
        }
        return r.note() == null ? s : s + "; " + r.note();
    }
}
