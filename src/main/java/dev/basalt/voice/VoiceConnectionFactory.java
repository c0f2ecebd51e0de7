package dev.basalt.voice;

import java.util.function.Consumer;

/**
 * Creates the connection for one guild, with the seed's {@code initialize} parameters. {@code onClose} is how the
 * connection removes itself from its owner when it ends for good.
 */
@FunctionalInterface
public interface VoiceConnectionFactory {

    VoiceConnection initialize(Long channelId, String endpoint, long guildId, Consumer<VoiceConnection> onClose,
                               VoiceComponent owner, String sessionId, int shardId, String token, long userId);
}
