package dev.basalt.voice.discord.udp;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Spec 3.3 headers. */
class RtpPacketizerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void headerBytesMatchTheTransportVectorsHeader() {
        RtpPacketizer rtp = new RtpPacketizer(0xdeadbeef, 0x0102, 0x3c0);
        byte[] packet = new byte[16];

        assertThat(rtp.writeHeader(packet)).isEqualTo(12);

        assertThat(HEX.formatHex(packet, 0, 12)).isEqualTo("80780102000003c0deadbeef");
        assertThat(HEX.formatHex(packet, 12, 16)).as("nothing written past the header").isEqualTo("00000000");
    }

    @Test
    void sequencePlusOneAndTimestampPlus960PerPacket() {
        RtpPacketizer rtp = new RtpPacketizer(7, 100, 1000);
        byte[] packet = new byte[12];
        rtp.writeHeader(packet);
        rtp.writeHeader(packet);

        assertThat(HEX.formatHex(packet)).isEqualTo("8078" + "0065" + "000007a8" + "00000007");
        assertThat(rtp.sequence()).isEqualTo(102);
        assertThat(rtp.timestamp()).isEqualTo(1000 + 2 * 960);
        assertThat(rtp.ssrc()).isEqualTo(7);
    }

    @Test
    void sequenceAndTimestampWrap() {
        RtpPacketizer rtp = new RtpPacketizer(1, 0xFFFF, -960);
        byte[] packet = new byte[12];

        rtp.writeHeader(packet);
        assertThat(HEX.formatHex(packet, 2, 8)).isEqualTo("ffff" + "fffffc40");
        rtp.writeHeader(packet);
        assertThat(HEX.formatHex(packet, 2, 8)).isEqualTo("0000" + "00000000");
        rtp.writeHeader(packet);
        assertThat(HEX.formatHex(packet, 2, 8)).isEqualTo("0001" + "000003c0");
    }

    @Test
    void randomStartsAreInRange() {
        for (int i = 0; i < 100; i++) {
            RtpPacketizer rtp = new RtpPacketizer(1);
            assertThat(rtp.sequence()).isBetween(0, 0xFFFF);
        }
    }
}
