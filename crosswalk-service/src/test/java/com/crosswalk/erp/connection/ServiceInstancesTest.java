package com.crosswalk.erp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.crosswalk.IntegrationTest;
import com.crosswalk.erp.connector.ErpConnectionSettings;
import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import com.crosswalk.shared.SecretBox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several instances on one database share each company's ERP licence limits (#9): this test context is instance A;
 * a second registry and connector set on the same database is instance B (the test profile beats every 500 ms, an
 * instance is gone after 3 missed beats).
 */
@IntegrationTest
class ServiceInstancesTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretBox secrets;
    @Autowired
    List<ErpConnectorProvider> providers;
    @Autowired
    ServiceInstances instancesA;
    @Autowired
    ErpConnectors connectorsA;

    long company() {
        return jdbc.sql("select company_id from erp_connection order by company_id limit 1").query(Long.class).single();
    }

    ServiceInstances another() {
        return new ServiceInstances(jdbc, Duration.ofMillis(500), 3, true);
    }

    @Test
    void twoInstancesEachTakeHalfAndOneThatStopsBeatingLeavesTheWholeBudgetToTheOther() throws Exception {
        long company = company();
        ErpConnectionSettings total = connectorsA.settings(company).orElseThrow();
        assertThat(instancesA.beat().live()).isEqualTo(1);
        ErpConnector alone = connectorsA.forCompany(company);
        assertThat(connectorsA.instanceSettings(company).orElseThrow().maxRequestsPerMinute())
                .isEqualTo(total.maxRequestsPerMinute());

        ServiceInstances instancesB = another();
        ErpConnectors connectorsB = new ErpConnectors(jdbc, secrets, providers, instancesB, Duration.ZERO);
        try {
            instancesB.beat();
            assertThat(instancesA.beat()).isEqualTo(new ServiceInstances.Snapshot(2, 0)); // A started first
            assertThat(instancesB.snapshot()).isEqualTo(new ServiceInstances.Snapshot(2, 1));
            ErpConnectionSettings a = connectorsA.instanceSettings(company).orElseThrow();
            ErpConnectionSettings b = connectorsB.instanceSettings(company).orElseThrow();
            // together exactly the licence, each about half (A gets the odd one)
            assertThat(a.maxRequestsPerMinute() + b.maxRequestsPerMinute()).isEqualTo(total.maxRequestsPerMinute());
            assertThat(a.maxRequestsPerMinute() - b.maxRequestsPerMinute()).isBetween(0, 1);
            assertThat(a.maxConcurrentRequests() + b.maxConcurrentRequests())
                    .isEqualTo(Math.max(2, total.maxConcurrentRequests()));
            assertThat(a.maxSessions() + b.maxSessions()).isEqualTo(Math.max(2, total.maxSessions()));
            // A's connector was rebuilt for its share (the old one is closed after the grace period), and both work
            ErpConnector shared = connectorsA.forCompany(company);
            assertThat(shared).isNotSameAs(alone);
            assertThat(shared.testConnection().ok()).isTrue();
            assertThat(connectorsB.forCompany(company).testConnection().ok()).isTrue();

            // B freezes (killed, or a long pause): after 3 missed beats A takes the whole budget again
            instancesB.stopBeating();
            long deadline = System.currentTimeMillis() + 10_000;
            while (instancesA.beat().live() != 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(instancesA.snapshot().live()).isEqualTo(1);
            assertThat(connectorsA.instanceSettings(company).orElseThrow().maxRequestsPerMinute())
                    .isEqualTo(total.maxRequestsPerMinute());
            assertThat(connectorsA.forCompany(company)).isNotSameAs(shared);
        } finally {
            connectorsB.destroy();
            instancesB.destroy();
        }
    }

    @Test
    void aCleanShutdownHandsTheShareBackAtTheNextBeat() {
        assertThat(instancesA.beat().live()).isEqualTo(1);
        ServiceInstances c = another();
        try {
            c.beat();
            assertThat(instancesA.beat().live()).isEqualTo(2);
        } finally {
            c.destroy(); // removes its row
        }
        assertThat(instancesA.beat().live()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from service_instance").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void sharesAddUpToTheLimitWithAtLeastOneEach() {
        assertThat(ServiceInstances.share(600, 2, 0)).isEqualTo(300);
        assertThat(ServiceInstances.share(5, 2, 0)).isEqualTo(3);
        assertThat(ServiceInstances.share(5, 2, 1)).isEqualTo(2);
        assertThat(ServiceInstances.share(2, 3, 2)).isEqualTo(1); // minimum 1: three instances on 2 API users
        assertThat(ServiceInstances.share(7, 1, 0)).isEqualTo(7);
        assertThat(ServiceInstances.share(0, 2, 0)).isEqualTo(0); // unlimited stays unlimited
    }
}
