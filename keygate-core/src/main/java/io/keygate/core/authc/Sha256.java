package io.keygate.core.authc;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Salted SHA-256 with one digest object per thread: a cached credential is checked with one hash on every request, and
 * {@code MessageDigest.getInstance} (a provider lookup and an algorithm-constraints check that builds strings) cost more
 * than the hash itself and ~900 bytes of garbage per request.
 */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private Sha256() {
    }

    /** SHA-256 of {@code salt} followed by {@code data}. */
    public static byte[] of(byte[] salt, byte[] data) {
        return of(salt, ByteBuffer.wrap(data));
    }

    /** SHA-256 of {@code salt} followed by the remaining bytes of {@code data}. */
    public static byte[] of(byte[] salt, ByteBuffer data) {
        MessageDigest md = DIGEST.get();
        md.reset(); // a digest interrupted by an exception must not leak into the next one
        md.update(salt);
        md.update(data);
        return md.digest();
    }
}
