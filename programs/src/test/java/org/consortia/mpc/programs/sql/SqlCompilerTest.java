package org.consortia.mpc.programs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Checker;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Program;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.Simulator;
import org.consortia.mpc.programs.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queries compiled to programs and run securely, against the same SQL run by DuckDB on the pooled plaintext tables:
 * counts exact, sums and averages within 1e-3 (16 fractional bits: each value within 2^-17, sums of 60 of them), across
 * 2 and 3 members, with joins of 2 and 3 tables, a left join, declared-domain groups, where with or/in/between, having.
 */
class SqlCompilerTest {
    static final long SEED = 20261207L;
    static final String[] REGIONS = {"north", "east", "south", "west"};
    static final String[] KINDS = {"car", "home", "life"};

    @TempDir
    static Path dir;
    static Connection duck;
    static Map<Source, Path> files = new LinkedHashMap<>();

    static SqlCatalog catalog(int members) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("customers", Map.of("member", "org-0", "dataset", "customers", "rows", 60L, "columns",
                columns("id", "key", "age", "number", "region", List.of(REGIONS), "income", "number")));
        t.put("policies", Map.of("member", "org-1", "dataset", "policies", "rows", 45L, "columns",
                columns("cid", "key", "claim", "number", "kind", List.of(KINDS))));
        if (members >= 3) {
            t.put("visits", Map.of("member", "org-2", "dataset", "visits", "rows", 40L, "columns",
                    columns("pid", "key", "cost", "number")));
        }
        return SqlCatalog.parse(t);
    }

    private static Map<String, Object> columns(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @BeforeAll
    static void tables() throws Exception {
        System.out.println("SqlCompilerTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (var st = duck.createStatement()) {
            st.execute("CREATE TABLE customers(id INTEGER, age DOUBLE, region VARCHAR, income DOUBLE)");
            st.execute("CREATE TABLE policies(cid INTEGER, claim DOUBLE, kind VARCHAR)");
            st.execute("CREATE TABLE visits(pid INTEGER, cost DOUBLE)");
        }
        StringBuilder c = new StringBuilder("id,age,region,income\n");
        for (int id : ids(rnd, 60, 90)) {
            int age = rnd.nextInt(18, 90);
            int region = rnd.nextInt(REGIONS.length);
            double income = rnd.nextInt(100_000, 900_000) / 100.0;
            c.append(id).append(',').append(age).append(',').append(region).append(',').append(income).append('\n');
            duck.createStatement().execute("INSERT INTO customers VALUES (" + id + "," + age + ",'" + REGIONS[region] + "',"
                    + income + ")");
        }
        StringBuilder p = new StringBuilder("cid,claim,kind\n");
        for (int id : ids(rnd, 45, 90)) {
            double claim = rnd.nextInt(0, 500_000) / 100.0;
            int kind = rnd.nextInt(KINDS.length);
            p.append(id).append(',').append(claim).append(',').append(kind).append('\n');
            duck.createStatement().execute("INSERT INTO policies VALUES (" + id + "," + claim + ",'" + KINDS[kind] + "')");
        }
        StringBuilder v = new StringBuilder("pid,cost\n");
        for (int id : ids(rnd, 40, 90)) {
            double cost = rnd.nextInt(0, 20_000) / 4.0;
            v.append(id).append(',').append(cost).append('\n');
            duck.createStatement().execute("INSERT INTO visits VALUES (" + id + "," + cost + ")");
        }
        files.put(new Source(0, "customers"), write("customers.csv", c));
        files.put(new Source(1, "policies"), write("policies.csv", p));
        files.put(new Source(2, "visits"), write("visits.csv", v));
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    private static Path write(String name, CharSequence text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** {@code n} distinct ids from [1, range], in no particular order. */
    private static List<Integer> ids(SplittableRandom rnd, int n, int range) {
        Set<Integer> s = new LinkedHashSet<>();
        while (s.size() < n) {
            s.add(1 + rnd.nextInt(range));
        }
        return new ArrayList<>(s);
    }

    static final List<String> TWO = List.of(
            "SELECT COUNT(*) FROM customers WHERE age > 40",
            "SELECT COUNT(*), SUM(income), MAX(age) FROM customers",
            // groups of any values, found inside the computation
            "SELECT age, COUNT(*), AVG(income) FROM customers WHERE region = 'north' GROUP BY age HAVING COUNT(*) >= 1"
                    + " ORDER BY age",
            "SELECT c.age, COUNT(p.claim), AVG(p.claim), COUNT(*), MIN(p.claim), MAX(c.income - p.claim) FROM customers c"
                    + " LEFT JOIN policies p ON c.id = p.cid WHERE c.age >= 70 GROUP BY c.age ORDER BY 1",
            "SELECT region, COUNT(*) AS n, AVG(income) AS avg_income FROM customers GROUP BY region ORDER BY region",
            "SELECT SUM(income), MIN(age), MAX(age) FROM customers WHERE region IN ('north', 'east') AND age BETWEEN 30 AND 60",
            "SELECT c.region, COUNT(*), AVG(p.claim) FROM customers c JOIN policies p ON c.id = p.cid WHERE c.age > 40"
                    + " GROUP BY c.region ORDER BY 1",
            "SELECT COUNT(*), SUM(p.claim) FROM customers c LEFT JOIN policies p ON c.id = p.cid",
            "SELECT COUNT(p.claim), AVG(p.claim), COUNT(*) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                    + " WHERE c.age < 50 OR NOT c.region = 'south'",
            "SELECT region, COUNT(*) FROM customers GROUP BY region HAVING COUNT(*) >= 15 ORDER BY region",
            "SELECT c.region, p.kind, COUNT(*), SUM(p.claim) FROM customers AS c INNER JOIN policies AS p ON p.cid = c.id"
                    + " GROUP BY c.region, p.kind ORDER BY 1, 2",
            "SELECT SUM(income) / COUNT(*) AS m, SUM(age * 2 + 1) FROM customers WHERE income >= 2000.5",
            "SELECT MIN(p.claim), MAX(p.claim - c.age) FROM customers c JOIN policies p ON c.id = p.cid",
            "SELECT region, SUM(income) AS s FROM customers GROUP BY region ORDER BY s DESC LIMIT 2",
            "SELECT COUNT(*) FROM customers WHERE region NOT IN ('north') AND age NOT BETWEEN 20 AND 30 AND region <> 'west'"
                    + " OR region IN ('west', 'north') AND income < 3000",
            "SELECT p.kind, AVG(c.age) FROM policies p LEFT JOIN customers c ON p.cid = c.id WHERE p.claim < 3000"
                    + " GROUP BY p.kind HAVING AVG(c.age) > 20 AND COUNT(c.age) > 1 ORDER BY 1");

    static final List<String> THREE = List.of(
            "SELECT COUNT(*), SUM(v.cost), AVG(p.claim + v.cost) FROM customers c JOIN policies p ON c.id = p.cid"
                    + " JOIN visits v ON c.id = v.pid",
            "SELECT c.region, COUNT(v.cost), SUM(v.cost) FROM customers c JOIN policies p ON c.id = p.cid"
                    + " LEFT JOIN visits v ON v.pid = c.id WHERE p.kind = 'car' OR c.age >= 65 GROUP BY c.region ORDER BY 1",
            "SELECT c.age, COUNT(*), SUM(p.claim) FROM customers c JOIN policies p ON c.id = p.cid WHERE p.kind = 'car'"
                    + " GROUP BY c.age HAVING SUM(p.claim) > 1000 ORDER BY 1",
            // a table joined through another: NULL where that one has no row
            "SELECT COUNT(*), COUNT(v.cost), SUM(v.cost) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                    + " LEFT JOIN visits v ON p.cid = v.pid",
            "SELECT COUNT(*), SUM(v.cost) FROM customers c LEFT JOIN policies p ON c.id = p.cid JOIN visits v ON p.cid = v.pid",
            "SELECT COUNT(*) FROM customers c JOIN policies p ON c.id = p.cid WHERE c.age IN (p.claim, 30)",
            // NULLs: aggregates over no value (no row at all; a left join's missing rows)
            "SELECT COUNT(*), SUM(income), AVG(p.claim), MAX(p.claim) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                    + " WHERE c.age > 200",
            "SELECT c.region, COUNT(*), SUM(p.claim), MIN(p.claim) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                    + " WHERE c.age >= 80 GROUP BY c.region HAVING NOT SUM(p.claim) < 100 OR COUNT(*) > 1 ORDER BY 1");

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void queriesEqualDuckDbOnThePooledTables(int members) throws Exception {
        List<String> queries = new ArrayList<>(members == 2 ? TWO.subList(0, 10) : TWO.subList(10, TWO.size()));
        if (members == 3) {
            queries.addAll(THREE);
        }
        SqlCatalog catalog = catalog(members);
        List<String> names = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            names.add("org-" + k);
        }
        for (String sql : queries) {
            CompiledQuery q = SqlCompiler.compile(sql, catalog, new SqlCompiler.Options(List.of("org-0"), 1));
            CheckedProgram c = Checker.check(q.program(), new Context(names, 16, ProgramLimits.DEFAULT));
            var outcome = Simulator.secure(c, files);
            CompiledQuery.Table got = q.table(outcome.results());
            // the estimate members see before it runs bounds what it costs
            assertTrue(outcome.rounds() <= c.cost().rounds() && outcome.bytesPerParty() <= c.bytesPerParty(), sql
                    + ": measured " + outcome.rounds() + " rounds, " + outcome.bytesPerParty() + " bytes; declared "
                    + c.cost().rounds() + ", " + c.bytesPerParty());
            List<List<Object>> want = duck(sql);
            assertEquals(want.size(), got.rows().size(), sql + ": rows " + got.rows() + " vs " + want);
            for (int r = 0; r < want.size(); r++) {
                for (int j = 0; j < want.get(r).size(); j++) {
                    Object w = want.get(r).get(j);
                    Object g = got.rows().get(r).get(j);
                    if (w instanceof Number wn) {
                        double bound = w instanceof Long || w instanceof Integer || w instanceof java.math.BigInteger
                                ? 0 : 1e-3 * Math.max(1, Math.abs(wn.doubleValue()) / 1000);
                        assertTrue(g instanceof Number, sql + " [" + r + "," + j + "]: " + g);
                        assertTrue(Math.abs(wn.doubleValue() - ((Number) g).doubleValue()) <= bound, sql + " [" + r + "," + j
                                + "]: DuckDB " + w + ", secure " + g + " (bound " + bound + ")");
                    } else {
                        assertEquals(String.valueOf(w), String.valueOf(g), sql + " [" + r + "," + j + "]");
                    }
                }
            }
            System.out.printf("%d members: %s -> %d rows%n", members, sql, want.size());
        }
    }

    private static List<List<Object>> duck(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (var st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int w = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int j = 1; j <= w; j++) {
                    Object o = rs.getObject(j);
                    row.add(o instanceof java.math.BigDecimal d ? d.doubleValue() : o instanceof Integer i ? (long) i : o);
                }
                out.add(row);
            }
        }
        return out;
    }

    /** DP aggregates: the noise is binomial with the declared epsilon, so only its scale is checked here. */
    @Test
    void dpAggregatesRunWithinTheirNoise() throws Exception {
        CompiledQuery whole = SqlCompiler.compile("SELECT DP_COUNT(1.0), DP_SUM(income, 0, 10000, 1.0) FROM customers",
                catalog(2), new SqlCompiler.Options(List.of("org-0"), 1));
        Checker.check(whole.program(), new Context(List.of("org-0", "org-1"), 16,
                ProgramLimits.DEFAULT)); // no WHERE: every row counts, still a row-local release
        CompiledQuery q = SqlCompiler.compile("SELECT region, DP_COUNT(1.0), DP_SUM(income, 0, 10000, 2.0) AS s,"
                + " DP_AVG(income, 0, 10000, 2.0) FROM customers WHERE age > 30 GROUP BY region ORDER BY region", catalog(2),
                new SqlCompiler.Options(List.of("org-0"), 1));
        CheckedProgram c = Checker.check(q.program(), new Context(List.of("org-0", "org-1"), 16,
                ProgramLimits.DEFAULT));
        assertEquals(5.0, c.epsilon(), 1e-12, "1 + 2 + 2: the releases add up");
        CompiledQuery.Table got = q.table(Simulator.secure(c, files).results());
        List<List<Object>> want = duck("SELECT region, COUNT(*), SUM(income), AVG(income) FROM customers WHERE age > 30"
                + " GROUP BY region ORDER BY region");
        assertEquals(4, got.rows().size(), "every declared group is shown: a DP release hides which are empty");
        for (int r = 0; r < want.size(); r++) {
            List<Object> g = got.rows().get(r);
            assertEquals(want.get(r).get(0), g.get(0));
            // binomial noise per column at epsilon / 4 groups: a count within 60, a sum within 60 x 10000
            assertTrue(Math.abs(((Number) want.get(r).get(1)).doubleValue() - ((Number) g.get(1)).doubleValue()) < 60, g.toString());
            assertTrue(Math.abs(((Number) want.get(r).get(2)).doubleValue() - ((Number) g.get(2)).doubleValue()) < 6e5, g.toString());
        }
    }

    /** minGroup holds for an aggregate over a LEFT JOINed column by itself: over fewer matched values it is NULL. */
    @Test
    void minGroupHoldsForValuesThatMayBeNull() throws Exception {
        String sql = "SELECT SUM(p.claim), COUNT(p.claim), COUNT(*) FROM customers c LEFT JOIN policies p ON c.id = p.cid"
                + " WHERE c.age > 80";
        List<List<Object>> want = duck(sql);
        long matched = ((Number) want.get(0).get(1)).longValue();
        long rows = ((Number) want.get(0).get(2)).longValue();
        assertTrue(matched >= 1 && matched < 5 && rows >= 5, "the data: " + want);
        CompiledQuery q = SqlCompiler.compile(sql, catalog(2), new SqlCompiler.Options(List.of("org-0"), 5));
        CheckedProgram c = Checker.check(q.program(), new Context(List.of("org-0", "org-1"), 16,
                ProgramLimits.DEFAULT));
        List<Object> got = q.table(Simulator.secure(c, files).results()).rows().get(0);
        assertEquals(java.util.Arrays.asList(null, matched, rows), got, "the sum over " + matched + " claims is not shown");
    }

    @Test
    void badQueriesAreOneLineNamingTheConstruct() {
        SqlCatalog catalog = catalog(2);
        var opts = new SqlCompiler.Options(List.of(), 1);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("SELEC COUNT(*) FROM customers", "does not parse");
        bad.put("SELECT COUNT(*) FROM nowhere", "no such table");
        bad.put("SELECT SUM(salary) FROM customers", "no such column");
        bad.put("SELECT COUNT(*) FROM customers WHERE age = 'old'", "string");
        bad.put("SELECT COUNT(*) FROM customers WHERE region > 2", "category");
        bad.put("SELECT age FROM customers", "per-row values");
        bad.put("SELECT * FROM customers", "per-row values");
        bad.put("SELECT COUNT(*) FROM customers GROUP BY age, region", "groups alone");
        bad.put("SELECT MEDIAN(income) FROM customers GROUP BY age", "COUNT, SUM, AVG, MIN and MAX are supported");
        bad.put("SELECT SUM(id) FROM customers", "is a key");
        bad.put("SELECT COUNT(*) FROM customers c RIGHT JOIN policies p ON c.id = p.cid", "not supported");
        bad.put("SELECT COUNT(*) FROM customers c JOIN policies p ON c.age > p.claim", "ON must equate");
        bad.put("SELECT MEDIAN(age) FROM customers", "not supported");
        bad.put("DELETE FROM customers", "only a SELECT");
        bad.put("SELECT COUNT(*) FROM customers WHERE region = 'atlantis'", "not a label");
        bad.put("SELECT SUM(income), DP_COUNT(1.0) FROM customers", "all DP");
        for (var e : bad.entrySet()) {
            var ex = assertThrows(SqlException.class, () -> SqlCompiler.compile(e.getKey(), catalog, opts), e.getKey());
            assertTrue(ex.getMessage().contains(e.getValue()), e.getKey() + " -> " + ex.getMessage());
            assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
        }
    }

    /**
     * Local work stays local: a query over one member's table runs at that member (its filter, groups, sums and
     * averages) and costs only the opening of its result; over a join, the bank's filter and groups are computed at the
     * bank and enter the join as its values, so the program compares nothing but the keys.
     */
    @Test
    void oneTablesWorkStaysAtItsMember() {
        List<String> members = List.of("org-0", "org-1");
        var opts = new SqlCompiler.Options(List.of("org-0"), 1);
        CompiledQuery one = SqlCompiler.compile("SELECT region, COUNT(*), AVG(income), MAX(income) FROM customers"
                + " WHERE age > 40 AND region <> 'west' GROUP BY region HAVING COUNT(*) > 2", catalog(2), opts);
        CheckedProgram c1 = Checker.check(one.program(), new Context(members, 16,
                ProgramLimits.DEFAULT));
        assertTrue(c1.cost().rounds() <= 4, "declared rounds " + c1.cost().rounds() + ": the results' inputs and openings");
        assertTrue(c1.steps().stream().filter(s -> !s.local() && s.bound().type().secret()).allMatch(s -> s.op().equals("reveal")),
                "only the reveals are shared (and public constants)");
        CompiledQuery two = SqlCompiler.compile("SELECT c.region, COUNT(*) FROM customers c JOIN policies p ON c.id = p.cid"
                + " WHERE c.age > 40 GROUP BY c.region", catalog(2), opts);
        CheckedProgram c2 = Checker.check(two.program(), new Context(members, 16,
                ProgramLimits.DEFAULT));
        List<String> shared = c2.steps().stream().filter(s -> !s.local() && s.bound().type().secret())
                .map(CheckedProgram.Step::op).toList();
        assertFalse(shared.contains("gt") || shared.contains("eq"), "the filter and the groups are the bank's: " + shared);
    }

    @Test
    void theUsesNameEveryColumnWithItsRoleAndTheProgramIsCanonical() {
        CompiledQuery q = SqlCompiler.compile("SELECT c.region, COUNT(*), AVG(p.claim), MAX(c.income) FROM customers c JOIN"
                + " policies p ON c.id = p.cid WHERE c.age > 40 GROUP BY c.region", catalog(2), new SqlCompiler.Options(List.of(), 1));
        Set<String> seen = new LinkedHashSet<>();
        for (ColumnUse u : q.uses()) {
            seen.add(u.table() + "." + u.column() + ":" + u.role());
        }
        assertEquals(Set.of("customers.id:JOIN_KEY", "policies.cid:JOIN_KEY", "customers.age:FILTER",
                "customers.region:GROUP_KEY", "policies.claim:AGGREGATE", "customers.income:EXTREMUM"), seen);
        String canonical = q.program().canonical();
        assertEquals(canonical, Program.parse(canonical, ProgramLimits.DEFAULT).canonical(), "the program round-trips");
    }
}
