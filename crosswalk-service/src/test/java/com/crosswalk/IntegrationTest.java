package com.crosswalk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the whole service on a real embedded PostgreSQL (and, in demo mode, the Acumatica emulator over
 * HTTP), on a random port. All such tests share one application context (same configuration), so the database
 * starts once per test run; tests create their own records or use the demo's, and never truncate. Every REST request
 * and response is validated against the service's own OpenAPI document ({@link ContractValidation}); the statements
 * of a request can be counted ({@link QueryCounter}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crosswalk.demo=true")
@ActiveProfiles("test")
@Import({ContractValidation.Config.class, QueryCounter.class, FastPasswordHashes.class})
@ExtendWith(ContractValidation.Check.class)
public @interface IntegrationTest {
}
