package dev.basalt.protocol;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for REST bodies and socket messages. Properties keep declaration order (Jackson 3 would sort
 * them) because the record components are laid out in the reference's key order.
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolJsonConfiguration {

    @Bean
    public JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .build();
    }
}
