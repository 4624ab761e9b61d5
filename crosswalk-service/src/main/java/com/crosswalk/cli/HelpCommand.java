package com.crosswalk.cli;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./crosswalk help}: lists the administration commands. */
@Component
@Command(name = "help", description = "Lists the administration commands")
class HelpCommand implements CrosswalkCommand {

    private final ObjectProvider<CrosswalkCommand> commands;

    @Spec
    CommandSpec spec;

    HelpCommand(ObjectProvider<CrosswalkCommand> commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "Lists the administration commands";
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Administration commands (./crosswalk <command> --help for its flags):");
        List<CrosswalkCommand> all = commands.orderedStream().sorted(java.util.Comparator.comparing(CrosswalkCommand::name)).toList();
        all.forEach(c -> out.printf("  %-18s %s%n", c.name(), c.description()));
        return 0;
    }
}
