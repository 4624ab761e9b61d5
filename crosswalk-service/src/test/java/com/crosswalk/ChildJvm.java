package com.crosswalk;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How tests start the service as its own operating-system process ({@code java ... -cp <the test classpath>
 * com.crosswalk.CrosswalkApplication}), with the launcher's fast start: {@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC} and a class-data-sharing archive made once per test JVM by a training run (as {@code ./crosswalk
 * prepare} makes one), so each of the many starts of ProcessFaultsTest and CommandLineNextToDemoTest loads its classes
 * from the archive. Class-data sharing takes classes from jars only: the classpath's class directories are copied
 * into jars first (same classes, same order). A failed training run only costs the speed-up.
 */
public final class ChildJvm {

    private static List<String> prefix;

    private ChildJvm() {
    }

    /** {@code java}, its options and {@code -cp ...}: the main class and its arguments follow. */
    public static synchronized List<String> command() throws IOException {
        if (prefix == null) {
            prefix = prepare();
        }
        return new ArrayList<>(prefix);
    }

    private static List<String> prepare() throws IOException {
        Path dir = Path.of("target", "child-jvm").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : classpath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve((i++) + "-" + p.getFileName() + ".jar");
                jar(p, jar);
                entries.add(jar.toString());
            } else if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        String cp = String.join(File.pathSeparator, entries);
        List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        Path archive = dir.resolve("app.jsa");
        Path trainingHome = Files.createTempDirectory(dir, "training-home");
        List<String> training = new ArrayList<>(base);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dspring.context.exit=onRefresh", "-cp", cp, "com.crosswalk.CrosswalkApplication", "--server.port=0",
                "--crosswalk.home=" + trainingHome, "--crosswalk.demo=true", "--crosswalk.emulator-port=0",
                "--crosswalk.reconcile.enabled=false"));
        boolean trained = false;
        try {
            Process p = new ProcessBuilder(training).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("training.log").toFile()).start();
            if (p.waitFor(3, TimeUnit.MINUTES)) {
                trained = p.exitValue() == 0 && Files.size(archive) > 0;
            } else {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        // the training home stays under target/child-jvm (its PostgreSQL is stopped by the service's own watchdog,
        // which needs the data directory), and is removed by the next test JVM's preparation
        List<String> cmd = new ArrayList<>(base);
        if (trained) {
            // -Xshare:auto (the default): an archive that does not match is ignored, never fatal
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        } else {
            System.out.println("ChildJvm: no class-data-sharing archive (see " + dir.resolve("training.log") + ")");
        }
        cmd.addAll(List.of("-cp", cp));
        Files.write(dir.resolve("command.txt"), cmd); // to start one by hand the same way
        return cmd;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    // directory entries too: classpath scanning (components, Flyway's migrations) lists them
                    j.putNextEntry(new JarEntry(name + "/"));
                    j.closeEntry();
                } else {
                    j.putNextEntry(new JarEntry(name));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
        }
    }

    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
