package com.crosswalk.database;

import com.crosswalk.CrosswalkProperties;
import com.crosswalk.shared.HeadStart;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL (initdb on a fresh home, crash recovery after a kill) while Spring builds the
 * context; {@link EmbeddedPostgresConfiguration} takes it. Only where that configuration would start it: no external
 * database, and not an administration command attaching to a running one.
 */
public final class EmbeddedDatabaseHeadStart extends HeadStart<EmbeddedDatabaseHeadStart.Settings, EmbeddedDatabase> {

    /** What an embedded database is started with. */
    record Settings(Path home, int port, Duration stopTimeout) {

        static Settings of(CrosswalkProperties properties, Environment environment) {
            return new Settings(properties.home().toAbsolutePath().normalize(), properties.embeddedDbPort(),
                    environment.getProperty("crosswalk.embedded-db.stop-timeout", Duration.class,
                            Duration.ofSeconds(30)));
        }
    }

    @Override
    protected Settings wanted(Environment environment) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                || AttachToRunningDatabaseCondition.attach(environment)) {
            return null;
        }
        CrosswalkProperties properties = Binder.get(environment).bind("crosswalk", CrosswalkProperties.class)
                .orElse(null);
        return properties == null || properties.home() == null ? null : Settings.of(properties, environment);
    }

    @Override
    protected EmbeddedDatabase start(Settings settings) throws Exception {
        return EmbeddedDatabase.start(settings.home(), settings.port(), settings.stopTimeout());
    }
}
