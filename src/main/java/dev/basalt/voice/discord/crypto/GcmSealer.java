package dev.basalt.voice.discord.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag that allocates nothing per packet.
 *
 * <p>The JDK's GCM cipher must be initialised for every nonce, and each {@code Cipher.init} builds a new GCM engine
 * and expands the AES key again: at thousands of packets a second that was the audio path's largest source of garbage.
 * Here the key is expanded once (an AES/ECB cipher, which the JDK runs on AES-NI), the counter blocks of a packet are
 * encrypted with one ECB call, and GHASH runs on a per-key 4-bit table (Shoup's method, 256 bytes).
 * Not thread-safe: one instance per sending thread.
 */
final class GcmSealer {

    private static final int BLOCK = 16;
    /** Reduction of the four bits shifted out per step, pre-multiplied by the GCM polynomial (x^128 + x^7 + x^2 + x + 1). */
    private static final long[] LAST4 = {
            0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
            0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0};

    private final Cipher aes;
    /** Multiples of the hash key H by every 4-bit value, high and low halves. */
    private final long[] tableHigh = new long[16];
    private final long[] tableLow = new long[16];
    /** Counter blocks in, key stream out; block 0 is J0, whose key stream masks the tag. */
    private byte[] counters = new byte[2048];
    private byte[] keyStream = new byte[2048];
    private long hashHigh;
    private long hashLow;

    GcmSealer(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] h = aes.doFinal(new byte[BLOCK]);
            buildTable(readLong(h, 0), readLong(h, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/ECB/NoPadding", e);
        }
    }

    /**
     * Encrypts {@code data[offset + aadLength, + plaintextLength)} in place, authenticating {@code data[offset,
     * offset + aadLength)}, and writes the 16-byte tag right after the ciphertext. Returns ciphertext + tag length.
     */
    int seal(byte[] nonce12, byte[] data, int offset, int aadLength, int plaintextLength) {
        int blocks = (plaintextLength + BLOCK - 1) / BLOCK;
        int streamLength = (blocks + 1) * BLOCK;
        if (counters.length < streamLength) {
            counters = new byte[streamLength];
            keyStream = new byte[streamLength];
        }
        for (int b = 0; b <= blocks; b++) {
            int at = b * BLOCK;
            System.arraycopy(nonce12, 0, counters, at, 12);
            writeInt(counters, at + 12, b + 1); // J0 = nonce ‖ 1, then inc32
        }
        try {
            aes.update(counters, 0, streamLength, keyStream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // sized above
        }
        int text = offset + aadLength;
        for (int i = 0; i < plaintextLength; i++) {
            data[text + i] ^= keyStream[BLOCK + i];
        }
        hashHigh = 0;
        hashLow = 0;
        absorb(data, offset, aadLength);
        absorb(data, text, plaintextLength);
        hashHigh ^= (long) aadLength * 8;
        hashLow ^= (long) plaintextLength * 8;
        multiplyByH();
        int tag = text + plaintextLength;
        writeLong(data, tag, hashHigh ^ readLong(keyStream, 0));
        writeLong(data, tag + 8, hashLow ^ readLong(keyStream, 8));
        return plaintextLength + BLOCK;
    }

    /** GHASH over {@code length} bytes, the last block zero-padded. */
    private void absorb(byte[] data, int offset, int length) {
        int end = offset + length;
        int at = offset;
        for (; at + BLOCK <= end; at += BLOCK) {
            hashHigh ^= readLong(data, at);
            hashLow ^= readLong(data, at + 8);
            multiplyByH();
        }
        if (at < end) {
            long high = 0;
            long low = 0;
            for (int i = 0; at + i < end; i++) {
                long b = data[at + i] & 0xFFL;
                if (i < 8) {
                    high |= b << (56 - 8 * i);
                } else {
                    low |= b << (56 - 8 * (i - 8));
                }
            }
            hashHigh ^= high;
            hashLow ^= low;
            multiplyByH();
        }
    }

    /** hash = hash · H in GF(2^128), four bits at a time from the last byte to the first. */
    private void multiplyByH() {
        long xh = hashHigh;
        long xl = hashLow;
        int last = (int) (xl & 0xF);
        long zh = tableHigh[last];
        long zl = tableLow[last];
        for (int i = 15; i >= 0; i--) {
            int b = (int) ((i < 8 ? xh >>> (56 - 8 * i) : xl >>> (56 - 8 * (i - 8))) & 0xFF);
            if (i != 15) {
                int rem = (int) (zl & 0xF);
                zl = (zh << 60) | (zl >>> 4);
                zh = (zh >>> 4) ^ (LAST4[rem] << 48);
                zh ^= tableHigh[b & 0xF];
                zl ^= tableLow[b & 0xF];
            }
            int rem = (int) (zl & 0xF);
            zl = (zh << 60) | (zl >>> 4);
            zh = (zh >>> 4) ^ (LAST4[rem] << 48);
            zh ^= tableHigh[b >>> 4];
            zl ^= tableLow[b >>> 4];
        }
        hashHigh = zh;
        hashLow = zl;
    }

    private void buildTable(long hh, long hl) {
        long vh = hh;
        long vl = hl;
        tableHigh[8] = vh;
        tableLow[8] = vl;
        for (int i = 4; i > 0; i >>= 1) {
            long reduce = (vl & 1) * 0xE100000000000000L;
            vl = (vh << 63) | (vl >>> 1);
            vh = (vh >>> 1) ^ reduce;
            tableHigh[i] = vh;
            tableLow[i] = vl;
        }
        for (int i = 2; i <= 8; i *= 2) {
            for (int j = 1; j < i; j++) {
                tableHigh[i + j] = tableHigh[i] ^ tableHigh[j];
                tableLow[i + j] = tableLow[i] ^ tableLow[j];
            }
        }
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFFL);
        }
        return v;
    }

    private static void writeLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
