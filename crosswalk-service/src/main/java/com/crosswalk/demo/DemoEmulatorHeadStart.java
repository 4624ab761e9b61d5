package com.crosswalk.demo;

import com.crosswalk.CrosswalkProperties;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import com.crosswalk.shared.HeadStart;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Starts the demo's Acumatica emulator (its contract, its saved state) while Spring builds the context;
 * {@link DemoEmulatorConfiguration} takes it. Only where that configuration would start it.
 */
public final class DemoEmulatorHeadStart extends HeadStart<DemoEmulatorHeadStart.Settings, AcumaticaEmulator> {

    /** What the demo's emulator is started with. */
    record Settings(Path home, int port, String bindAddress) {

        static Settings of(CrosswalkProperties properties, String bindAddress) {
            return new Settings(properties.home().toAbsolutePath().normalize(), properties.emulatorPort(),
                    bindAddress);
        }

        AcumaticaEmulator start() throws java.io.IOException {
            Files.createDirectories(home);
            return AcumaticaEmulator.start(EmulatorConfig.defaults()
                    .withPort(port)
                    .withBindAddress(bindAddress)
                    .withDemo(true)
                    .withDataFile(home.resolve("emulator.json")));
        }
    }

    @Override
    protected Settings wanted(Environment environment) {
        boolean started = environment.getProperty("crosswalk.demo", Boolean.class, false)
                && !org.springframework.util.StringUtils.hasText(environment.getProperty("crosswalk.command"))
                && environment.getProperty("crosswalk.demo-emulator", Boolean.class, true);
        if (!started) {
            return null;
        }
        CrosswalkProperties properties = Binder.get(environment).bind("crosswalk", CrosswalkProperties.class)
                .orElse(null);
        return properties == null || properties.home() == null ? null
                : Settings.of(properties, environment.getProperty("crosswalk.emulator-bind-address", "127.0.0.1"));
    }

    @Override
    protected AcumaticaEmulator start(Settings settings) throws Exception {
        return settings.start();
    }

    /**
     * Not taken means this start failed — perhaps because another service runs on the same home, whose emulator owns
     * emulator.json: this one leaves the file as it is.
     */
    @Override
    protected void discard(AcumaticaEmulator emulator) {
        emulator.closeWithoutSaving();
    }
}
