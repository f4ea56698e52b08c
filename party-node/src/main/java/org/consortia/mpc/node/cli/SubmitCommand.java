package org.consortia.mpc.node.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.consortia.mpc.node.jobs.JobSpec;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The coordinator's commands against a node's job API: submit, jobs, status, result, cancel. */
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

    @Option(names = "--wait", description = "wait for the job, show its progress, print its record and result")
    boolean await;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait (with --wait)")
    int timeout;

    @Override
    public Integer call() throws Exception {
        JobSpec spec;
        try {
            spec = spec();
        } catch (org.consortia.mpc.config.ConfigException | IllegalArgumentException e) {
            System.err.println("job file: " + e.getMessage());
            return 2;
        }
        Client c = new Client(api, token, ca);
        HttpResponse<String> r = c.post("/v1/jobs", spec.toJson().encode());
        if (r.statusCode() != 202) {
            System.err.println("submit refused (" + r.statusCode() + "): " + r.body());
            return 1;
        }
        String id = new JsonObject(r.body()).getString("id");
        if (!await) {
            System.out.println(id);
            return 0;
        }
        return Client.follow(c, id, timeout);
    }

    private JobSpec spec() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        String a = analysis;
        if (file != null) {
            org.consortia.mpc.config.YamlNode job = org.consortia.mpc.config.YamlNode.load(file);
            job.allowOnly("analysis", "params");
            if (a == null && job.has("analysis")) {
                a = job.string("analysis");
            }
            org.consortia.mpc.config.YamlNode params = job.childOrEmpty("params");
            for (String k : params.keys()) {
                p.put(k, params.string(k));
            }
        }
        p.putAll(params);
        if (a == null) {
            throw new IllegalArgumentException("no analysis: give --analysis or a job file with 'analysis:'");
        }
        return new JobSpec(a, p);
    }

    /** A small client of the job API. */
    static final class Client {
        private final HttpClient http;
        private final String api;
        private final String token;

        Client(String api, String token, Path ca) throws Exception {
            this.api = api;
            this.token = token == null || token.equals("null") ? "" : token;
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (ca != null && !ca.toString().equals("null")) {
                java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("consortium-ca", org.consortia.mpc.runtime.tls.Pki.readCertificate(ca));
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            }
            this.http = b.build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Shows the job's phase as it changes (stderr), then prints the record and, at a recipient, the result. */
        static int follow(Client c, String id, int timeout) throws Exception {
            long end = System.currentTimeMillis() + timeout * 1000L;
            String lastPhase = "";
            long t0 = System.currentTimeMillis();
            while (System.currentTimeMillis() < end) {
                HttpResponse<String> s = c.get("/v1/jobs/" + id);
                if (s.statusCode() != 200) {
                    System.err.println("status of " + id + " (" + s.statusCode() + "): " + s.body());
                    return 1;
                }
                JsonObject rec = new JsonObject(s.body());
                String state = rec.getString("state");
                String phase = state + " / " + rec.getString("phase");
                if (!phase.equals(lastPhase)) {
                    System.err.printf("[%5.1f s] job %s: %s%n", (System.currentTimeMillis() - t0) / 1e3, id, phase);
                    lastPhase = phase;
                }
                if (!state.equals("PROPOSED") && !state.equals("RUNNING")) {
                    HttpResponse<String> res = c.get("/v1/jobs/" + id + "/result");
                    if (res.statusCode() == 200) {
                        rec.put("result", new JsonObject(res.body()).getJsonArray("result"));
                    }
                    System.out.println(rec.encodePrettily());
                    return "SUCCEEDED".equals(state) ? 0 : 1;
                }
                Thread.sleep(100);
            }
            System.err.println("job " + id + " still running after " + timeout + " s");
            return ExitCodes.TIMEOUT;
        }
    }
}
