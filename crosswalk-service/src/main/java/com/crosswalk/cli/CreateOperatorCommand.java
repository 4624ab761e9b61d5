package com.crosswalk.cli;

import com.crosswalk.directory.DirectoryService;
import com.crosswalk.shared.CrosswalkException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./crosswalk create-operator --login ops --password-file /run/secrets/ops} (or {@code --password-env VAR}):
 * creates a platform operator. The password is never a flag, so it stays out of the shell history and process list.
 */
@Component
@Command(name = "create-operator", mixinStandardHelpOptions = true,
        description = "Creates a platform operator (grants Can Push to Accounting, sees every company)")
class CreateOperatorCommand implements CrosswalkCommand {

    private final DirectoryService directory;

    @Spec
    CommandSpec spec;

    @Option(names = "--login", required = true, description = "the operator's login")
    String login;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PasswordSource password;

    static class PasswordSource {
        @Option(names = "--password-file", description = "file holding the password (first line)")
        Path file;

        @Option(names = "--password-env", description = "environment variable holding the password")
        String env;
    }

    CreateOperatorCommand(DirectoryService directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "create-operator";
    }

    @Override
    public String description() {
        return "Creates a platform operator: --login NAME (--password-file FILE | --password-env VAR)";
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String secret;
        if (password.file != null) {
            if (!Files.isReadable(password.file)) {
                err.println("Cannot read the password file " + password.file);
                return 1;
            }
            secret = Files.readString(password.file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } else {
            secret = System.getenv(password.env);
            if (secret == null) {
                err.println("The environment variable " + password.env + " is not set");
                return 1;
            }
        }
        if (secret.length() < 8) {
            err.println("The password must be at least 8 characters");
            return 1;
        }
        if (!login.matches("[A-Za-z0-9._@-]{2,100}")) {
            err.println("The login must be 2 to 100 letters, digits or . _ @ -");
            return 1;
        }
        try {
            long id = directory.createOperator(login, secret, "cli");
            spec.commandLine().getOut().println("Created platform operator '" + login + "' (id " + id + ")");
            return 0;
        } catch (CrosswalkException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
