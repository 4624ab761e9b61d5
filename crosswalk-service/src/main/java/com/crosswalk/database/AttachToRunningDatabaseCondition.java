package com.crosswalk.database;

import java.nio.file.Path;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True for an administration command ({@code crosswalk.command} set) on the embedded default (no external database)
 * while another Crosswalk serves the embedded PostgreSQL of the same {@code crosswalk.home}
 * ({@link RunningEmbeddedDatabase}).
 */
class AttachToRunningDatabaseCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return attach(context.getEnvironment());
    }

    static boolean attach(Environment env) {
        return StringUtils.hasText(env.getProperty("crosswalk.command"))
                && !StringUtils.hasText(env.getProperty("spring.datasource.url"))
                && StringUtils.hasText(env.getProperty("crosswalk.home"))
                && RunningEmbeddedDatabase.port(Path.of(env.getProperty("crosswalk.home"))).isPresent();
    }

    /** The opposite: start the embedded PostgreSQL (when no external one is configured either). */
    static class Not implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !attach(context.getEnvironment());
        }
    }
}
