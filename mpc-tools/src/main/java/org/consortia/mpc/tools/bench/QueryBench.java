package org.consortia.mpc.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Checker;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluator;
import org.consortia.mpc.programs.InputRead;
import org.consortia.mpc.programs.ProgramHost;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.sql.CompiledQuery;
import org.consortia.mpc.programs.sql.SqlCatalog;
import org.consortia.mpc.programs.sql.SqlCompiler;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * {@code query_bank_insurer}: the bank/insurer query of the issue on joint queries, compiled from SQL and run as a
 * program: the bank's customers (id, age, one of 16 regions) joined on the id with the insurer's policies (claim),
 * half of the ids common, {@code WHERE age > 40 GROUP BY region} with {@code COUNT(*)} and {@code AVG(claim)}; among 3
 * parties a hospital's visits (cost) joins too and the average cost is added. Rows per member from
 * {@code -Dmpc.bench.query.rows} (default 10^6). The members' rows are generated from their index (the cost does not
 * depend on them); the result is checked against the same query computed in doubles.
 */
final class QueryBench {
    static final int REGIONS = 16;

    private QueryBench() {
    }

    static String sql(int parties) {
        return parties >= 3
                ? "SELECT c.region, COUNT(*), AVG(p.claim), AVG(v.cost) FROM customers c JOIN policies p ON c.id = p.cid"
                        + " JOIN visits v ON c.id = v.pid WHERE c.age > 40 GROUP BY c.region"
                : "SELECT c.region, COUNT(*), AVG(p.claim) FROM customers c JOIN policies p ON c.id = p.cid"
                        + " WHERE c.age > 40 GROUP BY c.region";
    }

    static SqlCatalog catalog(int rows) {
        List<String> regions = new ArrayList<>();
        for (int r = 0; r < REGIONS; r++) {
            regions.add("r" + r);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("customers", Map.of("member", "m0", "dataset", "customers", "rows", (long) rows, "columns",
                Map.of("id", "key", "age", "number", "region", regions)));
        t.put("policies", Map.of("member", "m1", "dataset", "policies", "rows", (long) rows, "columns",
                Map.of("cid", "key", "claim", "number")));
        t.put("visits", Map.of("member", "m2", "dataset", "visits", "rows", (long) rows, "columns",
                Map.of("pid", "key", "cost", "number")));
        return SqlCatalog.parse(t);
    }

    /** Row i's key at member m: the first half common to every member. */
    static String key(int m, int i, int rows) {
        return i < rows / 2 ? "c" + i : "m" + m + "-" + i;
    }

    static double value(String column, int i) {
        return switch (column) {
            case "age" -> 18 + (i * 7919L % 70);
            case "region" -> (i * 40503L >>> 3) % REGIONS;
            case "claim" -> (i * 31L % 5000) + 0.25;
            default -> (i * 17L % 900) + 0.5; // cost
        };
    }

    static BenchOp op(int rows) {
        Map<Integer, CompiledQuery> queries = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Integer, CheckedProgram> programs = new java.util.concurrent.ConcurrentHashMap<>();
        return new BenchOp("query_bank_insurer", rows + " rows per member, half common, age > 40, 16 regions", party -> {
            int parties = party.parties();
            CompiledQuery q = queries.computeIfAbsent(parties, n -> SqlCompiler.compile(sql(n), catalog(rows),
                    new SqlCompiler.Options(List.of("m0"), 1)));
            CheckedProgram c = programs.computeIfAbsent(parties, n -> {
                List<String> members = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    members.add("m" + k);
                }
                ProgramLimits d = ProgramLimits.DEFAULT;
                long elements = (long) rows * 64;
                CheckedProgram checked = Checker.check(q.program(), new Context(members, FixedPoint.DEFAULT_FRACTIONAL_BITS,
                        new ProgramLimits(d.maxChars(), d.maxNodes(), elements, elements * 8, Long.MAX_VALUE)));
                operators(checked, n);
                return checked;
            });
            var results = Evaluator.run(c, party.backend(), new Generated(party.backend(), rows), new java.security.SecureRandom());
            var values = results.get(CompiledQuery.VALUES);
            return values == null ? new long[width(parties)] : party.fixedPoint().encode(values.values());
        }, parties -> exact(parties, rows), () -> BenchOp.Sink.consume(new long[] {exact(2, rows).length}),
                FixedPoint.DEFAULT_FRACTIONAL_BITS, new BenchOp.Extent(width(3), rows, false, 10));
    }

    /** The declared rounds and bytes per operator that runs on shares (stderr, once per party count). */
    static void operators(CheckedProgram c, int parties) {
        Map<String, Cost> byOp = new java.util.TreeMap<>();
        for (var step : c.steps()) {
            if (!step.local()) {
                byOp.merge(step.op(), step.bound().cost(parties), Cost::then);
            }
        }
        StringBuilder b = new StringBuilder("query_bank_insurer, " + parties + " parties, declared per operator:");
        byOp.forEach((op, cost) -> {
            if (cost.rounds() > 0) {
                b.append(String.format(" %s %d rounds %.1f MB;", op, cost.rounds(), cost.bytesSent(parties, 32) / 1e6));
            }
        });
        System.err.println(b);
    }

    /** The revealed values: per region, COUNT and AVG(claim) (and AVG(cost) and their NULL flags' absence). */
    static int width(int parties) {
        return REGIONS * (parties >= 3 ? 3 : 2);
    }

    /** The query in doubles. */
    static double[] exact(int parties, int rows) {
        int k = parties >= 3 ? 3 : 2;
        double[] count = new double[REGIONS];
        double[] claim = new double[REGIONS];
        double[] cost = new double[REGIONS];
        for (int i = 0; i < rows / 2; i++) { // the common rows: the same index at every member
            if (value("age", i) > 40) {
                int g = (int) value("region", i);
                count[g]++;
                claim[g] += value("claim", i);
                cost[g] += value("cost", i);
            }
        }
        double[] out = new double[REGIONS * k];
        for (int g = 0; g < REGIONS; g++) {
            out[g * k] = count[g];
            out[g * k + 1] = count[g] == 0 ? 0 : claim[g] / count[g];
            if (k == 3) {
                out[g * k + 2] = count[g] == 0 ? 0 : cost[g] / count[g];
            }
        }
        return out;
    }

    /** Each member's generated rows, read where the program reads them. */
    private record Generated(Backend be, int rows) implements ProgramHost {
        @Override
        public Rows read(InputRead read) {
            if (!be.readsInputOf(read.member())) {
                return null;
            }
            int w = read.columns().size();
            double[] values = new double[rows * w];
            long[] keys = new long[rows];
            for (int i = 0; i < rows; i++) {
                keys[i] = LinkKeys.key60(key(read.member(), i, rows));
                for (int j = 0; j < w; j++) {
                    values[i * w + j] = value(read.columns().get(j), i);
                }
            }
            return new Rows(values, 0, keys);
        }
    }
}
