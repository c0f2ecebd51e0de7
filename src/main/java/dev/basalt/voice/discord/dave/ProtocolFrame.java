package dev.basalt.voice.discord.dave;

import dev.basalt.voice.discord.crypto.AesGcm;

/**
 * The layout of a received DAVE protocol frame after the frame check of spec 7.4: the media region, where its tag
 * sits, the 32-bit truncated nonce and the unencrypted ranges as {@code [offset, length, offset, length, …]}.
 */
record ProtocolFrame(int mediaLength, int tagOffset, int truncatedNonce, int[] clearRanges) {

    /** DAVE truncates the GCM tag to 8 bytes. */
    static final int TAG_LENGTH = 8;
    private static final int MIN_SIZE = TAG_LENGTH + 3;

    /** AES-128-GCM with DAVE's tag length for one generation's key. */
    static AesGcm cipher(byte[] key) {
        return new AesGcm(key, TAG_LENGTH);
    }

    /** The 12-byte GCM IV of a frame: eight zero bytes, then the 32-bit truncated nonce little-endian (spec 7.2). */
    static byte[] iv(int truncatedNonce, byte[] into) {
        for (int i = 0; i < 8; i++) {
            into[i] = 0;
        }
        into[8] = (byte) truncatedNonce;
        into[9] = (byte) (truncatedNonce >>> 8);
        into[10] = (byte) (truncatedNonce >>> 16);
        into[11] = (byte) (truncatedNonce >>> 24);
        return into;
    }

    /** Parses {@code frame[offset, offset+length)}, or throws {@link DaveFrameException} saying which rule failed. */
    static ProtocolFrame parse(byte[] frame, int offset, int length) {
        int end = offset + length;
        if (length < MIN_SIZE) {
            throw new DaveFrameException("not a DAVE protocol frame: " + length + " bytes, at least " + MIN_SIZE
                    + " needed");
        }
        if (frame[end - 1] != (byte) 0xFA || frame[end - 2] != (byte) 0xFA) {
            throw new DaveFrameException("not a DAVE protocol frame: no FA FA marker at the end");
        }
        int size = frame[end - 3] & 0xFF;
        if (size < MIN_SIZE || size > length) {
            throw new DaveFrameException("not a DAVE protocol frame: supplemental size " + size + " outside "
                    + MIN_SIZE + ".." + length);
        }
        int mediaLength = length - size;
        int tagOffset = offset + mediaLength;
        int sizeByte = end - 3;
        long nonceRead = Leb128.read(frame, tagOffset + TAG_LENGTH, sizeByte);
        if (nonceRead < 0) {
            throw new DaveFrameException("not a DAVE protocol frame: no 32-bit ULEB128 nonce after the tag");
        }
        int p = tagOffset + TAG_LENGTH + (int) (nonceRead >>> 32);
        int[] ranges = new int[0];
        int count = 0;
        long previousEnd = 0;
        while (p < sizeByte) {
            long rangeOffset = Leb128.read(frame, p, sizeByte);
            if (rangeOffset < 0) {
                throw new DaveFrameException("not a DAVE protocol frame: unreadable unencrypted range offset");
            }
            p += (int) (rangeOffset >>> 32);
            long rangeLength = Leb128.read(frame, p, sizeByte);
            if (rangeLength < 0) {
                throw new DaveFrameException("not a DAVE protocol frame: unreadable unencrypted range length");
            }
            p += (int) (rangeLength >>> 32);
            long start = rangeOffset & 0xFFFF_FFFFL;
            long stop = start + (rangeLength & 0xFFFF_FFFFL);
            if (start < previousEnd || stop > mediaLength) {
                throw new DaveFrameException("not a DAVE protocol frame: unencrypted range " + start + ".." + stop
                        + " overlaps, is out of order or leaves the " + mediaLength + "-byte media");
            }
            previousEnd = stop;
            if (count + 2 > ranges.length) {
                ranges = java.util.Arrays.copyOf(ranges, Math.max(4, ranges.length * 2));
            }
            ranges[count++] = (int) start;
            ranges[count++] = (int) (stop - start);
        }
        return new ProtocolFrame(mediaLength, tagOffset, (int) nonceRead,
                java.util.Arrays.copyOf(ranges, count));
    }

    int generation() {
        return truncatedNonce >>> 24;
    }
}
