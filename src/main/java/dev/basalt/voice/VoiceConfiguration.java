package dev.basalt.voice;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class VoiceConfiguration {

    /** Until the Discord transport lands, connections record credentials and consume audio at real-time pace. */
    @Bean
    public VoiceConnectionFactory voiceConnectionFactory() {
        return RecordingVoiceConnection.factory();
    }
}
