package com.crosswalk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CrosswalkApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(CrosswalkApplication.class, args);
        if (context.getEnvironment().containsProperty("crosswalk.command")) {
            // an administration command (cli package) has run: exit with its code
            System.exit(SpringApplication.exit(context));
        }
    }
}
