package dev.basalt.voice.discord.crypto;

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha, section 2.2): the ChaCha20 block function without the final addition of the
 * input, keeping state words 0–3 and 12–15 as a 256-bit subkey. It turns XChaCha20's 24-byte nonce into a subkey
 * (from the first 16 nonce bytes) plus an ordinary ChaCha20 nonce, so the JDK's ChaCha20-Poly1305 can do the rest.
 */
final class HChaCha20 {

    static final int NONCE_LENGTH = 16;

    private HChaCha20() {
    }

    /** The key as eight little-endian words, computed once per session key. */
    static int[] keyWords(byte[] key) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = littleEndian(key, 4 * i);
        }
        return words;
    }

    /** Convenience for tests: the 32-byte subkey of {@code key} and the 16-byte {@code nonce}. */
    static byte[] subkey(byte[] key, byte[] nonce) {
        byte[] out = new byte[32];
        derive(keyWords(key), nonce, new int[16], out);
        return out;
    }

    /** Writes the subkey to {@code out[0, 32)}; {@code state} is 16 words of scratch, so nothing is allocated. */
    static void derive(int[] keyWords, byte[] nonce, int[] state, byte[] out) {
        // "expand 32-byte k"
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        System.arraycopy(keyWords, 0, state, 4, 8);
        for (int i = 0; i < 4; i++) {
            state[12 + i] = littleEndian(nonce, 4 * i);
        }
        for (int doubleRound = 0; doubleRound < 10; doubleRound++) {
            quarterRound(state, 0, 4, 8, 12);
            quarterRound(state, 1, 5, 9, 13);
            quarterRound(state, 2, 6, 10, 14);
            quarterRound(state, 3, 7, 11, 15);
            quarterRound(state, 0, 5, 10, 15);
            quarterRound(state, 1, 6, 11, 12);
            quarterRound(state, 2, 7, 8, 13);
            quarterRound(state, 3, 4, 9, 14);
        }
        for (int i = 0; i < 4; i++) {
            putLittleEndian(out, 4 * i, state[i]);
            putLittleEndian(out, 16 + 4 * i, state[12 + i]);
        }
    }

    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }

    private static int littleEndian(byte[] source, int offset) {
        return source[offset] & 0xFF | (source[offset + 1] & 0xFF) << 8
                | (source[offset + 2] & 0xFF) << 16 | (source[offset + 3] & 0xFF) << 24;
    }

    private static void putLittleEndian(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
