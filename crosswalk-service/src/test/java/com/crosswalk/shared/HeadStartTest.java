package com.crosswalk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** What is started ahead is handed over once, for the same settings only; what is not taken is closed. */
class HeadStartTest {

    static final class Thing implements AutoCloseable {
        final String key;
        final CountDownLatch closed = new CountDownLatch(1);

        Thing(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    static final class Things extends HeadStart<String, Thing> {
        final AtomicInteger starts = new AtomicInteger();
        volatile Thing last;

        @Override
        protected String wanted(Environment environment) {
            return environment.getProperty("thing");
        }

        @Override
        protected Thing start(String key) throws Exception {
            starts.incrementAndGet();
            if (key.equals("broken")) {
                throw new IOException("the thing would not start");
            }
            last = new Thing(key);
            return last;
        }
    }

    private static void prepared(Things things, String key) {
        MockEnvironment env = new MockEnvironment();
        if (key != null) {
            env.setProperty("thing", key);
        }
        things.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(), new String[0], env));
    }

    private static void ready(Things things) {
        things.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                new GenericApplicationContext(), Duration.ZERO));
    }

    @Test
    void theThingStartedAheadIsHandedOverOnceAndNotClosed() throws Exception {
        Things things = new Things();
        prepared(things, "a");
        Thing taken = things.take("a", () -> new Thing("started here"));
        assertThat(taken.key).isEqualTo("a");
        // a second bean asking gets its own: one thing has one owner
        assertThat(things.take("a", () -> new Thing("started here")).key).isEqualTo("started here");
        ready(things);
        assertThat(taken.closed.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(things.starts).hasValue(1);
    }

    @Test
    void otherSettingsStartTheirOwnAndTheUnusedOneIsClosed() throws Exception {
        Things things = new Things();
        prepared(things, "a");
        assertThat(things.take("b", () -> new Thing("b here")).key).isEqualTo("b here");
        ready(things);
        await().atMost(Duration.ofSeconds(5)).until(() -> things.last != null);
        assertThat(things.last.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailedContextClosesWhatWasStartedAhead() throws Exception {
        Things things = new Things();
        prepared(things, "a");
        things.onApplicationEvent(new ApplicationFailedEvent(new SpringApplication(), new String[0],
                new GenericApplicationContext(), new IllegalStateException("context failed")));
        await().atMost(Duration.ofSeconds(5)).until(() -> things.last != null);
        assertThat(things.last.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theHeadStartsFailureIsThrownWhereTheBeanWouldHaveThrownIt() {
        Things things = new Things();
        prepared(things, "broken");
        assertThatThrownBy(() -> things.take("broken", () -> new Thing("never")))
                .isInstanceOf(IOException.class).hasMessage("the thing would not start");
    }

    @Test
    void nothingWantedNothingStarted() throws Exception {
        Things things = new Things();
        prepared(things, null);
        assertThat(things.take("a", () -> new Thing("here")).key).isEqualTo("here");
        assertThat(things.starts).hasValue(0);
    }
}
