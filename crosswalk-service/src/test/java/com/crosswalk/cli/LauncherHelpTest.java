package com.crosswalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * {@code ./crosswalk help} (the launcher's header, printed without starting Java) lists every administration command
 * — each {@link CrosswalkCommand} of the service, found by its picocli {@code @Command} name — and the exit codes.
 */
class LauncherHelpTest {

    @Test
    void helpListsEveryCommandAndTheExitCodes() throws Exception {
        Path launcher = Path.of("..", "crosswalk");
        String header = String.join("\n", Files.readAllLines(launcher).stream().skip(1)
                .takeWhile(l -> l.startsWith("#")).toList());
        List<String> commands = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.crosswalk").stream()
                .filter(c -> c.isAssignableTo(CrosswalkCommand.class) && !c.isInterface())
                .map(LauncherHelpTest::name).toList();
        assertThat(commands).contains("unlink", "create-operator", "help");
        for (String command : commands) {
            assertThat(header).as("./crosswalk help lists " + command).contains("./crosswalk " + command);
        }
        assertThat(header).contains("0 done", "1 refused", "2 usage error", "3 not found", "4 ERP unreachable",
                "5 Crosswalk could not start", "6 internal error");
        assertThat(ExitCodes.USAGE).isNotEqualTo(ExitCodes.ERP_UNREACHABLE);
    }

    private static String name(JavaClass c) {
        return c.getAnnotationOfType(Command.class).name();
    }
}
