package com.crosswalk.demo;

import com.crosswalk.CrosswalkProperties;
import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Demo mode starts the Acumatica emulator in-process (port {@code crosswalk.emulator-port}, 0 = any free port), seeded
 * with the ERP side of the demo and persisted to {@code crosswalk.home}/emulator.json. The running emulator is a bean:
 * tests inject {@link AcumaticaEmulator} to reverse and release change orders and to inspect the ERP's state.
 * Not started for CLI commands, nor with {@code crosswalk.demo-emulator=false}: then the demo company points at an
 * emulator already running on {@code localhost:crosswalk.emulator-port} (e.g. one shared by several service processes
 * in the process-death tests, so the ERP outlives a killed service).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${crosswalk.demo:false} and '${crosswalk.command:}' == '' and ${crosswalk.demo-emulator:true}")
class DemoEmulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoEmulatorConfiguration.class);

    /**
     * @param bindAddress {@code crosswalk.emulator-bind-address}: the emulator listens on this machine only (127.0.0.1)
     *                    unless told otherwise, e.g. {@code ./crosswalk demo --crosswalk.emulator-bind-address=0.0.0.0}
     */
    @Bean(destroyMethod = "close")
    AcumaticaEmulator acumaticaEmulator(CrosswalkProperties properties,
            @Value("${crosswalk.emulator-bind-address:127.0.0.1}") String bindAddress,
            ObjectProvider<DemoEmulatorHeadStart> headStart) throws Exception {
        DemoEmulatorHeadStart.Settings settings = DemoEmulatorHeadStart.Settings.of(properties, bindAddress);
        DemoEmulatorHeadStart ahead = headStart.getIfAvailable();
        AcumaticaEmulator emulator = ahead == null ? settings.start() : ahead.take(settings, settings::start);
        log.info("Acumatica emulator (demo) at {} — sign in as admin / demo, tenant Demo", emulator.baseUrl());
        return emulator;
    }

    /**
     * The demo's ERP stops after the ERP connectors: they sign their sessions out when the service stops (a push
     * notification or a payments round may have signed one in), and must find the emulator still listening.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanFactoryPostProcessor erpConnectorsStopBeforeTheDemoErp() {
        return factory -> {
            for (String name : factory.getBeanNamesForType(com.crosswalk.erp.connection.ErpConnectors.class, true,
                    false)) {
                var definition = factory.getBeanDefinition(name);
                java.util.List<String> dependsOn = new java.util.ArrayList<>(definition.getDependsOn() == null
                        ? java.util.List.of() : java.util.List.of(definition.getDependsOn()));
                dependsOn.add("acumaticaEmulator");
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }

    /** The demo's ERP; its address is one the ERP URL policy allows (it is on this machine). */
    @Bean
    DemoErpServer demoErpServer(AcumaticaEmulator emulator, com.crosswalk.erp.connection.ErpUrlPolicy urlPolicy) {
        java.net.URI uri = java.net.URI.create(emulator.baseUrl());
        urlPolicy.allow(uri.getHost() + ":" + uri.getPort());
        return emulator::baseUrl;
    }
}
