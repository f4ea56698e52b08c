package org.consortia.mpc.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.node.client.JobClient;
import org.consortia.mpc.node.jobs.JobSpec;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a joint job to a node's job API (from any host) and, with --wait, follows it with a progress line. */
@Command(name = "submit", description = "Submit a joint job to a party node (spec from a YAML/JSON file or options).")
public class SubmitCommand implements Callable<Integer> {
    @Option(names = "--api", defaultValue = "https://127.0.0.1:8101", description = "the node's job API")
    String api;

    @Option(names = "--token", defaultValue = "${env:MPC_API_TOKEN}", description = "bearer token (default: $MPC_API_TOKEN)")
    String token;

    @Option(names = "--ca", defaultValue = "${env:MPC_API_CA}", description = "the consortium CA certificate that signed the "
            + "node's (default: $MPC_API_CA)")
    Path ca;

    @Parameters(index = "0", arity = "0..1", description = "job file: YAML or JSON with analysis and params")
    Path file;

    @Option(names = "--analysis", description = "linear-regression, logistic-regression, inference, secure-sum, ...")
    String analysis;

    @Option(names = {"-p", "--param"}, description = "a parameter key=value (repeatable; overrides the file)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--wait", description = "follow the job (a progress line), then print its record and result")
    boolean await;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait (with --wait)")
    int timeout;

    @Override
    public Integer call() throws Exception {
        JobSpec spec;
        try {
            spec = spec();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("job file: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        JobClient c = client(api, token, ca);
        String id;
        try {
            id = c.submit(spec.toJson());
        } catch (JobClient.ApiException e) {
            System.err.println("submit refused: " + e.getMessage());
            return ExitCodes.JOB_FAILED;
        }
        if (!await) {
            System.out.println(id);
            return ExitCodes.OK;
        }
        return follow(c, id, timeout);
    }

    /** A client for the options; {@code "null"} stands for an unset default from the environment. */
    static JobClient client(String api, String token, Path ca) throws java.io.IOException {
        return JobClient.connect(api, token == null || token.equals("null") ? "" : token,
                ca == null || ca.toString().equals("null") ? null : ca);
    }

    /** Shows the job's progress on stderr as it changes, then prints the record and, at a recipient, the result. */
    static int follow(JobClient c, String id, int timeoutSeconds) throws Exception {
        JsonObject rec = c.follow(id, Duration.ofSeconds(timeoutSeconds), p -> System.err.println(p));
        if (rec == null) {
            System.err.println("job " + id + " still running after " + timeoutSeconds + " s");
            return ExitCodes.TIMEOUT;
        }
        if (rec.getBoolean("hasResult", false)) {
            try {
                JobClient.LabelledResult r = c.labelledResult(id);
                io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
                for (double v : r.values()) {
                    a.add(v);
                }
                rec.put("result", a);
                if (r.labels() != null) { // the values by name, in order
                    io.vertx.core.json.JsonObject named = new io.vertx.core.json.JsonObject();
                    for (int i = 0; i < r.values().length; i++) {
                        named.put(r.labels().get(i), r.values()[i]);
                    }
                    rec.put("named", named);
                }
            } catch (JobClient.ApiException notHere) {
                // not a result recipient's node
            }
        }
        System.out.println(rec.encodePrettily());
        return "SUCCEEDED".equals(rec.getString("state")) ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }

    private JobSpec spec() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        String a = analysis;
        if (file != null) {
            YamlNode job = YamlNode.load(file);
            job.allowOnly("analysis", "params");
            if (a == null && job.has("analysis")) {
                a = job.string("analysis");
            }
            YamlNode ps = job.childOrEmpty("params");
            for (String k : ps.keys()) {
                p.put(k, ps.string(k));
            }
        }
        p.putAll(params);
        if (a == null) {
            throw new IllegalArgumentException("no analysis: give --analysis or a job file with 'analysis:'");
        }
        return new JobSpec(a, p);
    }
}
