package org.consortia.mpc.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.budget.BudgetLedger;
import org.consortia.mpc.node.jobs.JobStore;
import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.runtime.tls.Pki;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code state repair --config NODE.yaml}: the documented recovery when a node refuses to start on its state.
 * Job records that are not valid JSON records are moved to {@code jobs.jsonl.bad-TIME} (unreadable budget records are reported, never moved); an audit log that fails
 * verification is moved to {@code audit.log.broken-TIME} and a new signed log is started whose first record
 * names the old file, how many of its records verified and their head. Nothing is deleted.
 */
@Command(name = "state", description = "Work with a node's state directory.", subcommands = {StateCommand.Repair.class})
public class StateCommand {
    @Command(name = "repair", description = "Move bad job records aside; move a broken audit log aside and start a new one "
            + "that names it. Run it with the node stopped.")
    static class Repair implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "${sys:mpc.home:-.}/conf/node.yaml",
            description = "the node file (YAML; default: conf/node.yaml of the installation)")
        Path config;

        @Override
        public Integer call() throws Exception {
            NodeConfig node;
            try {
                node = ConfigLoader.node(config);
            } catch (ConfigException e) {
                System.err.println("configuration error: " + e.getMessage());
                return 2;
            }
            String stamp = Instant.now().toString().replace(':', '-');
            repairJobs(node.stateDir().resolve("jobs.jsonl"), stamp, JobStore::wellFormed);
            checkBudget(node.stateDir().resolve("budget.jsonl"));
            repairAudit(node, node.stateDir().resolve("audit.log"), stamp);
            return 0;
        }

        /**
         * The budget ledger is never repaired automatically: moving a record aside could give back budget that a job
         * spent. Unreadable records are reported for the operator to restore (a torn last record the node itself sets
         * aside at start: it was never acted on).
         */
        private static void checkBudget(Path file) throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            int bad = 0;
            int n = 0;
            try (java.io.BufferedReader r = AuditLog.lenientReader(file)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        n++;
                        bad += BudgetLedger.wellFormed(line) ? 0 : 1;
                    }
                }
            }
            System.out.println(bad == 0 ? "ok   " + file + ": " + n + " records" : "NOT REPAIRED " + file + ": " + bad + " of " + n
                    + " records are unreadable; restore them from a backup (moving them aside would give back the budget "
                    + "they may record as spent)");
        }

        /** Moves the lines of {@code file} that {@code wellFormed} rejects aside (job records). */
        private static void repairJobs(Path file, String stamp, java.util.function.Predicate<String> wellFormed)
                throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            List<String> good = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            try (java.io.BufferedReader r = AuditLog.lenientReader(file)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    // the same test the node applies at start, and the same size limit
                    boolean ok = line.length() < AppendOnlyFile.MAX_RECORD_BYTES
                            && wellFormed.test(line);
                    (ok ? good : bad).add(line);
                }
            }
            if (bad.isEmpty()) {
                System.out.println("ok   " + file + ": " + good.size() + " records, nothing to repair");
                return;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".bad-" + stamp);
            Files.write(aside, bad, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, good, StandardCharsets.UTF_8);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // durable before it replaces the file
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.out.println("moved " + bad.size() + " bad record(s) of " + file + " to " + aside);
        }

        private static void repairAudit(NodeConfig node, Path file, String stamp) throws Exception {
            if (!Files.exists(file)) {
                return;
            }
            AuditLog.Verification v = AuditLog.verify(file, null);
            if (v.ok()) {
                System.out.println("ok   " + file + ": " + v.records() + " records, chain intact, nothing to repair");
                return;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".broken-" + stamp);
            Files.move(file, aside);
            AuditLog log = AuditLog.open(file, Pki.readPrivateKey(node.privateKey()));
            log.append("audit-log-restarted", new JsonObject().put("node", node.self().name())
                    .put("previousFile", aside.getFileName().toString()).put("previousRecordsVerified", v.records())
                    .put("previousHead", v.lastHash()).put("previousProblem", v.problem()));
            System.out.println("moved " + file + " (" + v.problem() + ") to " + aside + "; started a new signed log naming it");
        }
    }
}
