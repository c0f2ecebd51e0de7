package dev.basalt.voice.discord;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.basalt.voice.discord.ClosePolicy.Action.NEW_SESSION;
import static dev.basalt.voice.discord.ClosePolicy.Action.RESUME;
import static dev.basalt.voice.discord.ClosePolicy.Action.STOP;
import static org.assertj.core.api.Assertions.assertThat;

/** Every code of the close-code table (spec section 2.7) maps to its documented action. */
class ClosePolicyTest {

    @ParameterizedTest(name = "{0} after Ready -> {1}, before Ready -> {2}")
    @CsvSource({
            "1000, STOP, STOP",
            "1001, RESUME, NEW_SESSION",
            "1006, RESUME, NEW_SESSION",
            "1011, RESUME, NEW_SESSION",
            "4000, NEW_SESSION, NEW_SESSION",
            "4001, NEW_SESSION, NEW_SESSION",
            "4002, NEW_SESSION, NEW_SESSION",
            "4003, NEW_SESSION, NEW_SESSION",
            "4004, STOP, STOP",
            "4005, NEW_SESSION, NEW_SESSION",
            "4006, NEW_SESSION, NEW_SESSION",
            "4009, NEW_SESSION, NEW_SESSION",
            "4011, STOP, STOP",
            "4012, STOP, STOP",
            "4014, STOP, STOP",
            "4015, RESUME, NEW_SESSION",
            "4016, STOP, STOP",
            "4017, STOP, STOP",
            "4020, STOP, STOP",
            "4021, STOP, STOP",
            "4022, STOP, STOP",
            "4999, STOP, STOP",
    })
    void closeCodesMapToTheirAction(int code, ClosePolicy.Action afterReady, ClosePolicy.Action beforeReady) {
        assertThat(ClosePolicy.actionFor(code, true)).isEqualTo(afterReady);
        assertThat(ClosePolicy.actionFor(code, false)).isEqualTo(beforeReady);
    }

    @ParameterizedTest
    @CsvSource({"4001, true", "4002, true", "4003, true", "4005, true", "4006, false", "1006, false"})
    void protocolErrorsAreRetriedOnlyOnce(int code, boolean protocolError) {
        assertThat(ClosePolicy.isProtocolError(code)).isEqualTo(protocolError);
    }

    @ParameterizedTest
    @CsvSource({"4006, true", "4009, true", "1006, false", "4015, false", "4001, false"})
    void sessionLossIsReportedEvenWhileReconnecting(int code, boolean reported) {
        assertThat(ClosePolicy.isReportedWhileRecovering(code)).isEqualTo(reported);
    }
}
