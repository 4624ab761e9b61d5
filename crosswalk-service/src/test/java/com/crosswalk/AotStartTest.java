package com.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The demo's build-time bean definitions (Spring AOT, made with {@code --crosswalk.demo=true}) are used only by a
 * start they were made for: a plain demo. Anything that could change which beans exist — a command, an external
 * database, another property — builds the context as usual.
 */
class AotStartTest {

    private static Properties aot() {
        Properties p = new Properties();
        p.setProperty("spring.aot.enabled", "true");
        p.setProperty("java.home", "/usr/lib/jvm/java");
        return p;
    }

    private static final String[] DEMO = {"--server.port=8080", "--crosswalk.demo=true", "--crosswalk.emulator-port=8081"};

    @Test
    void aPlainDemoStartUsesTheDemosDefinitions() {
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("PATH", "/usr/bin", "CROSSWALK_HOME", "/tmp/x"), aot()))
                .isTrue();
        Properties training = aot();
        training.setProperty("spring.context.exit", "onRefresh");
        assertThat(CrosswalkApplication.aotFits(new String[] {"--server.port=0", "--crosswalk.demo=true",
                "--crosswalk.emulator-port=0"}, Map.of(), training)).as("the launcher's training run").isTrue();
    }

    @Test
    void anyOtherStartBuildsItsContextAsUsual() {
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of(), new Properties())).as("AOT not asked for").isFalse();
        assertThat(CrosswalkApplication.aotFits(new String[] {"--server.port=8080"}, Map.of(), aot()))
                .as("./crosswalk start").isFalse();
        assertThat(CrosswalkApplication.aotFits(new String[] {"--crosswalk.demo=true", "--crosswalk.command=unlink"},
                Map.of(), aot())).as("a command").isFalse();
        assertThat(CrosswalkApplication.aotFits(new String[] {"--crosswalk.demo=true",
                "--spring.datasource.url=jdbc:postgresql://db/x"}, Map.of(), aot())).as("an external database").isFalse();
        assertThat(CrosswalkApplication.aotFits(new String[] {"--crosswalk.demo=true", "--crosswalk.demo-emulator=false"},
                Map.of(), aot())).as("the demo without its emulator").isFalse();
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("CROSSWALK_DB_URL", "jdbc:postgresql://db/x"), aot()))
                .as("CROSSWALK_DB_URL").isFalse();
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("CROSSWALK_DB_URL", ""), aot()))
                .as("an empty CROSSWALK_DB_URL is the embedded default").isTrue();
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("SPRING_PROFILES_ACTIVE", "x"), aot())).isFalse();
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("CROSSWALK_DEMO_EMULATOR", "false"), aot()))
                .as("a CROSSWALK_ variable bound to a property a condition reads").isFalse();
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of("CROSSWALK_SECRET_KEY", "k", "CROSSWALK_STARTUP_STEPS",
                "/tmp/steps.txt"), aot())).as("variables no condition reads").isTrue();
        Properties system = aot();
        system.setProperty("crosswalk.demo-emulator", "false");
        assertThat(CrosswalkApplication.aotFits(DEMO, Map.of(), system)).as("a -D property").isFalse();
    }
}
