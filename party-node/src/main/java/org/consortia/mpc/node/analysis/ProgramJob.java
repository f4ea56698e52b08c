package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Checker;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Evaluator;
import org.consortia.mpc.programs.InputRead;
import org.consortia.mpc.programs.Program;
import org.consortia.mpc.programs.ProgramException;
import org.consortia.mpc.programs.ProgramHost;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.RevealFact;
import org.consortia.mpc.programs.TableRows;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.fixed.FixedPoint;

import com.google.auto.service.AutoService;

/**
 * A researcher's program (analysis {@code program}; docs/programs.md), checked when parsed. It reads through the job's
 * {@link DataAccess} and opens through its {@link RevealLedger}, so tracing it yields its facts like any analysis, each
 * reveal with its own rows behind. A node's result is every value revealed to it, in program order, each named
 * {@code label} (a scalar) or {@code label[i,j]}.
 */
public record ProgramJob(CheckedProgram checked) implements Analysis {
    @Override
    public String name() {
        return "program";
    }

    /** Malicious mode when every shared step's op runs on authenticated shares (not DP releases, joins, group-by). */
    @Override
    public boolean runsMalicious() {
        return checked.runsMalicious();
    }

    /** The fewest rows behind any revealed value (each reveal records its own). */
    @Override
    public long rowsBehind() {
        return checked.reveals().stream().mapToLong(RevealFact::rowsBehind).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public Privacy privacy() {
        return checked.differentiallyPrivate() ? new Privacy(checked.epsilon(), checked.delta()) : null;
    }

    /** Every value the program holds, shares and their correlated randomness (three words each), at the job's scale. */
    @Override
    public Footprint footprint(int parties, int fracBits) {
        long elements = checked.steps().stream().mapToLong(s -> s.bound().type().size()).sum();
        return new Footprint(24 * elements, "program");
    }

    /** The labels of the values revealed to {@code party}, in the order of its result. */
    @Override
    public List<String> resultLabels(int party) {
        List<String> out = new ArrayList<>();
        for (RevealFact r : checked.reveals()) {
            if (r.recipients().contains(party)) {
                out.addAll(elementLabels(r.label(), r.dims()));
            }
        }
        return out;
    }

    /** {@code label} for a scalar, else {@code label[i]}, {@code label[i,j]}, ... row-major. */
    public static List<String> elementLabels(String label, int[] dims) {
        if (dims.length == 0) {
            return List.of(label);
        }
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        List<String> out = new ArrayList<>(n);
        int[] idx = new int[dims.length];
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder(label).append('[');
            for (int a = 0; a < idx.length; a++) {
                b.append(a == 0 ? "" : ",").append(idx[a]);
            }
            out.add(b.append(']').toString());
            for (int a = dims.length - 1; a >= 0; a--) {
                if (++idx[a] < dims[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            Map<String, Evaluation.Result> results;
            try {
                results = Evaluator.run(checked, party.backend(), NodeHost.of(ctx, checked.reads()), new SecureRandom());
            } catch (Evaluator.KeyMismatchException e) {
                throw new JobError(ErrorCode.CHECK_FAILED, e.getMessage(), e);
            }
            if (results.isEmpty()) {
                return null;
            }
            int total = results.values().stream().mapToInt(r -> r.values().length).sum();
            double[] out = new double[total];
            int at = 0;
            for (Evaluation.Result r : results.values()) {
                System.arraycopy(r.values(), 0, out, at, r.values().length);
                at += r.values().length;
            }
            return out;
        };
    }

    /**
     * Reads and opens through the job's data access and reveal ledger. A dataset the program reads more than once (a
     * join's keys, then its member's own work's columns) is read from its source once, with every key column any of
     * those reads needs, and kept for the job.
     */
    private record NodeHost(JobContext ctx, Map<String, String[]> keys, Map<String, Table> kept) implements ProgramHost {
        static NodeHost of(JobContext ctx, List<InputRead> reads) {
            Map<String, java.util.Set<String>> keys = new java.util.HashMap<>();
            Map<String, Integer> count = new java.util.HashMap<>();
            for (InputRead r : reads) {
                count.merge(id(r), 1, Integer::sum);
                java.util.Set<String> k = keys.computeIfAbsent(id(r), x -> new java.util.LinkedHashSet<>());
                if (r.key() != null) {
                    k.add(r.key());
                }
            }
            Map<String, String[]> out = new java.util.HashMap<>();
            keys.forEach((id, k) -> out.put(id, k.toArray(new String[0])));
            Map<String, Table> kept = new java.util.HashMap<>();
            count.forEach((id, n) -> {
                if (n > 1) {
                    kept.put(id, null); // read once, kept
                }
            });
            return new NodeHost(ctx, out, kept);
        }

        private static String id(InputRead r) {
            return r.member() + "/" + r.dataset() + "/" + r.rows();
        }

        @Override
        public Rows read(InputRead read) {
            String id = id(read);
            Table t = kept.get(id);
            if (t == null) {
                String[] k = keys.getOrDefault(id, read.key() == null ? new String[0] : new String[] {read.key()});
                t = ctx.data().table(read.member(), read.dataset(), read.rows(), k);
                if (t == null) {
                    return null;
                }
                if (kept.containsKey(id)) {
                    kept.put(id, t);
                }
            }
            try {
                return TableRows.of(t, read);
            } catch (IllegalArgumentException e) { // a missing column or a duplicated key: the detail stays in the local log
                throw new JobError(ErrorCode.INPUT_INVALID, read.dataset() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public <T> T revealing(RevealFact reveal, int recipient, Supplier<T> open) {
            return ctx.reveals().result(reveal.label(), reveal.rowsBehind(), open);
        }

        @Override
        public <T> T checking(String what, Supplier<T> open) {
            try {
                return ctx.reveals().check(what, open::get);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "program[" + checked.steps().size() + " nodes]";
    }

    /** The job type {@code program}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("program");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return program(p);
        }

        /**
         * A researcher's program (docs/programs.md): parsed, bounded and checked against this consortium's members at the
         * job's fractional bits and this node's limits; a refusal names the program node and field.
         */
        private static ProgramJob program(SpecParams p) {
            String json = p.string("program", null);
            try {
                return checked(Program.parse(json, programLimits(p)), p);
            } catch (ProgramException e) {
                throw new SpecException("program", e.getMessage(), true);
            }
        }

        private static ProgramLimits programLimits(SpecParams p) {
            ProgramLimits d = ProgramLimits.DEFAULT;
            return new ProgramLimits(d.maxChars(), d.maxNodes(), p.limits.maxElements(),
                    Math.max(p.limits.maxElements(), d.maxTotalElements()), d.maxBytes());
        }

        /** A program checked against this consortium's members at the job's fractional bits and this node's limits. */
        static ProgramJob checked(Program program, SpecParams p) {
            int bits = p.integer("fractionalBits", FixedPoint.DEFAULT_FRACTIONAL_BITS, FixedPoint.MIN_FRACTIONAL_BITS,
                    FixedPoint.MAX_FRACTIONAL_BITS);
            return new ProgramJob(Checker.check(program,
                    new Context(p.members, bits, programLimits(p))));
        }
    }
}
