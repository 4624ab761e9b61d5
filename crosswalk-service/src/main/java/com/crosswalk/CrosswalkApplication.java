package com.crosswalk;

import com.crosswalk.cli.ExitCodes;
import com.crosswalk.database.EmbeddedDatabaseHeadStart;
import com.crosswalk.demo.DemoEmulatorHeadStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CrosswalkApplication {

    /** Where an administration command logs (its console shows only the command's own words). */
    static final String COMMAND_LOG = "${crosswalk.home}/logs/crosswalk-command.log";

    public static void main(String[] args) {
        String command = Arrays.stream(args).filter(a -> a.startsWith("--crosswalk.command=")).findFirst()
                .map(a -> a.substring("--crosswalk.command=".length())).orElse(null);
        if (!aotFits(args, System.getenv(), System.getProperties())) {
            System.clearProperty(AOT_ENABLED);
        }
        if (command == null) {
            SpringApplication app = new SpringApplication(CrosswalkApplication.class);
            // PostgreSQL and the demo's emulator start while Spring builds the context (HeadStart)
            app.addListeners(new EmbeddedDatabaseHeadStart(), new DemoEmulatorHeadStart());
            String steps = System.getenv(STARTUP_STEPS);
            BufferingApplicationStartup timeline = steps == null || steps.isBlank() ? null
                    : new BufferingApplicationStartup(20_000);
            if (timeline != null) {
                app.setApplicationStartup(timeline);
            }
            app.run(args);
            if (timeline != null) {
                writeStartupSteps(timeline, Path.of(steps));
            }
            return;
        }
        System.exit(runCommand(command, args));
    }

    static final String AOT_ENABLED = "spring.aot.enabled";
    /** The arguments of a plain demo start: none of them changes which beans exist. */
    private static final java.util.Set<String> PLAIN_DEMO_ARGUMENTS = java.util.Set.of("--server.port",
            "--crosswalk.emulator-port", "--crosswalk.home");
    /** The environment variables of a plain demo start (none of them is read by a condition). */
    private static final java.util.Set<String> PLAIN_DEMO_ENVIRONMENT = java.util.Set.of("CROSSWALK_HOME",
            "CROSSWALK_SECRET_KEY", "CROSSWALK_METRICS_SCRAPE_TOKEN", "CROSSWALK_JAVA_OPTS", "CROSSWALK_SKIP_BUILD",
            "CROSSWALK_DB_USER", "CROSSWALK_DB_PASSWORD", "CROSSWALK_STARTUP_STEPS");
    /**
     * Where to write the start-up's steps (Spring's application startup timeline: each step's duration and start,
     * longest first), for finding what a start spends its time on; unset: not recorded.
     */
    static final String STARTUP_STEPS = "CROSSWALK_STARTUP_STEPS";

    /**
     * Whether the bean definitions made at build time (the pom's process-aot, with {@code --crosswalk.demo=true})
     * are this start's: a demo on the embedded default, with only ports and home given. Any other argument, a
     * {@code SPRING_*} environment variable, a {@code CROSSWALK_*} one other than those of {@link
     * #PLAIN_DEMO_ENVIRONMENT} (an empty {@code CROSSWALK_DB_URL} is the embedded default) or a {@code spring.*} or
     * {@code crosswalk.*} system property could change the conditions those definitions were chosen by, so such a start builds its context as usual (the
     * launcher asks for AOT on every {@code ./crosswalk demo}; this decides).
     */
    static boolean aotFits(String[] args, Map<String, String> env, java.util.Properties system) {
        if (!Boolean.parseBoolean(system.getProperty(AOT_ENABLED))) {
            return false;
        }
        boolean demo = false;
        for (String arg : args) {
            if (arg.equals("--crosswalk.demo=true")) {
                demo = true;
            } else if (!PLAIN_DEMO_ARGUMENTS.contains(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)) {
                return false;
            }
        }
        boolean environmentChangesNothing = env.keySet().stream().noneMatch(k -> k.startsWith("SPRING_")
                || (k.startsWith("CROSSWALK_") && !PLAIN_DEMO_ENVIRONMENT.contains(k)
                        && !(k.equals("CROSSWALK_DB_URL") && env.get(k).isBlank())));
        boolean systemChangesNothing = system.stringPropertyNames().stream()
                .noneMatch(k -> (k.startsWith("spring.") && !k.startsWith("spring.aot.")
                        && !k.equals("spring.context.exit")) || k.startsWith("crosswalk."));
        return demo && environmentChangesNothing && systemChangesNothing;
    }

    private static void writeStartupSteps(BufferingApplicationStartup timeline, Path file) {
        StartupTimeline steps = timeline.getBufferedTimeline();
        List<String> lines = new ArrayList<>();
        lines.add("# duration ms, start ms (from the timeline's start), step, tags");
        steps.getEvents().stream()
                .sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
                .forEach(e -> {
                    StringBuilder tags = new StringBuilder();
                    e.getStartupStep().getTags().forEach(t -> tags.append(' ').append(t.getKey()).append('=')
                            .append(t.getValue()));
                    lines.add(String.format(Locale.ROOT, "%9.1f %9.1f %s%s", e.getDuration().toNanos() / 1e6,
                            Duration.between(steps.getStartTime(), e.getStartTime()).toNanos() / 1e6,
                            e.getStartupStep().getName(), tags));
                });
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            System.err.println("Could not write the start-up steps to " + file + ": " + e);
        }
    }

    /**
     * An administration command (cli package): the service without its web server, logging to
     * {@value #COMMAND_LOG} only, so the terminal shows the command's own answer; a start that fails (e.g. the
     * database) is one line and {@link ExitCodes#CANNOT_START}, not a stack trace.
     */
    static int runCommand(String command, String[] args) {
        SpringApplication app = new SpringApplication(CrosswalkApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(Map.of("logging.threshold.console", "OFF", "logging.file.name", COMMAND_LOG));
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("crosswalk " + command + ": Crosswalk could not start: " + root.getMessage()
                    + " (details in the log under CROSSWALK_HOME/logs/crosswalk-command.log)");
            return ExitCodes.CANNOT_START;
        }
        return SpringApplication.exit(context);
    }
}
