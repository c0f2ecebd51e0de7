package dev.basalt.support;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the playback tests on the shared test node: each test gets its own bot session ({@link BotSession}),
 * opened before and closed after it. Subclasses carry {@link NodeTest}.
 */
public abstract class BotSessionTest {

    protected static final Duration WAIT = BotSession.WAIT;

    @LocalServerPort
    protected int port;
    protected BotSession bot;
    protected NodeClient node;
    protected SessionSocket socket;

    @BeforeEach
    void openBotSession() {
        bot = BotSession.open(port);
        node = bot.node();
        socket = bot.socket();
    }

    @AfterEach
    void closeBotSession() {
        bot.close();
    }

    /** The REST path of this session's player for {@code guild}. */
    protected String path(String guild) {
        return bot.playerPath(guild);
    }
}
