package io.keygate.server.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NewlineScanTest {

    private static int naive(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) if (a[i] == '\n') return i;
        return -1;
    }

    @Test
    void findsTheFirstNewlineInEveryWindow() {
        String[] cases = {"", "\n", "a", "abcdefg\n", "abcdefgh\n", "{\"create\":{}}\n{\"a\":1}\n", "no newline at all in this line",
                "\n\n\n\n\n\n\n\n\n", "x\u00e9\u4e2d\n\u00ff\n"};
        for (String c : cases) {
            byte[] a = c.getBytes(StandardCharsets.UTF_8);
            for (int from = 0; from <= a.length; from++) {
                for (int to = from; to <= a.length; to++) {
                    assertEquals(naive(a, from, to), NewlineScan.indexOf(a, from, to), c + " [" + from + ", " + to + ")");
                }
            }
        }
    }

    @Test
    void agreesWithAByteLoopOnBytesOfEveryValue() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            byte[] a = new byte[1 + random.nextInt(200)];
            random.nextBytes(a);
            // many newlines, and 0x8A (a newline with the high bit set), which a wrong word test would take for one
            for (int k = 0; k < a.length / 10; k++) a[random.nextInt(a.length)] = (byte) (random.nextBoolean() ? 0x0A : 0x8A);
            int from = random.nextInt(a.length), to = from + random.nextInt(a.length - from + 1);
            assertEquals(naive(a, from, to), NewlineScan.indexOf(a, from, to));
        }
    }
}
