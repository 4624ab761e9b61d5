package com.crosswalk.database;

import com.crosswalk.CrosswalkProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * An administration command next to a running Crosswalk on the embedded default ({@code ./crosswalk unlink …} while
 * {@code ./crosswalk demo} runs): the command uses the running instance's embedded PostgreSQL (its port from
 * {@code pgdata/postmaster.pid}) — the same database, hence the same companies and ERP connections — instead of
 * failing to start a second one on the same data directory. A few connections only.
 */
@Configuration(proxyBeanMethods = false)
@Conditional({NoExternalDatabaseCondition.class, AttachToRunningDatabaseCondition.class})
class AttachedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AttachedDatabaseConfiguration.class);

    @Bean
    DataSource dataSource(CrosswalkProperties properties) {
        int port = RunningEmbeddedDatabase.port(properties.home()).orElseThrow(() -> new IllegalStateException(
                "The Crosswalk running on " + properties.home() + " stopped just now; run the command again"));
        log.info("Using the embedded PostgreSQL of the Crosswalk running on {} (port {})", properties.home(), port);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(10_000);
        config.setPoolName("crosswalk-command");
        return new HikariDataSource(config);
    }
}
