package com.crosswalk.erp.unlink;

import com.crosswalk.cli.CrosswalkCommand;
import com.crosswalk.cli.ExitCodes;
import com.crosswalk.directory.AccountLookup;
import com.crosswalk.directory.SignedInUser;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./crosswalk unlink --company 1 --cco 42 --as approver} (or {@code --commitment 7}): the same unlink as the
 * web page and the REST API — {@link UnlinkService}, with the permissions of the {@code --as} user. Prints the message.
 * Exit codes ({@link ExitCodes}): 0 unlinked, 1 refused (permissions, still in the ERP, not synced, no such or
 * inactive user), 2 usage error (unknown or missing flags), 3 not found, 4 the ERP could not be reached, 6 an internal
 * error (the message gives the id of its stack trace in the log). Nothing is changed unless it exits 0.
 */
@Component
@Command(name = "unlink", mixinStandardHelpOptions = true,
        description = "Unlinks a CCO or commitment from its ERP record, as a given user")
class UnlinkCommand implements CrosswalkCommand {


    private final UnlinkService unlinks;
    private final AccountLookup accounts;

    @Spec
    CommandSpec spec;

    @Option(names = "--company", required = true, description = "the company's id")
    long companyId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static class Target {
        @Option(names = "--cco", description = "the commitment change order's id")
        Long cco;

        @Option(names = "--commitment", description = "the commitment's id")
        Long commitment;
    }

    @Option(names = "--as", required = true, description = "login of the user who unlinks (their permissions apply)")
    String login;

    UnlinkCommand(UnlinkService unlinks, AccountLookup accounts) {
        this.unlinks = unlinks;
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "unlink";
    }

    @Override
    public String description() {
        return "Unlinks a CCO or commitment: --company ID (--cco ID | --commitment ID) --as LOGIN";
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        SignedInUser user;
        try {
            user = accounts.loadUserByUsername(login);
        } catch (UsernameNotFoundException e) {
            err.println("No user '" + login + "'");
            err.flush();
            return ExitCodes.REFUSED;
        }
        if (!user.isEnabled()) {
            err.println("The account '" + login + "' is not active");
            err.flush();
            return ExitCodes.REFUSED;
        }
        UnlinkResult result = target.cco != null
                ? unlinks.unlinkChangeOrder(user, companyId, target.cco)
                : unlinks.unlinkCommitment(user, companyId, target.commitment);
        (result.succeeded() ? out : err).println(result.message());
        out.flush();
        err.flush();
        return exitCode(result.outcome());
    }

    static int exitCode(UnlinkOutcome outcome) {
        return switch (outcome) {
            case UNLINKED -> ExitCodes.OK;
            case FORBIDDEN, STILL_IN_ERP, NOT_SYNCED -> ExitCodes.REFUSED;
            case ERP_UNAVAILABLE -> ExitCodes.ERP_UNREACHABLE;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case ERROR -> ExitCodes.INTERNAL_ERROR;
        };
    }
}
