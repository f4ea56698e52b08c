package org.consortia.mpc.node.cli;

import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs}, {@code status ID}, {@code result ID}, {@code cancel ID} against a node's job API. */
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

        SubmitCommand.Client client() throws Exception {
            return new SubmitCommand.Client(api, token, ca);
        }

        static int print(HttpResponse<String> r) {
            System.out.println(r.body());
            return r.statusCode() / 100 == 2 ? 0 : 1;
        }
    }

    @Command(name = "jobs", description = "List the jobs this node knows.")
    public static class List extends Base {
        @Override
        public Integer call() throws Exception {
            HttpResponse<String> r = client().get("/v1/jobs");
            if (r.statusCode() != 200) {
                return print(r);
            }
            for (Object o : new JsonObject(r.body()).getJsonArray("jobs")) {
                JsonObject j = (JsonObject) o;
                System.out.printf("%-17s %-20s %-10s %s%n", j.getString("id"), j.getJsonObject("spec").getString("analysis"),
                        j.getString("state"), j.getString("error", ""));
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show one job's record.")
    public static class Status extends Base {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return print(client().get("/v1/jobs/" + id));
        }
    }

    @Command(name = "result", description = "Show a job's result (only on a result recipient's node).")
    public static class Result extends Base {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return print(client().get("/v1/jobs/" + id + "/result"));
        }
    }

    @Command(name = "cancel", description = "Cancel a job on every node.")
    public static class Cancel extends Base {
        @Parameters(index = "0")
        String id;

        @Override
        public Integer call() throws Exception {
            return print(client().post("/v1/jobs/" + id + "/cancel", ""));
        }
    }
}
