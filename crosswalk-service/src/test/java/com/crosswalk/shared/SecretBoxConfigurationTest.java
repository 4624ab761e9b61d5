package com.crosswalk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file on a fresh home: owner-only from its first byte, and one key however many processes start at once. */
class SecretBoxConfigurationTest {

    @Test
    void racingStartsOnAFreshHomeAllGetTheSameKeyAndTheFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path keyFile = dir.resolve("home" + round).resolve("secret.key");
            int racers = 8;
            CyclicBarrier start = new CyclicBarrier(racers);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<String>> keys = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    keys.add(pool.submit(() -> {
                        start.await();
                        return java.util.Base64.getEncoder().encodeToString(SecretBoxConfiguration.keyFile(keyFile));
                    }));
                }
                Set<String> distinct = new HashSet<>();
                for (Future<String> k : keys) {
                    distinct.add(k.get());
                }
                assertThat(distinct).as("round %d: one key for all", round).hasSize(1);
                assertThat(java.util.Base64.getDecoder().decode(distinct.iterator().next())).hasSize(32);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
                try (var files = Files.list(keyFile.getParent())) {
                    assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left")
                            .containsExactly("secret.key");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anExistingKeyIsKept(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("secret.key");
        byte[] first = SecretBoxConfiguration.keyFile(keyFile);
        assertThat(SecretBoxConfiguration.keyFile(keyFile)).isEqualTo(first);
    }
}
