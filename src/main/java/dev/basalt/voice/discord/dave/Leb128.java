package dev.basalt.voice.discord.dave;

/** Unsigned LEB128 as DAVE's supplemental data uses it: 7 bits per byte, low group first, high bit = more. */
final class Leb128 {

    /** Longest encoding of a 32-bit value. */
    static final int MAX_INT_LENGTH = 5;

    private Leb128() {
    }

    static int length(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    static int write(long value, byte[] out, int offset) {
        long v = value;
        while (true) {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            if (v == 0) {
                out[offset++] = (byte) b;
                return offset;
            }
            out[offset++] = (byte) (b | 0x80);
        }
    }

    /**
     * Reads a value from {@code in[offset, end)} that must fit 32 unsigned bits. Returns
     * {@code value | (bytesRead << 32)}, or -1 if the bytes end first or the value is too big.
     */
    static long read(byte[] in, int offset, int end) {
        long value = 0;
        for (int i = 0; offset + i < end && i < MAX_INT_LENGTH; i++) {
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value > 0xFFFF_FFFFL ? -1 : value | ((long) (i + 1) << 32);
            }
        }
        return -1;
    }
}
