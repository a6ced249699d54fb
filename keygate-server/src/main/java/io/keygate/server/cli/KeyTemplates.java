package io.keygate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The ready-made role descriptors for shippers: one definition ({@code io/keygate/server/ui/key-templates.json}), read
 * by the web UI's create-key screen and by {@code keygate apikey create --template} alike.
 */
public final class KeyTemplates implements Iterable<KeyTemplates.Template> {
    static final String RESOURCE = "io/keygate/server/ui/key-templates.json";

    /** A template as the UI shows it: id, label, what it is for, and the role descriptors it grants. */
    public record Template(String id, String label, String description, JsonNode descriptors) {}

    private static final KeyTemplates ALL = load();
    private final List<Template> templates;

    private KeyTemplates(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    public static KeyTemplates all() {
        return ALL;
    }

    public Optional<Template> byId(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return templates.stream().map(Template::id).toList();
    }

    @Override
    public Iterator<Template> iterator() {
        return templates.iterator();
    }

    private static KeyTemplates load() {
        try (InputStream in = KeyTemplates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            List<Template> list = new ArrayList<>();
            for (JsonNode t : new ObjectMapper().readTree(in)) {
                list.add(new Template(t.path("id").asText(), t.path("label").asText(), t.path("description").asText(),
                        t.path("descriptors")));
            }
            return new KeyTemplates(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For picocli's completion and {@code --help}: the template ids. */
    public static final class Ids implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ALL.ids().iterator();
        }
    }
}
