package org.consortia.mpc.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The party node's command line: {@code mpc-node run|dealer|check-config|keygen|ca|token|state|submit|jobs|status|result|cancel|budget|audit|simulate}. */
@Command(name = "mpc-node", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "mpc-node 0.1.0",
        description = "A consortium member's secure multi-party computation node.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:ok", "1:the job failed or was refused, or the API refused the request",
            "2:bad usage, or a configuration or input file error",
            "3:unreachable: connection refused, unknown host, TLS refused", "4:timed out",
            "5:internal error (--verbose shows the stack trace)"},
        subcommands = {RunCommand.class, DealerCommand.class, CheckConfigCommand.class, KeygenCommand.class, CaCommand.class,
            SubmitCommand.class, QueryCommand.class, TokenCommand.class, StateCommand.class, JobsCommand.List.class, JobsCommand.Status.class, JobsCommand.Result.class,
            JobsCommand.Cancel.class, JobsCommand.BudgetCmd.class, AuditCommand.class, SimulateCommand.class})
public final class MpcNode {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces with errors")
    boolean verbose;

    public static void main(String[] args) {
        inMemoryKeyStoresWithoutKeyStretching();
        System.exit(commandLine().execute(args));
    }

    /**
     * Netty and Vert.x hand the node's key to their TLS engines through PKCS12 key stores they build in memory and
     * never write anywhere; the JDK protects a key in such a store with 10,000 rounds of PBKDF2 on the way in and again
     * on the way out (and MACs the store), which protects nothing in memory and, still interpreted at start-up, was a
     * third of a node's start-up CPU (four TLS contexts). The node writes no key store (keys are PEM files), so its
     * process sets the iteration counts to 1 unless the operator set them.
     */
    static void inMemoryKeyStoresWithoutKeyStretching() {
        for (String property : new String[] {"keystore.pkcs12.keyPbeIterationCount", "keystore.pkcs12.macIterationCount"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "1");
            }
        }
    }

    /** The command line with its exit codes and one-line errors ({@link ExitCodes}). */
    public static CommandLine commandLine() {
        return new CommandLine(new MpcNode()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ExitCodes.Handler());
    }
}
