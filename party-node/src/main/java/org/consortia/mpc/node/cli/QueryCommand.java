package org.consortia.mpc.node.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.node.client.JobClient;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A joint query in SQL: compiled and checked at the node ({@code --explain}: its cost, reads, reveals and column uses,
 * nothing proposed), or proposed, followed, and its result printed as a table (CSV or JSON) at a recipient's node.
 */
@Command(name = "query", description = "Run a joint SQL query over members' tables (see the README's 'Joint queries').")
public class QueryCommand extends JobsCommand.Base { // --api, --ca, --token and the client as the jobs commands have them
    @Option(names = "--tables", required = true, description = "the tables' public schema: YAML or JSON {name: {member, "
            + "dataset, rows, columns: {col: key | number | [labels]}}}")
    Path tables;

    @Option(names = "--to", split = ",", description = "the members that receive the result (default: every member)")
    List<String> to;

    @Option(names = "--min-group", defaultValue = "1", description = "the fewest rows behind a shown group")
    int minGroup;

    @Option(names = "--explain", description = "only compile and check: print the estimated cost, reads, reveals and uses")
    boolean explain;

    @Option(names = "--format", defaultValue = "csv", description = "csv or json")
    String format;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait for the result")
    int timeout;

    @Parameters(index = "0", description = "the query, e.g. \"SELECT region, COUNT(*) FROM customers GROUP BY region\"")
    String sql;

    @Override
    int run(JobClient c) throws Exception {
        if (!format.equals("csv") && !format.equals("json")) {
            System.err.println("--format: csv or json, not " + format);
            return ExitCodes.USAGE;
        }
        JsonObject body;
        try {
            body = new JsonObject().put("sql", sql).put("tables", tables(tables)).put("minGroup", minGroup);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        if (to != null && !to.isEmpty()) {
            body.put("to", new JsonArray(to));
        }
        JsonObject answer;
        try {
            answer = c.query(body, explain);
        } catch (JobClient.ApiException e) {
            System.err.println("query refused: " + e.getMessage());
            return ExitCodes.JOB_FAILED;
        }
        if (explain) {
            System.out.println(answer.encodePrettily());
            return ExitCodes.OK;
        }
        String id = answer.getString("id");
        JsonObject rec = c.follow(id, Duration.ofSeconds(timeout), p -> System.err.println(p));
        if (rec == null) {
            System.err.println("query job " + id + " still running after " + timeout + " s");
            return ExitCodes.TIMEOUT;
        }
        if (!"SUCCEEDED".equals(rec.getString("state"))) {
            System.err.println("query job " + id + " " + rec.getString("state") + ": "
                    + (rec.getJsonObject("failure") == null ? "" : rec.getJsonObject("failure").encode()));
            return ExitCodes.JOB_FAILED;
        }
        JsonObject result;
        try {
            result = c.resultJson(id);
        } catch (JobClient.ApiException e) {
            System.err.println("query job " + id + " succeeded; its result is at its recipients (" + e.getMessage() + ")");
            return ExitCodes.OK;
        }
        JsonObject table = result.getJsonObject("table");
        System.out.print(format.equals("json") ? table.encodePrettily() + "\n" : csv(table));
        return ExitCodes.OK;
    }

    /** The tables file (YAML or JSON: YAML reads both) as JSON. */
    static JsonObject tables(Path file) {
        YamlNode root = YamlNode.load(file);
        return new JsonObject(plain(root));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> plain(YamlNode node) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String k : node.keys()) {
            Object v = node.raw(k);
            out.put(k, v);
        }
        return out;
    }

    static String csv(JsonObject table) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", table.getJsonArray("header").stream().map(v -> quote(String.valueOf(v))).toList())).append('\n');
        for (Object row : table.getJsonArray("rows")) {
            b.append(String.join(",", ((JsonArray) row).stream().map(v -> quote(String.valueOf(v))).toList())).append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
