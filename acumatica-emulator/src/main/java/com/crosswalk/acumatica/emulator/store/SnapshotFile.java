package com.crosswalk.acumatica.emulator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the store in a JSON file: debounced writes (100 ms after a change), atomic (temp file + rename). */
public final class SnapshotFile {
    private static final Logger LOG = Logger.getLogger(SnapshotFile.class.getName());
    private final Path file;
    private final Store store;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SnapshotFile(Path file, Store store, ScheduledExecutorService scheduler) {
        this.file = file.toAbsolutePath();
        this.store = store;
        this.scheduler = scheduler;
    }

    /** Loads the file into the store if it exists; returns whether it did. */
    public boolean load() {
        if (!Files.exists(file)) return false;
        try {
            store.importState(JsonCodec.MAPPER.readTree(file.toFile()));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read emulator data file " + file, e);
        }
    }

    public void markDirty() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::writeQuietly, 100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { // scheduler shut down: write now
                scheduled.set(false);
                writeQuietly();
            }
        }
    }

    private void writeQuietly() {
        scheduled.set(false);
        try {
            write();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot write emulator data file " + file, e);
        }
    }

    public synchronized void write() throws IOException {
        Path dir = file.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            JsonCodec.MAPPER.writeValue(tmp.toFile(), store.exportState());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
