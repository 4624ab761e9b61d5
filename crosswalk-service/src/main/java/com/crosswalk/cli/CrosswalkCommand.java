package com.crosswalk.cli;

import java.util.concurrent.Callable;

/**
 * One command of {@code ./crosswalk <name> [flags]}. To add a command, make a Spring bean (in any package) that
 * implements this interface and is annotated with picocli's {@code @Command} (its {@code @Option}s are the flags);
 * {@link CommandDispatcher} finds it by {@link #name()}, parses the flags with picocli and exits with
 * {@link #call()}'s result. Commands run inside the Spring context without the web server, the demo emulator or the
 * demo loader. Write results to {@link picocli.CommandLine.Model.CommandSpec#commandLine()}'s out/err (a
 * {@code @Spec} field), not System.out, so tests can read them.
 */
public interface CrosswalkCommand extends Callable<Integer> {

    /** The name typed after {@code ./crosswalk}, e.g. {@code create-operator}. */
    String name();

    /** One line for {@code ./crosswalk help}. */
    String description();
}
