package io.keygate.core.authc;

/** The realm that authenticated (or looked up) a subject, e.g. {@code reserved/reserved}, {@code native/native}. */
public record RealmRef(String name, String type) {
    public static final RealmRef RESERVED = new RealmRef("reserved", "reserved");
    public static final RealmRef NATIVE = new RealmRef("default_native", "native");
    public static final RealmRef API_KEY = new RealmRef("_es_api_key", "_es_api_key");
}
