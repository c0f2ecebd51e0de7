package dev.basalt.voice.discord.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (NIST SP 800-38D) for one key with a 12-byte IV and a tag of 8 to 16 bytes, built from the JDK's AES block
 * function (counter mode over a once-initialised ECB cipher, which runs on AES-NI) and a table-driven GHASH.
 *
 * <p>The JDK's own GCM needs {@code Cipher.init} for every nonce, which builds a new engine and expands the key again
 * (about 1 KB of garbage per packet), and refuses tags under 12 bytes. This class needs neither, so sealing allocates
 * nothing. Both users are on the 20 ms path: the transport's AES-256-GCM (16-byte tag) and DAVE's AES-128-GCM frames
 * (8-byte tag). Not thread-safe: it carries scratch buffers.
 */
public final class AesGcm {

    private static final int BLOCK = 16;
    private static final int CHUNK_BLOCKS = 32;
    /** x^128 = x^7 + x^2 + x + 1 in GCM's reflected bit order, as the top byte of the high word. */
    private static final long R = 0xE100_0000_0000_0000L;
    /**
     * Reduction of the eight bits a one-byte right shift pushes out of the low word: bit value 0x80 was x^120 and
     * becomes x^128 = R, bit value 0x01 was x^127 and becomes x^135 = R·x^7.
     */
    private static final long[] REDUCE = new long[256];
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static {
        for (int rem = 0; rem < 256; rem++) {
            long r = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((rem & (0x80 >>> bit)) != 0) {
                    r ^= R >>> bit;
                }
            }
            REDUCE[rem] = r;
        }
    }

    private final Cipher aes;
    private final int tagLength;
    /** {@code b·H} for every byte b, its top bit being the coefficient of x^0 (4 KiB per key, 16 steps a block). */
    private final long[] tableHigh = new long[256];
    private final long[] tableLow = new long[256];
    private final byte[] counters = new byte[CHUNK_BLOCKS * BLOCK];
    private final byte[] stream = new byte[CHUNK_BLOCKS * BLOCK];
    private final byte[] tagMask = new byte[BLOCK];
    private final byte[] tag = new byte[BLOCK];
    private long yHigh;
    private long yLow;

    /** {@code key} of 16, 24 or 32 bytes; {@code tagLength} from 8 to 16. */
    public AesGcm(byte[] key, int tagLength) {
        if (tagLength < 8 || tagLength > BLOCK) {
            throw new IllegalArgumentException("GCM tags are 8 to 16 bytes here, not " + tagLength);
        }
        this.tagLength = tagLength;
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] h = aes.doFinal(new byte[BLOCK]);
            buildTable(readLong(h, 0), readLong(h, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot run AES: " + e.getMessage(), e);
        }
    }

    public int tagLength() {
        return tagLength;
    }

    /**
     * Encrypts {@code in[inOffset, +length)} into {@code out[outOffset, +length)} and writes the tag right after it.
     * {@code aad} may be empty, or the same array as {@code out} outside the range written. In place is fine when
     * both offsets are equal.
     */
    public void seal(byte[] iv, byte[] aad, int aadOffset, int aadLength, byte[] in, int inOffset, int length,
              byte[] out, int outOffset) {
        start(iv);
        hashPadded(aad, aadOffset, aadLength);
        crypt(iv, in, inOffset, length, out, outOffset);
        hashPadded(out, outOffset, length);
        finish(aadLength, length);
        System.arraycopy(tag, 0, out, outOffset + length, tagLength);
    }

    /**
     * Checks the tag of {@code in[inOffset, +length)} and, if it matches, decrypts it into {@code out}. Returns
     * false (and leaves {@code out} untouched) on a mismatch.
     */
    public boolean open(byte[] iv, byte[] aad, int aadOffset, int aadLength, byte[] in, int inOffset, int length,
                 byte[] receivedTag, int tagOffset, byte[] out, int outOffset) {
        start(iv);
        hashPadded(aad, aadOffset, aadLength);
        hashPadded(in, inOffset, length);
        finish(aadLength, length);
        int difference = 0;
        for (int i = 0; i < tagLength; i++) {
            difference |= tag[i] ^ receivedTag[tagOffset + i]; // constant time: no early exit
        }
        if (difference != 0) {
            return false;
        }
        crypt(iv, in, inOffset, length, out, outOffset);
        return true;
    }

    private void start(byte[] iv) {
        yHigh = 0;
        yLow = 0;
        writeCounterBlock(counters, 0, iv, 1);
        encryptBlocks(1, tagMask);
    }

    /** Counter mode from counter 2 (counter 1 masks the tag). */
    private void crypt(byte[] iv, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        int counter = 2;
        for (int done = 0; done < length; ) {
            int chunk = Math.min(length - done, CHUNK_BLOCKS * BLOCK);
            int blocks = (chunk + BLOCK - 1) / BLOCK;
            for (int b = 0; b < blocks; b++) {
                writeCounterBlock(counters, b * BLOCK, iv, counter++);
            }
            encryptBlocks(blocks, stream);
            int i = 0;
            for (; i + 8 <= chunk; i += 8) {
                int at = done + i;
                BIG_ENDIAN_LONG.set(out, outOffset + at,
                        (long) BIG_ENDIAN_LONG.get(in, inOffset + at) ^ (long) BIG_ENDIAN_LONG.get(stream, i));
            }
            for (; i < chunk; i++) {
                out[outOffset + done + i] = (byte) (in[inOffset + done + i] ^ stream[i]);
            }
            done += chunk;
        }
    }

    private void encryptBlocks(int blocks, byte[] target) {
        try {
            aes.update(counters, 0, blocks * BLOCK, target, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IV ‖ 32-bit big-endian block counter. */
    private static void writeCounterBlock(byte[] target, int offset, byte[] iv, int counter) {
        System.arraycopy(iv, 0, target, offset, 12);
        target[offset + 12] = (byte) (counter >>> 24);
        target[offset + 13] = (byte) (counter >>> 16);
        target[offset + 14] = (byte) (counter >>> 8);
        target[offset + 15] = (byte) counter;
    }

    /** GHASH over {@code data}, zero-padded to whole blocks. */
    private void hashPadded(byte[] data, int offset, int length) {
        int end = offset + length;
        int p = offset;
        for (; p + BLOCK <= end; p += BLOCK) {
            absorb(readLong(data, p), readLong(data, p + 8));
        }
        if (p < end) {
            long high = 0;
            long low = 0;
            for (int i = 0; i < BLOCK; i++) {
                long b = p + i < end ? data[p + i] & 0xFF : 0;
                if (i < 8) {
                    high |= b << (56 - 8 * i);
                } else {
                    low |= b << (56 - 8 * (i - 8));
                }
            }
            absorb(high, low);
        }
    }

    private void finish(int aadLength, int length) {
        absorb((long) aadLength * 8, (long) length * 8);
        for (int i = 0; i < BLOCK; i++) {
            long word = i < 8 ? yHigh : yLow;
            int shift = 56 - 8 * (i & 7);
            tag[i] = (byte) (((word >>> shift) & 0xFF) ^ (tagMask[i] & 0xFF));
        }
    }

    /** Y = (Y xor X) · H, by Horner's rule over the 16 bytes of the block, highest powers (last byte) first. */
    private void absorb(long xHigh, long xLow) {
        long aHigh = yHigh ^ xHigh;
        long aLow = yLow ^ xLow;
        long zHigh = 0;
        long zLow = 0;
        long[] th = tableHigh;
        long[] tl = tableLow;
        for (int i = 0; i < 16; i++) {
            int b = (int) ((i < 8 ? aLow : aHigh) >>> ((i & 7) << 3)) & 0xFF;
            int rem = (int) zLow & 0xFF;
            zLow = ((zLow >>> 8) | (zHigh << 56)) ^ tl[b];
            zHigh = (zHigh >>> 8) ^ REDUCE[rem] ^ th[b];
        }
        yHigh = zHigh;
        yLow = zLow;
    }

    private void buildTable(long hHigh, long hLow) {
        // 0x80 (top bit) is x^0 = H itself; 0x40 … 0x01 are H·x … H·x^7
        long high = hHigh;
        long low = hLow;
        for (int n = 0x80; n > 0; n >>>= 1) {
            tableHigh[n] = high;
            tableLow[n] = low;
            boolean carry = (low & 1) != 0;
            low = (low >>> 1) | (high << 63);
            high = (high >>> 1) ^ (carry ? R : 0);
        }
        for (int n = 1; n < 256; n++) {
            if (Integer.bitCount(n) > 1) {
                int top = Integer.highestOneBit(n);
                tableHigh[n] = tableHigh[top] ^ tableHigh[n ^ top];
                tableLow[n] = tableLow[top] ^ tableLow[n ^ top];
            }
        }
    }

    private static long readLong(byte[] b, int offset) {
        return (long) BIG_ENDIAN_LONG.get(b, offset);
    }
}
