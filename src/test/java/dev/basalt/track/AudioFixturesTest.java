package dev.basalt.track;

import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checks the generated fixtures in src/test/resources/audio (see the README there) are what later playback
 * tests assume: lavaplayer probes each one, reports the right length and tags, and decodes a 440 Hz tone at
 * about -6 dBFS. A broken fixture should fail here, not as a puzzling playback-test failure.
 */
class AudioFixturesTest {

    private static final int SAMPLE_RATE = 48_000;
    private static final int CHANNELS = 2;
    private static final int FRAMES_PER_SECOND = 50; // lavaplayer frames are 20 ms

    enum Fixture {
        MP3_2S("sine-440hz-2s.mp3", 2_000, true),
        OGG_VORBIS_2S("sine-440hz-2s.ogg", 2_000, true),
        // The WAV carries a LIST/INFO title and artist, but lavaplayer's WAV reader ignores them.
        WAV_2S("sine-440hz-2s.wav", 2_000, false),
        FLAC_2S("sine-440hz-2s.flac", 2_000, true),
        OGG_OPUS_2S("sine-440hz-2s.opus", 2_000, true),
        MP3_30S("sine-440hz-30s.mp3", 30_000, true),
        OGG_OPUS_30S("sine-440hz-30s.opus", 30_000, true);

        final String file;
        final long lengthMs;
        final boolean tagsVisibleToLavaplayer;

        Fixture(String file, long lengthMs, boolean tagsVisibleToLavaplayer) {
            this.file = file;
            this.lengthMs = lengthMs;
            this.tagsVisibleToLavaplayer = tagsVisibleToLavaplayer;
        }

        Path path() throws Exception {
            URL resource = AudioFixturesTest.class.getResource("/audio/" + file);
            assertThat(resource).as("fixture %s on the test classpath", file).isNotNull();
            return Path.of(resource.toURI());
        }
    }

    private static AudioPlayerManager manager;

    @BeforeAll
    static void createManager() {
        manager = new DefaultAudioPlayerManager();
        manager.getConfiguration().setOutputFormat(StandardAudioDataFormats.DISCORD_PCM_S16_BE);
        manager.registerSourceManager(new LocalAudioSourceManager());
    }

    @AfterAll
    static void shutdown() {
        manager.shutdown();
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void loadsAsATrackWithTheExpectedInfo(Fixture fixture) throws Exception {
        Path path = fixture.path();
        assertThat(Files.size(path)).as("kept small for the repository").isLessThan(600 * 1024);

        AudioTrackInfo info = load(path).getInfo();

        // Lossy encoders pad the end (an MP3 frame is 24 ms at 48 kHz), hence the tolerance.
        assertThat(info.length).isCloseTo(fixture.lengthMs, within(100L));
        assertThat(info.isStream).isFalse();
        assertThat(info.identifier).isEqualTo(path.toString());
        if (fixture.tagsVisibleToLavaplayer) {
            assertThat(info.title).isEqualTo("Basalt Test Tone");
            assertThat(info.author).isEqualTo("Basalt");
        } else {
            assertThat(info.title).isEqualTo("Unknown title");
            assertThat(info.author).isEqualTo("Unknown artist");
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void decodesToA440HzToneAtAboutMinus6Dbfs(Fixture fixture) throws Exception {
        short[] pcm = decodeFirstSecond(load(fixture.path()));

        // Skip the first 100 ms: MP3 and Opus start with encoder delay (silence and a fade-in).
        int from = SAMPLE_RATE / 10;
        for (int channel = 0; channel < CHANNELS; channel++) {
            assertThat(dominantFrequency(pcm, channel, from)).as("channel %d frequency", channel)
                    .isCloseTo(440.0, within(5.0));
            assertThat(peakDbfs(pcm, channel, from)).as("channel %d peak level", channel)
                    .isCloseTo(-6.0, within(1.0));
        }
    }

    private static AudioTrack load(Path path) {
        AudioItem item = manager.loadItemSync(new AudioReference(path.toString(), null));
        assertThat(item).as("load result for %s", path).isInstanceOf(AudioTrack.class);
        return (AudioTrack) item;
    }

    /** Interleaved stereo samples of the first second, as a Discord-bound player would produce them. */
    private static short[] decodeFirstSecond(AudioTrack track) throws Exception {
        AudioPlayer player = manager.createPlayer();
        try {
            assertThat(player.startTrack(track, false)).isTrue();
            short[] pcm = new short[SAMPLE_RATE * CHANNELS];
            int filled = 0;
            for (int i = 0; i < FRAMES_PER_SECOND; i++) {
                // The blocking variant waits for the decoder thread instead of racing it.
                AudioFrame frame = player.provide(5, TimeUnit.SECONDS);
                assertThat(frame).as("frame %d", i).isNotNull();
                assertThat(frame.isTerminator()).as("track ended at frame %d", i).isFalse();
                assertThat(frame.getFormat()).isEqualTo(StandardAudioDataFormats.DISCORD_PCM_S16_BE);
                byte[] data = frame.getData();
                for (int b = 0; b + 1 < data.length; b += 2) {
                    pcm[filled++] = (short) ((data[b] << 8) | (data[b + 1] & 0xFF));
                }
            }
            assertThat(filled).isEqualTo(pcm.length);
            return pcm;
        } finally {
            player.destroy();
        }
    }

    /**
     * Frequency from rising zero crossings, interpolated to sub-sample precision. Only rising crossings
     * are counted so that codec noise near zero cannot add spurious ones.
     */
    private static double dominantFrequency(short[] pcm, int channel, int fromSample) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        int frames = pcm.length / CHANNELS;
        for (int i = fromSample + 1; i < frames; i++) {
            int previous = pcm[(i - 1) * CHANNELS + channel];
            int current = pcm[i * CHANNELS + channel];
            if (previous < 0 && current >= 0) {
                double at = (i - 1) + (double) -previous / (current - previous);
                if (first < 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
        }
        assertThat(crossings).as("zero crossings on channel %d", channel).isGreaterThan(100);
        return (crossings - 1) * SAMPLE_RATE / (last - first);
    }

    private static double peakDbfs(short[] pcm, int channel, int fromSample) {
        int peak = 0;
        for (int i = fromSample * CHANNELS + channel; i < pcm.length; i += CHANNELS) {
            peak = Math.max(peak, Math.abs(pcm[i]));
        }
        return 20 * Math.log10(peak / 32768.0);
    }
}
