package com.crosswalk;

import com.crosswalk.cli.ExitCodes;
import com.crosswalk.database.EmbeddedDatabaseHeadStart;
import com.crosswalk.demo.DemoEmulatorHeadStart;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
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
        if (command == null) {
            SpringApplication app = new SpringApplication(CrosswalkApplication.class);
            // PostgreSQL and the demo's emulator start while Spring builds the context (HeadStart)
            app.addListeners(new EmbeddedDatabaseHeadStart(), new DemoEmulatorHeadStart());
            app.run(args);
            return;
        }
        System.exit(runCommand(command, args));
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
