package com.crosswalk.notifications;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notifications' two db-scheduler recurring tasks on the service's one scheduler (which has a thread more for
 * them, so no export waits for an SMTP server): {@value #INSTANT} every {@code crosswalk.notifications.interval}
 * (default 2 s) reads the new audit events into the outbox and sends the instant e-mails; {@value #DIGEST} sends each
 * person's daily digest at {@code crosswalk.notifications.digest-time} (UTC, default 07:00). One instance runs each
 * execution (db-scheduler picks it once).
 */
@Configuration(proxyBeanMethods = false)
class NotificationTasks {

    static final String INSTANT = "notifications-instant";
    static final String DIGEST = "notifications-daily-digest";
    private static final Logger log = LoggerFactory.getLogger(NotificationTasks.class);

    @Bean
    RecurringTask<Void> instantNotificationsTask(Notifications notifications,
            @Value("${crosswalk.notifications.interval:PT2S}") Duration interval) {
        return Tasks.recurring(INSTANT, Schedules.fixedDelay(interval)).execute((instance, ctx) -> {
            try {
                notifications.collect();
                notifications.sendInstant();
            } catch (RuntimeException e) {
                log.warn("Notifications round failed; the next one tries again: {}", e.toString());
            }
        });
    }

    @Bean
    RecurringTask<Void> dailyDigestTask(Notifications notifications,
            @Value("${crosswalk.notifications.digest-time:07:00}") LocalTime at) {
        return Tasks.recurring(DIGEST, Schedules.daily(ZoneOffset.UTC, at)).execute((instance, ctx) -> {
            notifications.collect();
            notifications.sendDigests();
        });
    }
}
