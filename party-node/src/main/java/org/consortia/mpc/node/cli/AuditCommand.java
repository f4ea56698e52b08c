package org.consortia.mpc.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.consortia.mpc.node.audit.AuditLog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit verify FILE}: checks a node's hash-chained audit log. */
@Command(name = "audit", description = "Work with a node's audit log.", subcommands = {AuditCommand.Verify.class})
public class AuditCommand {
    @Command(name = "verify", description = "Verify the hash chain; names the first edited, removed or reordered record.")
    static class Verify implements Callable<Integer> {
        @Parameters(index = "0", description = "the audit log (state directory/audit.log)")
        Path file;

        @Option(names = "--quiet", description = "print nothing on success")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            AuditLog.Verification v = AuditLog.verify(file);
            if (!v.ok()) {
                System.out.println("FAIL " + file + ": " + v.problem());
                return 1;
            }
            if (!quiet) {
                System.out.println("ok   " + file + ": " + v.records() + " records, chain intact, head " + v.lastHash());
            }
            return 0;
        }
    }
}
