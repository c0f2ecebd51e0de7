package dev.basalt.track;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerRegistry;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioTrack;
import com.sedmelluq.discord.lavaplayer.source.soundcloud.SoundCloudAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.soundcloud.SoundCloudAudioTrack;
import com.sedmelluq.discord.lavaplayer.source.youtube.YoutubeAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.youtube.YoutubeAudioTrack;
import com.sedmelluq.discord.lavaplayer.tools.io.MessageOutput;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackCodecTest {

    private static final long UNKNOWN_LENGTH = Long.MAX_VALUE;

    /**
     * The conformance vectors of spec Appendix B (/work/shared/spec/lavalink-v4.md), with the info each must
     * decode to. A and B are the documentation's v2 strings, C-F are composed for the spec.
     */
    enum Vector {
        A("QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==",
                2, "Rick Astley - Never Gonna Give You Up", "RickAstleyVEVO", 212000, "dQw4w9WgXcQ", false,
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ", null, null, "youtube", 0),
        B("QAAAgQIAGEFyY2hpdGVjdHMgLSAiZGVlcCBmYWtlIgAPRXBpdGFwaCBSZWNvcmRzAAAAAAADQ/AAC1RuQ1VKVlBRSDNJAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9VG5DVUpWUFFIM0kAB3lvdXR1YmUAAAAAAAAAAA==",
                2, "Architects - \"deep fake\"", "Epitaph Records", 214000, "TnCUJVPQH3I", false,
                "https://www.youtube.com/watch?v=TnCUJVPQH3I", null, null, "youtube", 0),
        C("QAAA0AMAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAAC1JpY2sgQXN0bGV5AAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EBADRodHRwczovL2kueXRpbWcuY29tL3ZpL2RRdzR3OVdnWGNRL21heHJlc2RlZmF1bHQuanBnAQAMR0JBUkw5MzAwMTM1AAd5b3V0dWJlAAAAAAAAAAA=",
                3, "Rick Astley - Never Gonna Give You Up", "Rick Astley", 212000, "dQw4w9WgXcQ", false,
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg",
                "GBARL9300135", "youtube", 0),
        D("QAAAhwMADVVua25vd24gdGl0bGUADlVua25vd24gYXJ0aXN0f/////////8AImh0dHBzOi8vcmFkaW8uZXhhbXBsZS5jb20vbGl2ZS5tcDMBAQAiaHR0cHM6Ly9yYWRpby5leGFtcGxlLmNvbS9saXZlLm1wMwAAAARodHRwAANtcDMAAAAAAAAAAA==",
                3, "Unknown title", "Unknown artist", UNKNOWN_LENGTH, "https://radio.example.com/live.mp3", true,
                "https://radio.example.com/live.mp3", null, null, "http", 0),
        E("QAAA9gMAHENhZsOpIOKAkyBOaWdodCBEcml2ZSDtoLztvrUADkV4YW1wbGUgQXJ0aXN0AAAAAAAC0qgAMWh0dHBzOi8vc291bmRjbG91ZC5jb20vZXhhbXBsZS1hcnRpc3QvbmlnaHQtZHJpdmUAAQAxaHR0cHM6Ly9zb3VuZGNsb3VkLmNvbS9leGFtcGxlLWFydGlzdC9uaWdodC1kcml2ZQEAP2h0dHBzOi8vaTEuc25kY2RuLmNvbS9hcnR3b3Jrcy0wMDAwMDAwMDAwMDAtYWJjZGVmLXQ1MDB4NTAwLmpwZwAACnNvdW5kY2xvdWQAAAAAAAB1MA==",
                3, "Caf\u00e9 \u2013 Night Drive \uD83C\uDFB5", "Example Artist", 185000,
                "https://soundcloud.com/example-artist/night-drive", false,
                "https://soundcloud.com/example-artist/night-drive",
                "https://i1.sndcdn.com/artworks-000000000000-abcdef-t500x500.jpg", null, "soundcloud", 30000),
        F("AAAAawAMTGVnYWN5IFRyYWNrAAxPbGQgVXBsb2FkZXIAAAAAAAHiQAAwaHR0cHM6Ly9zb3VuZGNsb3VkLmNvbS9vbGQtdXBsb2FkZXIvbGVnYWN5LXRyYWNrAAAKc291bmRjbG91ZAAAAAAAAAAA",
                1, "Legacy Track", "Old Uploader", 123456, "https://soundcloud.com/old-uploader/legacy-track", false,
                null, null, null, "soundcloud", 0);

        final String encoded;
        final int version;
        final AudioTrackInfo info;
        final String sourceName;
        final long position;

        Vector(String encoded, int version, String title, String author, long length, String identifier,
               boolean isStream, String uri, String artworkUrl, String isrc, String sourceName, long position) {
            this.encoded = encoded;
            this.version = version;
            this.info = new AudioTrackInfo(title, author, length, identifier, isStream, uri, artworkUrl, isrc);
            this.sourceName = sourceName;
            this.position = position;
        }
    }

    /** Negative vector G of spec Appendix B: well-formed, but for a source no node registers. */
    private static final String VECTOR_G =
            "QAAAQQMAB015c3RlcnkABk5vYm9keQAAAAAAAOpgAAlteXN0ZXJ5LTEAAAAAAA5leGFtcGxlLXNvdXJjZQAAAAAAAAAA";

    private static AudioPlayerManager manager;
    private static TrackCodec codec;

    @BeforeAll
    @SuppressWarnings("deprecation") // the built-in YouTube source is deprecated but still decodes 'youtube' tracks
    static void registerSources() {
        manager = new DefaultAudioPlayerManager();
        manager.registerSourceManager(new YoutubeAudioSourceManager(true, null, null));
        manager.registerSourceManager(SoundCloudAudioSourceManager.createDefault());
        manager.registerSourceManager(new HttpAudioSourceManager(MediaContainerRegistry.DEFAULT_REGISTRY));
        codec = new TrackCodec(manager);
    }

    @AfterAll
    static void shutdown() {
        manager.shutdown();
    }

    @ParameterizedTest
    @EnumSource(Vector.class)
    void decodesEveryInfoFieldOfTheVector(Vector vector) {
        DecodedTrack decoded = codec.decode(vector.encoded);

        assertThat(decoded.version()).isEqualTo(vector.version);
        assertInfo(decoded.track(), vector.info);
        assertThat(decoded.track().getSourceManager().getSourceName()).isEqualTo(vector.sourceName);
        assertThat(decoded.track().getPosition()).isEqualTo(vector.position);
    }

    @ParameterizedTest
    @EnumSource(Vector.class)
    void reEncodingAtTheSameVersionReproducesTheStringByteForByte(Vector vector) {
        DecodedTrack decoded = codec.decode(vector.encoded);

        assertThat(codec.encode(decoded.track(), decoded.version())).isEqualTo(vector.encoded);
    }

    @Test
    void sourcesRebuildTheirOwnTrackTypes() {
        assertThat(codec.decode(Vector.C.encoded).track()).isInstanceOf(YoutubeAudioTrack.class);
        assertThat(codec.decode(Vector.E.encoded).track()).isInstanceOf(SoundCloudAudioTrack.class);

        // Field 10 of an http track is the container probe, which the server also exposes as pluginInfo.probeInfo.
        AudioTrack http = codec.decode(Vector.D.encoded).track();
        assertThat(http).isInstanceOf(HttpAudioTrack.class);
        var probe = ((HttpAudioTrack) http).getContainerTrackFactory();
        assertThat(probe.probe.getName()).isEqualTo("mp3");
        assertThat(probe.parameters).isNull();
    }

    @ParameterizedTest
    @EnumSource(Vector.class)
    void version3OutputMatchesLavaplayersOwnSerialisation(Vector vector) throws Exception {
        AudioTrack track = codec.decode(vector.encoded).track();
        var bytes = new ByteArrayOutputStream();
        manager.encodeTrack(new MessageOutput(bytes), track);

        assertThat(codec.encode(track)).isEqualTo(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(value = Vector.class, names = {"A", "B", "F"})
    void legacyTracksReEncodeAsVersion3WithTheSameInfo(Vector vector) {
        AudioTrack track = codec.decode(vector.encoded).track();

        String reEncoded = codec.encode(track);

        assertThat(reEncoded).startsWith("QAAA");
        byte[] message = Base64.getDecoder().decode(reEncoded);
        assertThat(message[4]).as("version byte").isEqualTo((byte) 3);
        DecodedTrack again = codec.decode(reEncoded);
        assertThat(again.version()).isEqualTo(3);
        assertInfo(again.track(), vector.info);
        assertThat(again.track().getSourceManager().getSourceName()).isEqualTo(vector.sourceName);
        assertThat(again.track().getPosition()).isEqualTo(vector.position);
        if (vector.version == 2) {
            // spec §5.6: a v2 track gains two null markers (artworkUrl, isrc) and nothing else
            assertThat(bodySize(reEncoded)).isEqualTo(bodySize(vector.encoded) + 2);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "48213,  AAd5b3V0dWJlAAAAAAAAvFU=",
            "60000,  AAd5b3V0dWJlAAAAAAAA6mA=",
            "95000,  AAd5b3V0dWJlAAAAAAABcxg=",
            "212000, AAd5b3V0dWJlAAAAAAADPCA=",
    })
    void encodesTheCurrentPositionAsTheLastEightBytes(long position, String suffix) {
        AudioTrack track = codec.decode(Vector.C.encoded).track();
        track.setPosition(position);

        String reEncoded = codec.encode(track);

        assertThat(reEncoded).endsWith(suffix);
        String unchangedPrefix = Vector.C.encoded.substring(0, Vector.C.encoded.length() - suffix.length());
        assertThat(reEncoded).startsWith(unchangedPrefix).hasSameSizeAs(Vector.C.encoded);
        assertThat(codec.decode(reEncoded).track().getPosition()).isEqualTo(position);
    }

    @Test
    void writesCharactersOutsideTheBmpAsModifiedUtf8SurrogatePairs() {
        byte[] surrogatePair = HexFormat.of().parseHex("eda0bcedbeb5");
        byte[] standardUtf8 = HexFormat.of().parseHex("f09f8eb5");
        AudioTrack track = codec.decode(Vector.E.encoded).track();
        assertThat(track.getInfo().title.codePoints()).contains(0x1F3B5);

        byte[] reEncoded = Base64.getDecoder().decode(codec.encode(track));

        byte[] titleBytes = HexFormat.of().parseHex(
                "001c" + "436166c3a920e28093204e69676874204472697665" + "20" + "eda0bcedbeb5");
        assertThat(indexOf(reEncoded, titleBytes)).as("title field incl. length prefix").isEqualTo(5);
        assertThat(indexOf(reEncoded, surrogatePair)).isPositive();
        assertThat(indexOf(reEncoded, standardUtf8)).isEqualTo(-1);
    }

    @Test
    void acceptsBase64WithoutPadding() {
        String unpadded = Vector.A.encoded.replace("=", "");
        assertThat(unpadded).isNotEqualTo(Vector.A.encoded);

        assertInfo(codec.decode(unpadded).track(), Vector.A.info);
    }

    @Test
    void ignoresBytesAfterTheAnnouncedSizeAndSkipsUnreadBytesInsideIt() {
        byte[] original = Base64.getDecoder().decode(Vector.C.encoded);
        // Grow the window by 3 bytes a future writer might append, then add 5 bytes beyond the window.
        byte[] grown = Arrays.copyOf(original, original.length + 8);
        ByteBuffer.wrap(grown).putInt(0x40000000 | (bodySize(Vector.C.encoded) + 3));

        DecodedTrack decoded = codec.decode(Base64.getEncoder().encodeToString(grown));

        assertInfo(decoded.track(), Vector.C.info);
        assertThat(decoded.track().getPosition()).isZero();
    }

    @Test
    void unknownSourceFailsNamingTheSource() {
        assertThatThrownBy(() -> codec.decode(VECTOR_G))
                .isExactlyInstanceOf(TrackDecodingException.class)
                .hasMessageContaining("no source named 'example-source' is enabled on this node");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not base64!",
            "", // no header at all
            "AAAAAA==", // zero-size header: the end-of-stream marker
            "QAAA0AMAJVJpY2sgQXN0", // the first 20 characters of vector C
            "QAAAQQQAB015c3RlcnkABk5vYm9keQAAAAAAAOpgAAlteXN0ZXJ5LTEAAAAAAA5leGFtcGxlLXNvdXJjZQAAAAAAAAAA", // G as version 4
            "QAAABQMAAAAA", // size 5 covers only version byte, title and part of the author
    })
    void malformedInputFailsWithTrackDecodingException(String encoded) {
        assertThatThrownBy(() -> codec.decode(encoded))
                .isExactlyInstanceOf(TrackDecodingException.class)
                .hasMessageContaining("encoded track");
    }

    @Test
    void rejectsTheUrlSafeAlphabetAndWhitespace() {
        String urlSafe = Vector.D.encoded.replace('/', '_').replace('+', '-');
        assertThat(urlSafe).isNotEqualTo(Vector.D.encoded);
        String wrapped = Vector.C.encoded.substring(0, 76) + "\r\n" + Vector.C.encoded.substring(76);

        for (String encoded : new String[] {urlSafe, wrapped, " " + Vector.C.encoded}) {
            assertThatThrownBy(() -> codec.decode(encoded))
                    .isExactlyInstanceOf(TrackDecodingException.class)
                    .hasMessageContaining("base64");
        }
    }

    @Test
    void sourcesRegisteredAfterConstructionAreSeen() {
        var late = new DefaultAudioPlayerManager();
        try {
            var lateCodec = new TrackCodec(late);
            assertThatThrownBy(() -> lateCodec.decode(Vector.D.encoded))
                    .isExactlyInstanceOf(TrackDecodingException.class)
                    .hasMessageContaining("'http'");

            late.registerSourceManager(new HttpAudioSourceManager());

            assertInfo(lateCodec.decode(Vector.D.encoded).track(), Vector.D.info);
        } finally {
            late.shutdown();
        }
    }

    @Test
    void refusesVersionsOutsideOneToThree() {
        AudioTrack track = codec.decode(Vector.C.encoded).track();

        assertThatThrownBy(() -> codec.encode(track, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.encode(track, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void titlesBeyondTheFormatLimitFailToEncode() {
        var info = new AudioTrackInfo("x".repeat(65536), "author", 1000, "id", false, null, null, null);
        AudioTrack tooLong = new YoutubeAudioTrack(info, manager.source(YoutubeAudioSourceManager.class));

        assertThatThrownBy(() -> codec.encode(tooLong))
                .isExactlyInstanceOf(TrackEncodingException.class)
                .hasMessageContaining("title");
    }

    private static void assertInfo(AudioTrack track, AudioTrackInfo expected) {
        AudioTrackInfo info = track.getInfo();
        assertThat(info.title).isEqualTo(expected.title);
        assertThat(info.author).isEqualTo(expected.author);
        assertThat(info.length).isEqualTo(expected.length);
        assertThat(info.identifier).isEqualTo(expected.identifier);
        assertThat(info.isStream).isEqualTo(expected.isStream);
        assertThat(info.uri).isEqualTo(expected.uri);
        assertThat(info.artworkUrl).isEqualTo(expected.artworkUrl);
        assertThat(info.isrc).isEqualTo(expected.isrc);
    }

    private static int bodySize(String encoded) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).getInt() & 0x3FFFFFFF;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
