package dev.basalt.voice.discord.udp;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The discord.js keep-alive of spec 3.5. */
class UdpKeepAliveTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void keepAliveIsALittleEndianCounterThenFourZeroBytes() {
        assertThat(HEX.formatHex(UdpKeepAlive.next(0))).isEqualTo("0000000000000000");
        assertThat(HEX.formatHex(UdpKeepAlive.next(0x01020304))).isEqualTo("0403020100000000");
        assertThat(HEX.formatHex(UdpKeepAlive.next(-1))).isEqualTo("ffffffff00000000");
        assertThat(UdpKeepAlive.isKeepAlive(UdpKeepAlive.next(5), 8)).isTrue();
        assertThat(UdpKeepAlive.isKeepAlive(HEX.parseHex("0500000000000001"), 8)).isFalse();
        assertThat(UdpKeepAlive.isKeepAlive(new byte[12], 12)).isFalse();
    }
}
