package dev.basalt.voice.discord;

import java.time.Duration;
import java.util.List;

import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceCredentials;
import dev.basalt.voice.discord.dave.SenderKeyRatchet;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import dev.basalt.voice.discord.fake.OpusTone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.basalt.voice.discord.VoiceCall.WAIT;
import static dev.basalt.voice.discord.VoiceCall.GUILD;
import static dev.basalt.voice.discord.VoiceCall.SESSION;
import static dev.basalt.voice.discord.VoiceCall.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's send path with DAVE frame encryption switched on and off through its encryptor, against the
 * strict fake server (which knows no DAVE, so it sees protocol frames as opaque Opus payloads of their real length).
 * The frame format itself is covered by the dave package's known-answer tests.
 */
class DaveSendPathTest {

    /** Tag 8, one-byte nonce (frames 1–127), size byte, FA FA. */
    private static final int OVERHEAD_FIRST_127 = 12;

    private final VoiceCall call = new VoiceCall();

    @AfterEach
    void tearDown() throws Exception {
        call.close();
    }

    private static OpusFrameSource play(List<byte[]> frames) {
        return VoiceCall.play(frames, frames.size());
    }

    @Test
    void withARatchetEveryAudioFrameLeavesAsAProtocolFrameSilenceStaysClearAndNullRestoresPlainOpus() {
        FakeDiscordVoiceServer server = call.server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = call.component(call.transport(0, true));
        component.deliver(GUILD, new VoiceCredentials(TOKEN, server.endpoint(), SESSION, 1234567890123456780L));
        DiscordVoiceConnection connection = (DiscordVoiceConnection) component.connectTo(GUILD, WAIT).join();
        assertThat(connection.daveEncryptor().isActive()).isFalse();

        List<byte[]> tone = OpusTone.sine(440, 50);
        connection.daveEncryptor().setRatchet(new SenderKeyRatchet(new byte[16]));
        connection.attach(play(tone));
        AudioSnapshot encrypted = server.awaitPackets(tone.size() + 5, Duration.ofSeconds(20));

        List<AudioSnapshot.Packet> audio = encrypted.packets().stream().filter(p -> !p.silence()).toList();
        assertThat(audio).hasSize(tone.size());
        for (int i = 0; i < tone.size(); i++) {
            assertThat(audio.get(i).opusLength()).as("frame %d", i)
                    .isEqualTo(tone.get(i).length + OVERHEAD_FIRST_127);
        }
        // the end-of-audio silence frames go out exactly as F8 FF FE
        assertThat(encrypted.silenceFrames()).isEqualTo(5);
        assertThat(encrypted.sequenceGaps()).isZero();

        connection.daveEncryptor().setRatchet(null);
        server.resetAudio();
        List<byte[]> plainTone = OpusTone.sine(440, 100);
        connection.attach(play(plainTone));
        AudioSnapshot plain = server.awaitPackets(plainTone.size() + 5, Duration.ofSeconds(20));
        List<AudioSnapshot.Packet> plainAudio = plain.packets().stream().filter(p -> !p.silence()).toList();
        for (int i = 0; i < plainTone.size(); i++) {
            assertThat(plainAudio.get(i).opusLength()).isEqualTo(plainTone.get(i).length);
        }
        assertThat(plain.dominantFrequency(0)).isBetween(435.0, 445.0);
    }
}
