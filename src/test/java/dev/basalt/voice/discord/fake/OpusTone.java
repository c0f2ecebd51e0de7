package dev.basalt.voice.discord.fake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.natives.opus.OpusEncoder;

/** Real Opus for tests, encoded with lavaplayer's native encoder. */
public final class OpusTone {

    private OpusTone() {
    }

    /** {@code count} 20 ms Opus frames of a continuous sine, amplitude 0.5 of full scale, in both channels. */
    public static List<byte[]> sine(double frequency, int count) {
        OpusEncoder encoder = new OpusEncoder(48_000, 2, 10);
        try {
            ShortBuffer pcm = ByteBuffer.allocateDirect(960 * 2 * Short.BYTES).order(ByteOrder.nativeOrder())
                    .asShortBuffer();
            ByteBuffer out = ByteBuffer.allocateDirect(4000);
            List<byte[]> frames = new ArrayList<>();
            long n = 0;
            for (int f = 0; f < count; f++) {
                pcm.clear();
                for (int i = 0; i < 960; i++, n++) {
                    short s = (short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * frequency * n / 48_000.0));
                    pcm.put(s).put(s);
                }
                pcm.flip();
                int length = encoder.encode(pcm, 960, out);
                byte[] frame = new byte[length];
                out.get(frame);
                frames.add(frame);
            }
            return frames;
        } finally {
            encoder.close();
        }
    }
}
