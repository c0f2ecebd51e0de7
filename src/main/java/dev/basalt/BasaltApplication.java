package dev.basalt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BasaltApplication {
    public static void main(String[] args) {
        SpringApplication.run(BasaltApplication.class, args);
    }
}
