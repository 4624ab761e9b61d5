package com.crosswalk.erp.unlink;

import com.crosswalk.acumatica.emulator.AcumaticaEmulator;
import com.crosswalk.erp.connection.ErpConnectors;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the unlink integration tests share: the running service's port, the database, the company's ERP connectors,
 * the Acumatica emulator, and an {@link UnlinkTestSupport} with the demo company looked up before each test.
 */
abstract class UnlinkTestBase {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ErpConnectors connectors;
    @Autowired
    AcumaticaEmulator emu;

    UnlinkTestSupport t;
    long company;

    @BeforeEach
    void setUpSupport() {
        t = new UnlinkTestSupport(port, jdbc);
        company = t.demoCompanyId();
    }
}
