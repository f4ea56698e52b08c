package org.consortia.mpc.node.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.consortia.mpc.node.jobs.JobSpec;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Submits a job to a party node's job API and optionally waits for it. */
@Command(name = "submit", description = "Submit a joint job to a party node.")
public class SubmitCommand implements Callable<Integer> {
    @Option(names = "--api", defaultValue = "http://127.0.0.1:8101", description = "the node's job API")
    String api;

    @Option(names = "--analysis", required = true, description = "vertical-regression, matmul-loop")
    String analysis;

    @Option(names = {"-p", "--param"}, description = "a parameter key=value (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--wait", description = "wait for the job to finish and print its record")
    boolean await;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait (with --wait)")
    int timeout;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = new JobSpec(analysis, params).toJson().encode();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/jobs"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            System.err.println("submit refused (" + r.statusCode() + "): " + r.body());
            return 1;
        }
        String id = new JsonObject(r.body()).getString("id");
        if (!await) {
            System.out.println(id);
            return 0;
        }
        long end = System.currentTimeMillis() + timeout * 1000L;
        while (System.currentTimeMillis() < end) {
            HttpResponse<String> s = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/jobs/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject rec = new JsonObject(s.body());
            String state = rec.getString("state");
            if (!"RUNNING".equals(state)) {
                System.out.println(rec.encodePrettily());
                return "SUCCEEDED".equals(state) ? 0 : 1;
            }
            Thread.sleep(100);
        }
        System.err.println("job " + id + " still running after " + timeout + " s");
        return 1;
    }
}
