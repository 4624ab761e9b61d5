package com.crosswalk.demo;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.acumatica.emulator.push.PushNotifications;
import com.crosswalk.erp.push.PushDefinitions;
import com.crosswalk.erp.push.PushSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo comes with Acumatica's push notifications set up: once the web server listens, the demo company gets its
 * push secret and the demo emulator gets the definitions of {@link PushDefinitions} pointing at this service's own
 * webhook — so reversing and releasing a change order on the emulator's page turns its CCO to "Gone from Acumatica —
 * ready to unlink" by itself. Off with {@code crosswalk.push.demo-definitions=false} (the tests).
 */
@Component
class DemoPushNotifications implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoPushNotifications.class);

    private final ObjectProvider<AcumaticaEmulator> emulator;
    private final PushSetup setup;
    private final JdbcClient jdbc;
    private final boolean enabled;

    DemoPushNotifications(ObjectProvider<AcumaticaEmulator> emulator, PushSetup setup, JdbcClient jdbc,
            @Value("${crosswalk.demo:false}") boolean demo,
            @Value("${crosswalk.push.demo-definitions:true}") boolean definitions) {
        this.emulator = emulator;
        this.setup = setup;
        this.jdbc = jdbc;
        this.enabled = demo && definitions;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        AcumaticaEmulator emu = emulator.getIfAvailable();
        if (!enabled || emu == null || event.getApplicationContext().getParent() != null) {
            return;
        }
        jdbc.sql("select id from company where name = :n").param("n", DemoData.COMPANY).query(Long.class).optional()
                .ifPresent(company -> {
                    String secret = setup.ensure(company);
                    String url = "http://localhost:" + event.getWebServer().getPort() + "/hooks/acumatica/" + company;
                    for (PushDefinitions.Definition d : PushDefinitions.ALL) {
                        emu.push().define(new PushNotifications.Definition(d.name(), d.entity(), d.fields(), url,
                                PushSetup.HEADER, secret));
                    }
                    log.info("Demo: Acumatica push notifications of the emulator go to {}", url);
                });
    }
}
