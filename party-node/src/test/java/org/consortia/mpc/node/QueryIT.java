package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.consortia.mpc.node.data.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Joint queries in SQL against three member nodes and a dealer (separate processes, TLS): the bank's customers in
 * PostgreSQL, the insurer's policies in Parquet, the hospital's visits and stays in CSV files. A suite of queries over
 * two and three members' tables (counts, sums, averages, min/max, groups over declared labels, joins of two and three
 * tables, a left join, where with or/in/between, having) equals the same SQL run by PostgreSQL on the pooled plaintext
 * tables (counts and sums exact to the cent, averages within 1e-3). Each column rule refuses a query that breaks it,
 * naming the member, the rule and the clause; the differencing attack (one aggregate over every row and over all but
 * one, by a WHERE on the row's id) is refused where the id may only join records, and on a dataset that requires DP
 * the same pair is answered only with noise, charged to its budget until it runs out. Bad queries are one line at
 * the client and start nothing; {@code mpc-node query} prints the result table.
 */
class QueryIT {
    static final long SEED = 25_2026L;
    static final String[] REGIONS = {"north", "east", "south", "west"};
    static final String[] KINDS = {"car", "home", "life"};

    static final String[] POLICIES = {
        "analyses: any\nresultRecipients: any\ndatasets:\n  - name: customers\n    analyses: [query]\n"
            + "    columnRules: {id: join-key, age: filter-only, region: group-key, balance: {aggregate-only: 5}, score: never}\n",
        "analyses: any\nresultRecipients: any\ndatasets:\n  - name: policies\n    analyses: [query]\n"
            + "    columnRules: {cid: join-key, kind: group-key}\n",
        "analyses: any\nresultRecipients: any\ndatasets:\n  - name: visits\n    analyses: [query]\n"
            + "    columnRules: {pid: join-key, drug: dp-only}\n"
            + "  - {name: stays, analyses: [query], requireDp: true, budget: {epsilon: 2, delta: 1e-3}}\n"};

    /** Queries over the bank's and the insurer's tables, then over all three members'. */
    static final List<String> SUITE = List.of(
            "SELECT COUNT(*) FROM customers WHERE age > 40",
            "SELECT region, COUNT(*) AS n, AVG(income) AS avg_income FROM customers GROUP BY region ORDER BY region",
            "SELECT SUM(income), MIN(income), MAX(income) FROM customers WHERE region IN ('north', 'east') AND age BETWEEN 30 AND 60",
            "SELECT c.region, COUNT(*), AVG(p.claim) FROM customers c JOIN policies p ON c.id = p.cid WHERE c.age > 40"
                    + " GROUP BY c.region ORDER BY 1",
            "SELECT COUNT(*), SUM(p.claim) FROM customers c LEFT JOIN policies p ON c.id = p.cid",
            "SELECT COUNT(p.claim), AVG(p.claim), COUNT(*) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                    + " WHERE c.age < 50 OR NOT c.region = 'south'",
            "SELECT region, COUNT(*) FROM customers GROUP BY region HAVING COUNT(*) >= 15 ORDER BY region",
            "SELECT c.region, p.kind, COUNT(*), SUM(p.claim) FROM customers c JOIN policies p ON p.cid = c.id"
                    + " GROUP BY c.region, p.kind ORDER BY 1, 2",
            "SELECT region, SUM(balance), COUNT(*) FROM customers GROUP BY region HAVING COUNT(*) >= 5 ORDER BY 1",
            "SELECT COUNT(*) FROM customers WHERE region NOT IN ('north') AND age NOT BETWEEN 20 AND 30"
                    + " OR region IN ('west') AND income < 3000",
            "SELECT p.kind, AVG(p.claim), MAX(p.claim) FROM policies p LEFT JOIN customers c ON p.cid = c.id"
                    + " WHERE p.claim < 3000 GROUP BY p.kind ORDER BY 1",
            "SELECT COUNT(*), SUM(v.cost), AVG(p.claim + v.cost) FROM customers c JOIN policies p ON c.id = p.cid"
                    + " JOIN visits v ON c.id = v.pid",
            "SELECT c.region, COUNT(v.cost), SUM(v.cost) FROM customers c JOIN policies p ON c.id = p.cid"
                    + " LEFT JOIN visits v ON v.pid = c.id WHERE p.kind = 'car' OR c.age >= 65 GROUP BY c.region ORDER BY 1",
            // groups of any values (found inside the computation)
            "SELECT v.ward, COUNT(*), AVG(c.income) FROM visits v JOIN customers c ON v.pid = c.id WHERE v.cost < 4000"
                    + " GROUP BY v.ward ORDER BY 1");

    @TempDir
    Path dir;

    @Test
    void queriesEqualPostgresAndColumnRulesHold() throws Exception {
        System.out.println("QueryIT seed " + SEED);
        try (PostgresServer pg = PostgresServer.start(); Connection db = pg.connect();
                LocalConsortium c = new LocalConsortium(dir, 3, "20s", POLICIES)) {
            Files.writeString(dir.resolve("pg.password"), PostgresServer.PASSWORD + "\n");
            data(db, c);
            c.appendToNodeFile(0, "datasets:\n  customers:\n    source: jdbc\n    url: " + pg.url() + "\n    table: bank.customers\n"
                    + "    user: " + PostgresServer.USER + "\n    passwordFile: pg.password\n    columns: {id: number, age: number, "
                    + "region: [north, east, south, west], income: number, balance: number, score: number}\n");
            c.appendToNodeFile(1, "datasets:\n  policies:\n    source: parquet\n    path: policies.parquet\n"
                    + "    columns: {cid: number, claim: number, kind: [car, home, life]}\n");
            c.appendToNodeFile(2, "datasets:\n  visits:\n    source: csv\n    path: visits.csv\n"
                    + "    columns: {pid: number, cost: number, drug: number, ward: number}\n");
            c.startAllAndAwaitMesh();
            JsonObject tables = catalog("key");

            for (String sql : SUITE) {
                int minGroup = sql.contains("balance") ? 5 : 1;
                JsonObject table = run(c, sql, tables, minGroup);
                assertSameRows(sql, pooled(db, sql), table.getJsonArray("rows"));
                System.out.println("QueryIT: " + sql + " -> " + table.getJsonArray("rows").size() + " rows, as PostgreSQL");
            }

            // every column rule refuses a query that breaks it, at the member that holds the column
            refused(c, "SELECT SUM(score) FROM customers", tables, 1, "org-0 refuses", "columnRules.score: never");
            refused(c, "SELECT AVG(age) FROM customers", tables, 1, "org-0 refuses", "columnRules.age: filter-only");
            refused(c, "SELECT COUNT(region) FROM customers", tables, 1, "org-0 refuses", "columnRules.region: group-key");
            refused(c, "SELECT region, SUM(balance) FROM customers GROUP BY region", tables, 1, "org-0 refuses",
                    "columnRules.balance: {aggregate-only: 5}");
            refused(c, "SELECT SUM(drug) FROM visits", tables, 1, "org-2 refuses", "columnRules.drug: dp-only");
            JsonObject dpDrug = run(c, "SELECT DP_SUM(drug, 0, 100, 0.5) FROM visits", tables, 1);
            assertEquals(1, dpDrug.getJsonArray("rows").size(), dpDrug.encode());

            // the differencing attack: one sum over every customer and over every customer but one
            JsonObject lying = catalog("number"); // the coordinator declares the id a number to filter on it
            run(c, "SELECT SUM(income) FROM customers", lying, 1);
            refused(c, "SELECT SUM(income) FROM customers WHERE id <> 17", lying, 1, "org-0 refuses", "columnRules.id: join-key");
            // on a dataset that requires DP: refused without noise, answered with it and charged, until the budget ends
            refused(c, "SELECT SUM(days) FROM stays", tables, 1, "org-2 refuses", "datasets[stays].requireDp");
            refused(c, "SELECT SUM(days) FROM stays WHERE pid <> 7", tables, 1, "org-2 refuses", "datasets[stays].requireDp");
            run(c, "SELECT DP_SUM(days, 0, 30, 0.5) FROM stays", tables, 1);
            run(c, "SELECT DP_SUM(days, 0, 30, 0.5) FROM stays WHERE pid <> 7", tables, 1);
            JsonObject stays = c.get(2, "/v1/budget").getJsonArray("datasets").stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("dataset").equals("stays")).findFirst().orElseThrow();
            assertEquals(1.0, stays.getJsonObject("spent").getDouble("epsilon"), 1e-9, stays.encode());
            refused(c, "SELECT DP_SUM(days, 0, 30, 1.5) FROM stays WHERE pid <> 9", tables, 1, "org-2 refuses", "1.00 left");

            // bad input: one line at the client, nothing started
            int before = c.get(0, "/v1/jobs").getJsonArray("jobs").size();
            badRequest(c, "SELEC COUNT(*) FROM customers", tables, "does not parse");
            badRequest(c, "SELECT COUNT(*) FROM customer", tables, "no such table");
            badRequest(c, "SELECT SUM(salary) FROM customers", tables, "no such column");
            badRequest(c, "SELECT COUNT(*) FROM customers WHERE income > 'high'", tables, "string");
            badRequest(c, "SELECT income FROM customers", tables, "per-row values");
            assertEquals(before, c.get(0, "/v1/jobs").getJsonArray("jobs").size(), "a refused query starts no job");

            // explain: the cost and the facts before anything runs
            String[] ex = c.request(0, "POST", "/v1/queries?explain=true", body(SUITE.get(3), tables, 1).encode(),
                    LocalConsortium.TOKEN);
            assertEquals("200", ex[0], ex[1]);
            JsonObject explained = new JsonObject(ex[1]);
            assertTrue(explained.getJsonObject("estimate").getLong("rounds") > 0, ex[1]);
            assertEquals(4, explained.getJsonArray("reads").size(), ex[1]); // per table: its keys, its own work's columns
            assertTrue(explained.getJsonArray("uses").encode().contains("\"role\":\"JOIN_KEY\""), ex[1]);
            assertTrue(explained.getJsonObject("operators").getJsonObject("join").getLong("bytesPerParty") > 0, ex[1]);

            // the Python client: the same table
            String py = "import json, sys\nfrom mpc_client import Client\nc = Client(sys.argv[1], token=sys.argv[2], ca=sys.argv[3])\n"
                    + "print(json.dumps(c.query(sys.argv[4], json.load(open(sys.argv[5])), to='org-0')))\n";
            Files.writeString(dir.resolve("q.py"), py);
            Files.writeString(dir.resolve("tables-py.json"), tables.encode());
            ProcessBuilder ppb = new ProcessBuilder("python3", dir.resolve("q.py").toString(), c.api(0), LocalConsortium.TOKEN,
                    dir.resolve("ca.crt").toString(), SUITE.get(3), dir.resolve("tables-py.json").toString());
            ppb.environment().put("PYTHONPATH", PythonPackage.SOURCE.toString());
            ChildProcess.Result pr = ChildProcess.run(ppb, Duration.ofSeconds(120));
            assertEquals(0, pr.code(), pr.output());
            JsonObject pyTable = new JsonObject(pr.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertSameRows("python: " + SUITE.get(3), pooled(db, SUITE.get(3)), pyTable.getJsonArray("rows"));

            // the CLI: the result table as CSV
            Path t = dir.resolve("tables.json");
            Files.writeString(t, tables.encodePrettily());
            ProcessBuilder pb = new ProcessBuilder(Path.of("..", "scripts", "mpc-node").toAbsolutePath().normalize().toString(),
                    "query", "--api", c.api(0), "--ca", dir.resolve("ca.crt").toString(), "--tables", t.toString(),
                    "SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY n DESC, region")
                    .redirectErrorStream(false);
            pb.environment().put("MPC_API_TOKEN", LocalConsortium.TOKEN);
            ChildProcess.Result r = ChildProcess.run(pb, Duration.ofSeconds(120));
            assertEquals(0, r.code(), r.output());
            List<List<Object>> want = pooled(db, "SELECT region, COUNT(*) AS n FROM customers GROUP BY region ORDER BY n DESC, region");
            StringBuilder csv = new StringBuilder("region,n\n");
            want.forEach(row -> csv.append(row.get(0)).append(',').append(row.get(1)).append('\n'));
            assertTrue(r.output().contains(csv), "mpc-node query printed\n" + r.output() + "\nexpected\n" + csv);
        }
    }

    /** The tables' public schema; the customers' id as {@code idKind} (a key, or a number in the attack). */
    static JsonObject catalog(String idKind) {
        return new JsonObject()
                .put("customers", new JsonObject().put("member", "org-0").put("dataset", "customers").put("rows", 60)
                        .put("columns", new JsonObject().put("id", idKind).put("age", "number")
                                .put("region", new JsonArray(List.of(REGIONS))).put("income", "number").put("balance", "number")
                                .put("score", "number")))
                .put("policies", new JsonObject().put("member", "org-1").put("dataset", "policies").put("rows", 45)
                        .put("columns", new JsonObject().put("cid", "key").put("claim", "number")
                                .put("kind", new JsonArray(List.of(KINDS)))))
                .put("visits", new JsonObject().put("member", "org-2").put("dataset", "visits").put("rows", 40)
                        .put("columns", new JsonObject().put("pid", "key").put("cost", "number").put("drug", "number")
                                .put("ward", "number")))
                .put("stays", new JsonObject().put("member", "org-2").put("dataset", "stays").put("rows", 30)
                        .put("columns", new JsonObject().put("pid", "number").put("days", "number")));
    }

    static JsonObject body(String sql, JsonObject tables, int minGroup) {
        return new JsonObject().put("sql", sql).put("tables", tables).put("to", "org-0").put("minGroup", minGroup);
    }

    /** Runs a query to org-0; its result table. */
    static JsonObject run(LocalConsortium c, String sql, JsonObject tables, int minGroup) throws Exception {
        String[] r = c.request(0, "POST", "/v1/queries", body(sql, tables, minGroup).encode(), LocalConsortium.TOKEN);
        if (!r[0].equals("202")) {
            throw new AssertionError(sql + ": " + r[0] + " " + r[1] + "\n" + c.log(0));
        }
        String id = new JsonObject(r[1]).getString("id");
        JsonObject rec = c.awaitJob(0, id, Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", rec.getString("state"), sql + ": " + rec.encode() + c.log(0));
        return c.get(0, "/v1/jobs/" + id + "/result").getJsonObject("table");
    }

    static void refused(LocalConsortium c, String sql, JsonObject tables, int minGroup, String... words) throws Exception {
        String[] r = c.request(0, "POST", "/v1/queries", body(sql, tables, minGroup).encode(), LocalConsortium.TOKEN);
        if (r[0].equals("202")) { // refused by another member's vote: the job fails, naming the rule
            JsonObject rec = c.awaitJob(0, new JsonObject(r[1]).getString("id"), Duration.ofSeconds(60));
            r = new String[] {rec.getString("state"), rec.encode()};
        }
        for (String w : words) {
            assertTrue(r[1].contains(w), sql + ": expected a refusal naming '" + w + "', got " + r[0] + " " + r[1]);
        }
        System.out.println("QueryIT refused: " + sql + " -> " + r[1]);
    }

    static void badRequest(LocalConsortium c, String sql, JsonObject tables, String word) throws Exception {
        String[] r = c.request(0, "POST", "/v1/queries", body(sql, tables, 1).encode(), LocalConsortium.TOKEN);
        assertEquals("400", r[0], sql + ": " + r[1]);
        String error = new JsonObject(r[1]).getString("error");
        assertTrue(error.contains(word) && !error.contains("\n"), sql + ": " + error);
    }

    /** Compares a result table's rows with PostgreSQL's: labels equal, counts exact, other numbers within 1e-3. */
    static void assertSameRows(String sql, List<List<Object>> want, JsonArray got) {
        assertEquals(want.size(), got.size(), sql + ": PostgreSQL " + want + ", secure " + got);
        for (int i = 0; i < want.size(); i++) {
            JsonArray row = got.getJsonArray(i);
            for (int j = 0; j < want.get(i).size(); j++) {
                Object w = want.get(i).get(j);
                Object g = row.getValue(j);
                if (w instanceof Number wn) {
                    double bound = w instanceof Long ? 0 : 1e-3 * Math.max(1, Math.abs(wn.doubleValue()) / 1000);
                    assertTrue(g instanceof Number && Math.abs(wn.doubleValue() - ((Number) g).doubleValue()) <= bound,
                            sql + " [" + i + "," + j + "]: PostgreSQL " + w + ", secure " + g);
                } else {
                    assertEquals(String.valueOf(w), String.valueOf(g), sql + " [" + i + "," + j + "]");
                }
            }
        }
    }

    /** The query run by PostgreSQL on the pooled plaintext tables (schema pooled). */
    static List<List<Object>> pooled(Connection db, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (var st = db.createStatement()) {
            st.execute("SET search_path TO pooled");
            try (ResultSet rs = st.executeQuery(sql)) {
                int w = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int j = 1; j <= w; j++) {
                        Object o = rs.getObject(j);
                        row.add(o instanceof java.math.BigDecimal d ? (Object) d.doubleValue() : o instanceof Integer k ? (Object) (long) k : o);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** Each member's tables where it keeps them, and the pooled copy PostgreSQL answers from. */
    void data(Connection db, LocalConsortium c) throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        try (var st = db.createStatement()) {
            st.execute("CREATE SCHEMA bank");
            st.execute("CREATE TABLE bank.customers(id integer, age integer, region text, income numeric(10,2), balance"
                    + " double precision, score double precision)");
            st.execute("CREATE SCHEMA pooled");
            st.execute("CREATE TABLE pooled.customers(id integer, age integer, region text, income numeric(10,2), balance"
                    + " double precision, score double precision)");
            st.execute("CREATE TABLE pooled.policies(cid integer, claim numeric(10,2), kind text)");
            st.execute("CREATE TABLE pooled.visits(pid integer, cost double precision, drug double precision, ward integer)");
            st.execute("CREATE TABLE pooled.stays(pid integer, days double precision)");
            for (int id : ids(rnd, 60, 90)) {
                String row = "(" + id + "," + rnd.nextInt(18, 90) + ",'" + REGIONS[rnd.nextInt(4)] + "',"
                        + rnd.nextInt(100_000, 900_000) / 100.0 + "," + rnd.nextInt(0, 4000) / 4.0 + "," + rnd.nextInt(100) + ")";
                st.execute("INSERT INTO bank.customers VALUES " + row);
                st.execute("INSERT INTO pooled.customers VALUES " + row);
            }
            StringBuilder policies = new StringBuilder();
            for (int id : ids(rnd, 45, 90)) {
                String row = "(" + id + "," + rnd.nextInt(0, 500_000) / 100.0 + ",'" + KINDS[rnd.nextInt(3)] + "')";
                st.execute("INSERT INTO pooled.policies VALUES " + row);
                policies.append(policies.isEmpty() ? "" : ",").append(row);
            }
            StringBuilder visits = new StringBuilder("pid,cost,drug,ward\n");
            for (int id : ids(rnd, 40, 90)) {
                double cost = rnd.nextInt(0, 20_000) / 4.0;
                int drug = rnd.nextInt(0, 100);
                int ward = 1 + rnd.nextInt(5);
                visits.append(id).append(',').append(cost).append(',').append(drug).append(',').append(ward).append('\n');
                st.execute("INSERT INTO pooled.visits VALUES (" + id + "," + cost + "," + drug + "," + ward + ")");
            }
            Files.writeString(c.dataDir(2).resolve("visits.csv"), visits);
            StringBuilder stays = new StringBuilder("pid,days\n");
            for (int id : ids(rnd, 30, 90)) {
                int days = rnd.nextInt(0, 30);
                stays.append(id).append(',').append(days).append('\n');
                st.execute("INSERT INTO pooled.stays VALUES (" + id + "," + days + ")");
            }
            Files.writeString(c.dataDir(2).resolve("stays.csv"), stays);
            // the insurer's Parquet file, written by DuckDB
            try (Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var d = duck.createStatement()) {
                d.execute("CREATE TABLE p AS SELECT * FROM (VALUES " + policies + ") t(cid, claim, kind)");
                d.execute("COPY p TO '" + c.dataDir(1).resolve("policies.parquet") + "' (FORMAT PARQUET)");
            }
        }
    }

    static List<Integer> ids(SplittableRandom rnd, int n, int range) {
        Set<Integer> s = new LinkedHashSet<>();
        while (s.size() < n) {
            s.add(1 + rnd.nextInt(range));
        }
        return new ArrayList<>(s);
    }
}
