package org.consortia.mpc.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.consortia.mpc.node.audit.AuditCrossCheck;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit verify FILE [--certs DIR] [--peer FILE ...]}: checks a node's audit log, and its peers' against it. */
@Command(name = "audit", description = "Work with a node's audit log.", subcommands = {AuditCommand.Verify.class})
public class AuditCommand {
    @Command(name = "verify", description = "Verify the hash chain and signatures; names the first edited, removed or "
            + "reordered record. With --peer, checks each peer's log against the signed heads of it this log holds: a "
            + "member that rewrote or truncated its own history is named.")
    static class Verify implements Callable<Integer> {
        @Parameters(index = "0", description = "the audit log (state directory/audit.log)")
        Path file;

        @Option(names = "--certs", description = "a directory with each member's certificate as NAME.crt: checks the signatures")
        Path certs;

        @Option(names = "--peer", description = "NAME=FILE: a copy of member NAME's audit log, to check against the signed heads "
                + "of NAME this log holds (repeatable)")
        List<String> peers = new ArrayList<>();

        @Option(names = "--quiet", description = "print nothing on success")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            AuditLog.Verification own = verify(file, null);
            if (own == null) {
                return 1;
            }
            int failures = 0;
            for (String spec : peers) {
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    System.out.println("FAIL --peer " + spec + ": expected NAME=FILE");
                    failures++;
                    continue;
                }
                String name = spec.substring(0, eq);
                Path p = Path.of(spec.substring(eq + 1));
                if (certs != null && key(name) == null) {
                    System.out.println("FAIL " + p + ": no certificate " + certs.resolve(name + ".crt") + " to check " + name
                            + "'s signatures");
                    failures++;
                    continue;
                }
                AuditLog.Verification theirs = verify(p, name);
                if (theirs == null) {
                    failures++;
                    continue;
                }
                AuditCrossCheck.Result r = AuditCrossCheck.check(own, name, theirs, key(name));
                List<String> problems = new ArrayList<>(r.problems());
                if (r.heldHeads() == 0) {
                    problems.add(file + " holds no signed head of " + name + ": nothing to check its log against");
                }
                for (String problem : problems) {
                    System.out.println("FAIL " + p + ": " + problem);
                }
                failures += problems.isEmpty() ? 0 : 1;
                r = new AuditCrossCheck.Result(r.heldHeads(), problems);
                if (r.problems().isEmpty() && !quiet) {
                    System.out.println("ok   " + p + ": agrees with the " + r.heldHeads() + " signed heads of " + name + " that "
                            + file + " holds");
                }
            }
            return failures == 0 ? 0 : 1;
        }

        /**
         * Verifies one log (signatures too when its member's certificate is in --certs); {@code member}, when given,
         * must be the member the log says it belongs to. {@code null} after printing a failure.
         */
        private AuditLog.Verification verify(Path log, String member) throws Exception {
            AuditLog.Verification v = AuditLog.verify(log, null);
            if (v.ok() && member != null && !member.equals(nodeOf(v))) {
                System.out.println("FAIL " + log + ": it is the log of " + nodeOf(v) + ", not of " + member);
                return null;
            }
            PublicKey key = v.ok() ? key(nodeOf(v)) : null;
            if (key != null) {
                v = AuditLog.verify(log, key);
            }
            if (!v.ok()) {
                System.out.println("FAIL " + log + ": " + v.problem());
                return null;
            }
            if (!quiet) {
                System.out.println("ok   " + log + ": " + v.records() + " records, chain intact" + (key != null ? ", signed by "
                        + nodeOf(v) : "") + ", head " + v.lastHash());
            }
            return v;
        }

        private PublicKey key(String member) throws Exception {
            if (certs == null || member == null) {
                return null;
            }
            Path crt = certs.resolve(member + ".crt");
            return Files.isRegularFile(crt) ? Pki.readCertificate(crt).getPublicKey() : null;
        }

        /** The member whose log this is, from its first node-started (or audit-log-restarted) record. */
        private static String nodeOf(AuditLog.Verification v) {
            for (JsonObject rec : v.entries()) {
                if ("node-started".equals(rec.getString("event")) || "audit-log-restarted".equals(rec.getString("event"))) {
                    return rec.getJsonObject("fields", new JsonObject()).getString("node");
                }
            }
            return null;
        }
    }
}
