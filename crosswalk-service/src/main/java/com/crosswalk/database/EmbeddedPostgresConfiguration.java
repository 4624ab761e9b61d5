package com.crosswalk.database;

import com.crosswalk.CrosswalkProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The embedded default: when no external database is configured, Crosswalk runs its own PostgreSQL whose
 * data directory lives under {@code crosswalk.home}/pgdata and persists between runs, and which starts again at once
 * after this service was killed at any moment ({@link EmbeddedDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional({NoExternalDatabaseCondition.class, AttachToRunningDatabaseCondition.Not.class})
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /** The embedded PostgreSQL with its crash recovery and watchdog; stopped when the context closes. */
    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(CrosswalkProperties properties, Environment env,
            ObjectProvider<EmbeddedDatabaseHeadStart> headStart) throws Exception {
        long started = System.nanoTime();
        EmbeddedDatabaseHeadStart.Settings settings = EmbeddedDatabaseHeadStart.Settings.of(properties, env);
        Callable<EmbeddedDatabase> startHere = () -> EmbeddedDatabase.start(settings.home(), settings.port(),
                settings.stopTimeout());
        EmbeddedDatabaseHeadStart ahead = headStart.getIfAvailable();
        EmbeddedDatabase database = ahead == null ? startHere.call() : ahead.take(settings, startHere);
        // with a head start: the time this context waited for it
        log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms; watchdog pid {})",
                database.postgres().getPort(), database.dataDirectory(), (System.nanoTime() - started) / 1_000_000,
                database.watchdogPid());
        return database;
    }

    /** Stopped by {@link EmbeddedDatabase#close()}, not here. */
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabase database) {
        return database.postgres();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        config.setPoolName("crosswalk-embedded");
        return new HikariDataSource(config);
    }
}
