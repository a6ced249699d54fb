package io.keygate.core.privilege;

import java.util.regex.Pattern;

/**
 * Elasticsearch's naming rules for application privileges. Each check answers the error message, worded as
 * Elasticsearch words it, or null when the name is valid; callers gather the messages into one validation error.
 */
public final class ApplicationNames {

    private static final Pattern VALID_APPLICATION_PREFIX = Pattern.compile("^[a-z][A-Za-z0-9]*$");
    private static final Pattern WHITESPACE = Pattern.compile("[\\v\\h]");
    private static final Pattern VALID_NAME = Pattern.compile("^[a-z][a-zA-Z0-9_.-]*$");
    /** Printable, visible ASCII: letters, digits and symbols, no whitespace. */
    private static final Pattern VALID_NAME_OR_ACTION = Pattern.compile("^\\p{Graph}*$");
    /** Elasticsearch's file-name characters, as its {@code Strings.INVALID_FILENAME_CHARS} prints them. */
    private static final String INVALID_FILENAME_CHARS = "[' ','\"','*',',','/','<','>','?','\\','|']";

    private ApplicationNames() {}

    /**
     * An application name: a prefix of at least 3 letters or digits starting with a lowercase letter, optionally
     * {@code -} or {@code _} and a suffix without file-name special characters, no whitespace. With
     * {@code allowWildcard} (roles) {@code *} alone or a trailing {@code *} is accepted too; stored privileges and
     * {@code _has_privileges} name concrete applications.
     */
    public static String applicationError(String application, boolean allowWildcard) {
        if (application == null || application.isEmpty()) {
            return "Application names cannot be blank";
        }
        int asterisk = application.indexOf('*');
        if (asterisk != -1) {
            if (!allowWildcard) {
                return "Application names may not contain '*' (found '" + application + "')";
            }
            if (application.equals("*")) {
                return null;
            }
            if (asterisk != application.length() - 1) {
                return "Application name patterns only support trailing wildcards (found '" + application + "')";
            }
        }
        if (WHITESPACE.matcher(application).find()) {
            return "Application names may not contain whitespace (found '" + application + "')";
        }
        String[] parts = application.split("[_-]", 2);
        String prefix = parts[0];
        if (prefix.endsWith("*")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!VALID_APPLICATION_PREFIX.matcher(prefix).matches()) {
            return "An application name prefix must match the pattern " + VALID_APPLICATION_PREFIX.pattern()
                    + " (found '" + prefix + "')";
        }
        if (prefix.length() < 3 && asterisk == -1) {
            return "An application name prefix must be at least 3 characters long (found '" + prefix + "')";
        }
        if (parts.length > 1) {
            String suffix = parts[1];
            if (allowWildcard && suffix.endsWith("*")) {
                suffix = suffix.substring(0, suffix.length() - 1);
            }
            if (!validFileName(suffix)) {
                return "An application name suffix may not contain any of the characters '" + INVALID_FILENAME_CHARS
                        + "' (found '" + suffix + "')";
            }
        }
        return null;
    }

    /** A stored privilege's name: a lowercase letter, then letters, digits, {@code _ . -}. */
    public static String privilegeNameError(String name) {
        return isPrivilegeName(name) ? null
                : "Application privilege names must match the pattern " + VALID_NAME.pattern() + " (found '" + name + "')";
    }

    /**
     * True if the text is a privilege's name (looked up among the stored privileges); anything else in a role or a
     * check is an action pattern. An action therefore needs one of {@code / * :} or an upper-case first letter.
     */
    public static boolean isPrivilegeName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }

    /** What a role (or a check) may list as an application privilege: a name or an action, visible ASCII only. */
    public static String privilegeOrActionError(String name) {
        return VALID_NAME_OR_ACTION.matcher(name).matches() ? null
                : "Application privilege names and actions must match the pattern " + VALID_NAME_OR_ACTION.pattern()
                        + " (found '" + name + "')";
    }

    /** An action of a stored privilege: visible ASCII with one of {@code / * :}, so that it never reads as a name. */
    public static String actionError(String action) {
        if (action.indexOf('/') == -1 && action.indexOf('*') == -1 && action.indexOf(':') == -1) {
            return "action [" + action + "] must contain one of [ '/' , '*' , ':' ]";
        }
        return privilegeOrActionError(action);
    }

    private static boolean validFileName(String name) {
        for (int i = 0; i < name.length(); i++) {
            switch (name.charAt(i)) {
                case '\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',' -> {
                    return false;
                }
                default -> { }
            }
        }
        return true;
    }
}
