package io.keygate.core.body;

/**
 * How much heap parsing a JSON body into a tree may take, told from its bytes before it is parsed, so that the node's
 * in-flight breaker can refuse (429) what it could not hold instead of running out of memory. A body's bytes say little
 * on their own: a megabyte of {@code ["a","a",…]} parses into a quarter of a million nodes, ~20 MB, while a megabyte-long
 * string takes about four. So the estimate counts both: the bytes (the parser's text buffers, growing by copies, and
 * the strings and big numbers it keeps) and every value the tree could hold (each {@code ,} {@code :} {@code [}
 * {@code {} may start one, in a string or not: more, never fewer). Calibrated on what a parse allocates
 * ({@code JsonFootprintTest}: the estimate is never below it, for the costliest shapes per byte).
 */
public final class JsonFootprint {
    /** Heap per byte of content: text buffers (two bytes a character, grown by copying), kept strings, big numbers. */
    static final int PER_BYTE = 7;
    /**
     * Heap per value: a node, its string or number, the slot that holds it, and for a key its map entry and the entry
     * that detects duplicate keys (with the tables' growth).
     */
    static final int PER_VALUE = 200;

    private JsonFootprint() {}

    /** An upper estimate of the bytes one parse of {@code json} allocates. */
    public static long estimate(byte[] json) {
        long values = 1;
        for (byte b : json) {
            if (b == ',' || b == ':' || b == '[' || b == '{') values++;
        }
        return PER_BYTE * (long) json.length + PER_VALUE * values;
    }
}
