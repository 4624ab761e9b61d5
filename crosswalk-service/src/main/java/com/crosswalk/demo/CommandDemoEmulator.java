package com.crosswalk.demo;

import com.crosswalk.CrosswalkProperties;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.EmulatorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An administration command on a demo home while the demo is stopped ({@code ./crosswalk unlink …} on its own): the
 * demo's ERP is the Acumatica emulator that lives inside the demo process, so it is gone too. The command then starts
 * that emulator itself, from the demo's data ({@code crosswalk.home}/emulator.json), on the port the companies'
 * ERP connections name — the same ERP the demo would answer with — and stops it when the command ends. Nothing is
 * started when that port answers (the demo is running) or the home has no emulator data (not a demo home).
 */
@Component
@ConditionalOnExpression("'${crosswalk.command:}' != ''")
class CommandDemoEmulator implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CommandDemoEmulator.class);
    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1");

    private final CrosswalkProperties properties;
    private final JdbcClient jdbc;
    private final List<AcumaticaEmulator> started = new ArrayList<>();

    CommandDemoEmulator(CrosswalkProperties properties, JdbcClient jdbc) {
        this.properties = properties;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Path data = properties.home().resolve("emulator.json");
        if (!Files.isRegularFile(data)) {
            return;
        }
        List<Integer> ports = jdbc.sql("select distinct base_url from erp_connection").query(String.class).list()
                .stream().map(CommandDemoEmulator::localPort).filter(p -> p > 0).distinct().toList();
        for (int port : ports) {
            if (answers(port)) {
                continue;
            }
            AcumaticaEmulator emulator = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(port)
                    .withDemo(true).withDataFile(data));
            started.add(emulator);
            log.info("The demo is not running: started its Acumatica emulator at {} for this command",
                    emulator.baseUrl());
        }
    }

    private static int localPort(String baseUrl) {
        try {
            URI uri = URI.create(baseUrl);
            return uri.getHost() != null && LOCAL.contains(uri.getHost()) && uri.getPort() > 0 ? uri.getPort() : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        started.forEach(AcumaticaEmulator::close);
    }
}
