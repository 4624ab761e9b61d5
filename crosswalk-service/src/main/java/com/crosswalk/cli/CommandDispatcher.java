package com.crosswalk.cli;

import com.crosswalk.shared.InternalErrors;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import picocli.CommandLine;

/**
 * Runs the command named by {@code crosswalk.command} (the launcher passes
 * {@code --spring.main.web-application-type=none --crosswalk.command=<name> <flags>}) and keeps its exit code;
 * {@code CrosswalkApplication.main} then exits with it. Spring's own {@code --spring.*}, {@code --crosswalk.*},
 * {@code --server.*} and {@code --logging.*} arguments are not passed on to the command.
 */
@Component
@ConditionalOnProperty("crosswalk.command")
public class CommandDispatcher implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private static final List<String> SPRING_PREFIXES = List.of("--spring.", "--crosswalk.", "--server.", "--logging.");
    private final List<CrosswalkCommand> commands;
    private final String commandName;
    private volatile int exitCode;

    CommandDispatcher(List<CrosswalkCommand> commands,
            @org.springframework.beans.factory.annotation.Value("${crosswalk.command}") String commandName) {
        this.commands = commands.stream().sorted(Comparator.comparing(CrosswalkCommand::name)).toList();
        this.commandName = commandName;
    }

    @Override
    public void run(ApplicationArguments args) {
        String[] flags = Arrays.stream(args.getSourceArgs())
                .filter(a -> SPRING_PREFIXES.stream().noneMatch(a::startsWith)).toArray(String[]::new);
        exitCode = execute(commandName, flags, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * Runs one command: {@link ExitCodes#USAGE} for an unknown command or bad flags (one line saying what is wrong),
     * {@link ExitCodes#INTERNAL_ERROR} for a bug (one line with the id of its stack trace in the log), else the
     * command's own code.
     */
    public int execute(String name, String[] flags, PrintWriter out, PrintWriter err) {
        Optional<CrosswalkCommand> command = find(name);
        if (command.isEmpty()) {
            err.println("crosswalk: unknown command '" + name + "' (./crosswalk help lists the commands)");
            err.flush();
            return ExitCodes.USAGE;
        }
        CommandLine line = new CommandLine(command.get());
        line.setCommandName("crosswalk " + name);
        line.setOut(out);
        line.setErr(err);
        line.setParameterExceptionHandler((e, args) -> {
            err.println("crosswalk " + name + ": " + e.getMessage() + " (./crosswalk " + name + " --help for its flags)");
            err.flush();
            return ExitCodes.USAGE;
        });
        line.setExecutionExceptionHandler((e, cl, parsed) -> {
            err.println("crosswalk " + name + ": " + (e instanceof com.crosswalk.shared.CrosswalkException known
                    ? known.getMessage() : InternalErrors.logged(log, "crosswalk " + name, e)));
            err.flush();
            return e instanceof com.crosswalk.shared.CrosswalkException ? ExitCodes.REFUSED : ExitCodes.INTERNAL_ERROR;
        });
        int code = line.execute(flags);
        out.flush();
        err.flush();
        return code;
    }

    public Optional<CrosswalkCommand> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<CrosswalkCommand> commands() {
        return commands;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
