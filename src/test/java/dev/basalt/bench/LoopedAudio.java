package dev.basalt.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Long tracks made from the short test fixtures, so a benchmark plays steadily for minutes without restarting
 * tracks (a restart costs a few nulled frames that would count against the node) and without a multi-megabyte
 * file in the repository.
 *
 * <ul>
 *   <li>MP3: the MPEG frames of {@code sine-440hz-30s.mp3} (ID3 tag and LAME Info frame dropped) repeated: a plain
 *   CBR stream, which lavaplayer sizes from its bitrate and length.</li>
 *   <li>Ogg Opus: the header pages of {@code sine-440hz-2s.opus} once, then its audio pages repeated with the page
 *   sequence numbers, granule positions, end-of-stream flag and CRC rewritten: one valid logical stream whose Opus
 *   packets are byte for byte those of the fixture.</li>
 * </ul>
 */
public final class LoopedAudio {

    static final String MP3_FIXTURE = "sine-440hz-30s.mp3";
    static final String OPUS_FIXTURE = "sine-440hz-2s.opus";

    private LoopedAudio() {
    }

    static byte[] fixture(String name) {
        try (InputStream in = LoopedAudio.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ MP3

    /** The MPEG audio frames of an MP3 file: no ID3v2/ID3v1 tags, no Xing/Info frame. */
    static byte[] mp3Frames(byte[] file) {
        int pos = 0;
        if (file.length > 10 && file[0] == 'I' && file[1] == 'D' && file[2] == '3') {
            int size = ((file[6] & 0x7F) << 21) | ((file[7] & 0x7F) << 14) | ((file[8] & 0x7F) << 7) | (file[9] & 0x7F);
            pos = 10 + size + ((file[5] & 0x10) != 0 ? 10 : 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        boolean first = true;
        while (pos + 4 <= file.length) {
            int header = ByteBuffer.wrap(file, pos, 4).getInt();
            int length = mpeg1Layer3FrameLength(header);
            if (length <= 0 || pos + length > file.length) {
                break;
            }
            if (first && isInfoFrame(file, pos, header)) {
                first = false;
                pos += length;
                continue;
            }
            first = false;
            out.write(file, pos, length);
            pos += length;
        }
        if (out.size() == 0) {
            throw new IllegalStateException("no MPEG-1 Layer III frames found");
        }
        return out.toByteArray();
    }

    private static int mpeg1Layer3FrameLength(int header) {
        if ((header >>> 21) != 0x7FF || ((header >>> 19) & 3) != 3 || ((header >>> 17) & 3) != 1) {
            return -1;
        }
        int[] kbps = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
        int[] rates = {44100, 48000, 32000, 0};
        int bitrate = kbps[(header >>> 12) & 0xF] * 1000;
        int rate = rates[(header >>> 10) & 3];
        if (bitrate == 0 || rate == 0) {
            return -1;
        }
        return 144 * bitrate / rate + ((header >>> 9) & 1);
    }

    private static boolean isInfoFrame(byte[] file, int pos, int header) {
        boolean mono = ((header >>> 6) & 3) == 3;
        int tag = pos + 4 + (mono ? 17 : 32);
        if (tag + 4 > file.length) {
            return false;
        }
        String id = new String(file, tag, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return id.equals("Xing") || id.equals("Info");
    }

    /** The fixture's frames repeated until at least {@code seconds} long (128 kbit/s: 16 000 bytes a second). */
    public static byte[] loopedMp3(int seconds) {
        byte[] frames = mp3Frames(fixture(MP3_FIXTURE));
        int loops = Math.max(1, (int) Math.ceil(seconds * 16_000.0 / frames.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames.length * loops);
        for (int i = 0; i < loops; i++) {
            out.write(frames, 0, frames.length);
        }
        return out.toByteArray();
    }

    // ----------------------------------------------------------------------------------------------- Ogg

    /** One Ogg page, parsed. */
    record Page(int flags, long granule, int serial, byte[] segments, byte[] body) {

        boolean endsPacket() {
            return segments.length > 0 && (segments[segments.length - 1] & 0xFF) < 255;
        }

        /** The packets that complete in this page (continued packets are not needed here: none span pages). */
        List<byte[]> packets() {
            List<byte[]> packets = new ArrayList<>();
            int offset = 0;
            int length = 0;
            for (byte segment : segments) {
                length += segment & 0xFF;
                if ((segment & 0xFF) < 255) {
                    byte[] packet = new byte[length];
                    System.arraycopy(body, offset, packet, 0, length);
                    packets.add(packet);
                    offset += length;
                    length = 0;
                }
            }
            return packets;
        }
    }

    static List<Page> oggPages(byte[] file) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos + 27 <= file.length) {
            if (file[pos] != 'O' || file[pos + 1] != 'g' || file[pos + 2] != 'g' || file[pos + 3] != 'S') {
                throw new IllegalStateException("no Ogg page at byte " + pos);
            }
            int flags = file[pos + 5] & 0xFF;
            long granule = in.getLong(pos + 6);
            int serial = in.getInt(pos + 14);
            int count = file[pos + 26] & 0xFF;
            byte[] segments = new byte[count];
            System.arraycopy(file, pos + 27, segments, 0, count);
            int bodyLength = 0;
            for (byte s : segments) {
                bodyLength += s & 0xFF;
            }
            byte[] body = new byte[bodyLength];
            System.arraycopy(file, pos + 27 + count, body, 0, bodyLength);
            pages.add(new Page(flags, granule, serial, segments, body));
            pos += 27 + count + bodyLength;
        }
        return pages;
    }

    /** Header pages: the page(s) up to and including the one that completes the OpusTags packet. */
    private static int headerPages(List<Page> pages) {
        int completed = 0;
        for (int i = 0; i < pages.size(); i++) {
            for (byte segment : pages.get(i).segments()) {
                if ((segment & 0xFF) < 255) {
                    completed++;
                }
            }
            if (completed >= 2) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no OpusHead/OpusTags headers");
    }

    /** The Ogg Opus fixture's audio pages repeated until at least {@code seconds} long. */
    static byte[] loopedOpus(int seconds) {
        List<Page> pages = oggPages(fixture(OPUS_FIXTURE));
        int headers = headerPages(pages);
        List<Page> audio = pages.subList(headers, pages.size());
        for (Page page : audio) {
            if (!page.endsPacket()) {
                throw new IllegalStateException("an Opus packet spans pages; the looper does not handle that");
            }
        }
        long loopGranule = audio.get(audio.size() - 1).granule();
        int loops = Math.max(1, (int) Math.ceil(seconds * 48_000.0 / loopGranule));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sequence = 0;
        for (int i = 0; i < headers; i++) {
            Page p = pages.get(i);
            writePage(out, p.flags(), p.granule(), p.serial(), sequence++, p.segments(), p.body());
        }
        for (int loop = 0; loop < loops; loop++) {
            for (int i = 0; i < audio.size(); i++) {
                Page p = audio.get(i);
                boolean last = loop == loops - 1 && i == audio.size() - 1;
                int flags = (p.flags() & ~0x04) | (last ? 0x04 : 0);
                writePage(out, flags, p.granule() + loop * loopGranule, p.serial(), sequence++, p.segments(),
                        p.body());
            }
        }
        return out.toByteArray();
    }

    /** Base64 of every Opus audio packet of the passthrough fixture. */
    static Set<String> opusPackets() {
        List<Page> pages = oggPages(fixture(OPUS_FIXTURE));
        Set<String> packets = new HashSet<>();
        for (Page page : pages.subList(headerPages(pages), pages.size())) {
            for (byte[] packet : page.packets()) {
                packets.add(Base64.getEncoder().encodeToString(packet));
            }
        }
        return packets;
    }

    private static void writePage(ByteArrayOutputStream out, int flags, long granule, int serial, int sequence,
                                  byte[] segments, byte[] body) {
        ByteBuffer page = ByteBuffer.allocate(27 + segments.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put((byte) 'O').put((byte) 'g').put((byte) 'g').put((byte) 'S').put((byte) 0).put((byte) flags)
                .putLong(granule).putInt(serial).putInt(sequence).putInt(0).put((byte) segments.length)
                .put(segments).put(body);
        byte[] bytes = page.array();
        int crc = oggCrc(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        out.write(bytes, 0, bytes.length);
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int j = 0; j < 8; j++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            CRC_TABLE[i] = r;
        }
    }

    /** Ogg's CRC-32: polynomial 0x04C11DB7, no reflection, initial value and final XOR 0. */
    static int oggCrc(byte[] page) {
        int crc = 0;
        for (byte b : page) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }
}
