package org.consortia.mpc.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The party node's command line: {@code mpc-node run|dealer|check-config|keygen|token|state|submit|jobs|status|result|cancel|audit}. */
@Command(name = "mpc-node", mixinStandardHelpOptions = true, version = "mpc-node 0.1.0",
        description = "A consortium member's secure multi-party computation node.",
        subcommands = {RunCommand.class, DealerCommand.class, CheckConfigCommand.class, KeygenCommand.class,
            SubmitCommand.class, TokenCommand.class, StateCommand.class, JobsCommand.List.class, JobsCommand.Status.class, JobsCommand.Result.class,
            JobsCommand.Cancel.class, AuditCommand.class})
public final class MpcNode {
    public static void main(String[] args) {
        System.exit(new CommandLine(new MpcNode()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
