package org.consortia.mpc.node.cli;

import java.util.concurrent.Callable;

import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.inference.trees.TreeExport;
import org.consortia.mpc.node.analysis.GbdtJob;
import org.consortia.mpc.node.client.JobClient;
import org.consortia.mpc.node.jobs.JobSpec;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs}, {@code status ID}, {@code result ID}, {@code cancel ID} against a node's job API (from any host). */
public final class JobsCommand {
    private JobsCommand() {
    }

    abstract static class Base implements Callable<Integer> {
        @Option(names = "--api", defaultValue = "https://127.0.0.1:8101", description = "the node's job API")
        String api;

        @Option(names = "--ca", defaultValue = "${env:MPC_API_CA}", description = "the consortium CA certificate")
        java.nio.file.Path ca;

        @Option(names = "--token", defaultValue = "${env:MPC_API_TOKEN}", description = "bearer token (default: $MPC_API_TOKEN)")
        String token;

        @Override
        public Integer call() throws Exception {
            try {
                return run(SubmitCommand.client(api, token, ca));
            } catch (JobClient.ApiException e) {
                System.err.println(e.getMessage());
                return ExitCodes.JOB_FAILED;
            }
        }

        abstract int run(JobClient c) throws Exception;
    }

    @Command(name = "jobs", description = {"List the jobs this node knows, newest first, a page at a time: id, analysis, "
        + "state, when it started (local time) and the failure (code, phase, node) or refusal.",
        "The last line says which of how many are shown, and the next page's --offset."})
    public static class List extends Base {
        @Option(names = "--state", description = "only jobs in this state: PROPOSED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED")
        String state;

        @Option(names = "--limit", defaultValue = "50", description = "jobs per page, 1 to 500 (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "skip this many of the newest (default: ${DEFAULT-VALUE})")
        int offset;

        @Override
        int run(JobClient c) throws Exception {
            JobClient.JobList page = c.jobs(state, offset, limit);
            System.out.printf("%-17s %-20s %-10s %-19s %s%n", "id", "analysis", "state", "started", "failure");
            for (JsonObject j : page.jobs()) {
                System.out.printf("%-17s %-20s %-10s %-19s %s%n", j.getString("id"), j.getJsonObject("spec").getString("analysis"),
                        j.getString("state"), localTime(j.getString("started")), failure(j));
            }
            int shown = page.jobs().size();
            System.out.println(shown == 0 ? "no jobs" + (page.total() > 0 ? " here (" + page.total() + " in all; --offset "
                    + page.offset() + " is past them)" : "") + (state == null ? "" : " in state " + state)
                    : "jobs " + (page.offset() + 1) + " to " + (page.offset() + shown) + " of " + page.total()
                    + (page.offset() + shown < page.total()
                    ? "; next: --offset " + (page.offset() + shown) : ""));
            return ExitCodes.OK;
        }

        /** An ISO instant as local time to the second ({@code 2026-12-05 04:10:33}); anything else as it is. */
        static String localTime(String iso) {
            if (iso == null) {
                return "";
            }
            try {
                return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .format(java.time.Instant.parse(iso).atZone(java.time.ZoneId.systemDefault()));
            } catch (java.time.DateTimeException e) {
                return iso;
            }
        }

        private static String failure(JsonObject j) {
            JsonObject e = j.getJsonObject("error");
            if (e != null) {
                return e.getString("code") + " (" + e.getString("phase") + ", " + e.getString("party") + ")";
            }
            return j.getString("refusal", "");
        }
    }

    @Command(name = "budget", description = {"Show this node's privacy budget per dataset: the budget, what is spent "
        + "this period, reserved by running jobs, and left.", "With --history, the ledger: which jobs reserved, spent and "
        + "released what (trace a refusal for budget to the jobs that spent it)."})
    public static class BudgetCmd extends Base {
        @Option(names = "--history", arity = "0..1", fallbackValue = "*", description = "the ledger of one dataset (all when "
                + "no dataset is named)")
        String history;

        @Override
        int run(JobClient c) throws Exception {
            JsonObject b = c.budget(history);
            System.out.printf("%-20s %12s %12s %12s %12s  %s%n", "dataset", "budget eps", "spent eps", "reserved eps", "left eps",
                    "left delta");
            for (Object o : b.getJsonArray("datasets")) {
                JsonObject d = (JsonObject) o;
                System.out.printf(java.util.Locale.ROOT, "%-20s %12.4f %12.4f %12.4f %12.4f  %.3g%n", d.getString("dataset"),
                        d.getJsonObject("budget").getDouble("epsilon"), d.getJsonObject("spent").getDouble("epsilon"),
                        d.getJsonObject("reserved").getDouble("epsilon"), d.getJsonObject("left").getDouble("epsilon"),
                        d.getJsonObject("left").getDouble("delta"));
            }
            if (b.getJsonArray("history") != null) {
                System.out.println();
                for (Object o : b.getJsonArray("history")) {
                    JsonObject e = (JsonObject) o;
                    System.out.printf(java.util.Locale.ROOT, "%s  %-17s %-20s %-9s epsilon %.4f delta %.3g%n", e.getString("time"),
                            e.getString("job"), e.getString("dataset"), e.getString("state"), e.getDouble("epsilon"),
                            e.getDouble("delta"));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show one job's record.")
    public static class Status extends Base {
        @Parameters(index = "0", description = "the job's id")
        String id;

        @Override
        int run(JobClient c) throws Exception {
            System.out.println(c.job(id).encodePrettily());
            return ExitCodes.OK;
        }
    }

    @Command(name = "result", description = "Show a job's result (only on a result recipient's node).")
    public static class Result extends Base {
        @Parameters(index = "0", description = "the job's id")
        String id;

        @Option(names = "--onnx", description = "a gbdt job: also write the model as ONNX-ML to this file (features by "
                + "position, thresholds as each member's bins)")
        java.nio.file.Path onnx;

        @Override
        int run(JobClient c) throws Exception {
            JobClient.LabelledResult r = c.labelledResult(id);
            if (onnx != null) {
                var spec = JobSpec.fromJson(c.job(id).getJsonObject("spec"));
                if (!spec.analysis().equals("gbdt")) {
                    System.err.println("--onnx: job " + id + " is a " + spec.analysis() + " job, not gbdt");
                    return ExitCodes.USAGE;
                }
                BoostedTrees model;
                try {
                    model = GbdtJob.model(spec.params(), r.values());
                } catch (IllegalArgumentException e) {
                    System.err.println("--onnx: job " + id + ": " + e.getMessage());
                    return ExitCodes.USAGE;
                }
                java.nio.file.Files.write(onnx, TreeExport.onnx(model, null));
                System.err.println("wrote " + onnx + ": " + model);
            }
            if (r.labels() == null) {
                System.out.println(java.util.Arrays.toString(r.values()));
            } else { // one value a line, named
                for (int i = 0; i < r.values().length; i++) {
                    System.out.println(r.labels().get(i) + " = " + r.values()[i]);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a job on every node.")
    public static class Cancel extends Base {
        @Parameters(index = "0", description = "the job's id")
        String id;

        @Override
        int run(JobClient c) throws Exception {
            c.cancel(id);
            System.out.println("cancellation of " + id + " sent");
            return ExitCodes.OK;
        }
    }
}
