package com.crosswalk.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The embedded PostgreSQL a running Crosswalk (e.g. {@code ./crosswalk demo}) serves from {@code crosswalk.home}:
 * PostgreSQL itself writes its process id and port into {@code pgdata/postmaster.pid} (line 1 the process id, line 4
 * the port) while it runs. An administration command started beside it uses that database instead of starting a
 * second PostgreSQL on the same data directory.
 */
public final class RunningEmbeddedDatabase {

    private RunningEmbeddedDatabase() {
    }

    /** The port of the PostgreSQL running on {@code home}/pgdata, if its process is alive. */
    public static OptionalInt port(Path home) {
        Path pid = home.resolve("pgdata").resolve("postmaster.pid");
        if (!Files.isRegularFile(pid)) {
            return OptionalInt.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return OptionalInt.empty();
            }
            long process = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false);
            return alive && port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
