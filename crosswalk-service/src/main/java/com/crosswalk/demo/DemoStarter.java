package com.crosswalk.demo;

import com.crosswalk.CrosswalkProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Demo mode ({@code crosswalk.demo=true}, and not a CLI command): once every bean is ready — the schema migrated, the
 * emulator started ({@link DemoErpServer}) — and before the web server accepts requests, loads the demo data once and
 * points the demo company at the emulator's current URL.
 */
@Component
@ConditionalOnExpression("${crosswalk.demo:false} and '${crosswalk.command:}' == ''")
class DemoStarter implements SmartInitializingSingleton {

    private final DemoData data;
    private final ObjectProvider<DemoErpServer> erp;
    private final CrosswalkProperties properties;

    DemoStarter(DemoData data, ObjectProvider<DemoErpServer> erp, CrosswalkProperties properties) {
        this.data = data;
        this.erp = erp;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        DemoErpServer server = erp.getIfAvailable();
        String baseUrl = server != null ? server.baseUrl() : "http://localhost:" + properties.emulatorPort();
        data.load(baseUrl);
    }
}
