package io.keygate.server.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds {@code '\n'} in a byte array eight bytes at a time (SWAR: a word-wide "has a zero byte" test on the word XOR
 * a word of newlines). Every byte of a bulk body is scanned once, so this loop is on the ingest path's critical line.
 */
final class NewlineScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private NewlineScan() {}

    /** The index of the first {@code '\n'} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long x = (long) LONGS.get(a, i) ^ NEWLINES; // a newline byte is now zero
            // the lowest set high bit marks the first zero byte exactly (carries only disturb bytes above it)
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            if (a[i] == '\n') return i;
        }
        return -1;
    }
}
