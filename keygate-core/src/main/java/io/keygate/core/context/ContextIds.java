package io.keygate.core.context;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps backend scroll and PIT ids into signed Keygate ids and back. The text is base64url (no padding) of
 * {@code payload || HMAC-SHA256(key, payload)}, the payload a version byte, the kind, the owner, the indices and the
 * backend id. One key, shared by every node through the security index, so any node verifies what another handed out.
 * An id that does not verify (edited, truncated, signed with another key, or a raw backend id) is simply unknown.
 */
public final class ContextIds {
    private static final int VERSION = 1;
    private static final int MAC_LENGTH = 32;
    /** Longest id accepted for decoding: a PIT over thousands of indices stays well below. */
    private static final int MAX_TEXT = 1 << 20;

    private final SecretKeySpec key;

    public ContextIds(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the context signing key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** A node-local key: fine for one node; a cluster of nodes must share one ({@code ContextKeyStore}). */
    public static ContextIds random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ContextIds(key);
    }

    public String wrap(ContextId id) {
        byte[] payload = encode(id);
        byte[] out = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
        System.arraycopy(mac(payload), 0, out, payload.length, MAC_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The context, if {@code text} is an id this key signed; empty for anything else. */
    public Optional<ContextId> unwrap(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length <= MAC_LENGTH) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - MAC_LENGTH);
        byte[] given = Arrays.copyOfRange(raw, raw.length - MAC_LENGTH, raw.length);
        if (!MessageDigest.isEqual(mac(payload), given)) { // constant time
            return Optional.empty();
        }
        return decode(payload);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] encode(ContextId id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(id.kind().ordinal());
            writeString(out, id.owner());
            out.writeInt(id.indices().size());
            for (String index : id.indices()) writeString(out, index);
            writeString(out, id.backendId());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static Optional<ContextId> decode(byte[] payload) {
        // signed by us, so well-formed; still read defensively
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) return Optional.empty();
            int kind = in.readByte();
            if (kind < 0 || kind >= ContextId.Kind.values().length) return Optional.empty();
            String owner = readString(in);
            int n = in.readInt();
            if (n < 0 || n > payload.length) return Optional.empty();
            List<String> indices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) indices.add(readString(in));
            String backendId = readString(in);
            if (in.available() != 0) return Optional.empty();
            return Optional.of(new ContextId(ContextId.Kind.values()[kind], owner, indices, backendId));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    // length-prefixed UTF-8: writeUTF stops at 64 KiB, a backend id or a long index list may not
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("bad length");
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }
}
