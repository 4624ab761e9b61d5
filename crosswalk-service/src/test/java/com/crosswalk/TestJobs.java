package com.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Background jobs in tests: follow a job (its REST resource) until it has finished. */
public final class TestJobs {

    private TestJobs() {
    }

    /** {@code /rest/v1.0/companies/{c}/jobs/{id}} of the job in a start answer (202 with the job). */
    public static String path(JsonNode job) {
        return "/rest/v1.0/companies/" + job.get("company_id").asLong() + "/jobs/" + job.get("id").asLong();
    }

    /**
     * Polls {@code get(path)} (the job's JSON) until the job has finished or failed (bounded); returns the last
     * answer.
     */
    public static JsonNode awaitDone(Function<String, JsonNode> get, String path, Duration atMost) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode job = get.apply(path);
            last.set(job);
            String state = job == null || job.get("state") == null ? null : job.get("state").asString();
            return "finished".equals(state) || "failed".equals(state);
        });
        return last.get();
    }

    /** Follows the job a start answered (202) as that API's user until it is done. */
    public static JsonNode awaitDone(TestApi api, TestApi.Response started) {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitDone(p -> api.get(p).json(), path(started.json()), Duration.ofSeconds(90));
    }
}
