package org.consortia.mpc.programs;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.programs.ops.InputOp;
import org.consortia.mpc.programs.ops.JoinOp;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Runs a checked program at one party: a walk over its nodes in order on the party's backend (the plaintext reference,
 * the simulator's or a node's). Inputs aligned by a key are checked first: every keyed input's member inputs a hash of
 * its sorted keys, and one bit per member opens (equal to the first's or not); the job stops if one differs.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * The results revealed to this party, by label, in program order. A node one member computes alone (its own data
     * and public values: {@link CheckedProgram.Step#local()}) runs at that member in plaintext, on the same fixed-point
     * arithmetic as the plaintext reference, and costs nothing until a shared node needs it: then the member inputs it
     * (one round), exactly as it would have input its raw columns. Filters, encodings and sums of one member's rows so
     * stay where the data is.
     */
    public static Map<String, Evaluation.Result> run(CheckedProgram p, Backend backend, ProgramHost host, SecureRandom random) {
        Evaluation ev = new Evaluation(backend, host, random);
        boolean reference = ev.plaintext(); // the plaintext reference computes every node itself
        Evaluation plainEv = new Evaluation(new PlainBackend(backend.parties(),
                backend.fixedPoint()), host, random);
        List<CheckedProgram.Step> steps = p.steps();
        Value[] values = new Value[steps.size()]; // shared values (shares or public), a local one once input
        Value[] plain = new Value[steps.size()]; // local values at their member, in plaintext (null elsewhere)
        boolean[] local = new boolean[steps.size()];
        Map<String, ProgramHost.Rows> prefetched = keyCheck(p, backend, host);
        int[] lastUse = lastUse(steps);
        for (int i = 0; i < steps.size(); i++) {
            CheckedProgram.Step s = steps.get(i);
            boolean here = s.local() && !reference;
            List<Value> args = new ArrayList<>(s.args().length);
            boolean ownValues = s.bound() instanceof JoinOp.Node j && j.valuesAsArgs(); // input by the join itself
            for (int a : s.args()) {
                if (here || ownValues) {
                    args.add(local[a] ? plain[a] : values[a]);
                    continue;
                }
                if (local[a] && values[a] == null) { // first shared use: its member inputs it
                    values[a] = share(steps.get(a), plain[a], backend);
                }
                args.add(values[a]);
            }
            if (here) {
                local[i] = true;
                plain[i] = localValue(s, args, plainEv, host, backend);
            } else if (s.bound() instanceof InputOp.Node in && prefetched.containsKey(s.id())) {
                ProgramHost.Rows rows = prefetched.get(s.id());
                values[i] = new Value.Secret(backend.input(in.read().member(), Shape.of(in.read().rows(),
                        in.read().columns().size()), rows == null ? null : rows.values()));
            } else {
                values[i] = s.bound().eval(ev, args);
            }
            for (int a : s.args()) { // free what no later node reads: memory follows the live values, not the program
                if (lastUse[a] == i) {
                    values[a] = null;
                    plain[a] = null;
                }
            }
        }
        return ev.results();
    }

    /** A local node at its member (in plaintext); {@code null} at every other party, which reads and computes nothing. */
    private static Value localValue(CheckedProgram.Step s, List<Value> args, Evaluation local, ProgramHost host,
            Backend backend) {
        if (s.bound() instanceof InputOp.Node in) {
            ProgramHost.Rows rows = host.read(in.read()); // every party asks (tracing records the read); its member answers
            if (rows == null || !backend.readsInputOf(s.holder())) {
                return null;
            }
            return new Value.Secret(local.backend().input(s.holder(), Shape.of(in.read().rows(), in.read().columns().size()),
                    rows.values()));
        }
        if (!backend.readsInputOf(s.holder())) {
            return null;
        }
        return s.bound().eval(local, args);
    }

    /** A local node's value input by its member: every party's share of it (its scale kept: 0/1 values stay at 0). */
    private static Value share(CheckedProgram.Step s, Value plain, Backend backend) {
        Type t = s.bound().type();
        Shape shape = Shape.of(t.dims());
        int f = backend.fixedPoint().fracBits();
        long[] raw = null;
        int scale = t.bits() ? 0 : f;
        if (plain instanceof Value.Secret v) {
            raw = v.tensor().share().clone();
            int from = v.tensor().scale();
            for (int k = 0; k < raw.length && from != scale; k++) {
                raw[k] = from == 0 ? raw[k] << f : raw[k] >> f; // 0/1 values either way
            }
        } else if (plain instanceof Value.Public v) {
            raw = scale == 0 ? java.util.Arrays.stream(v.values()).mapToLong(Math::round).toArray()
                    : backend.fixedPoint().encode(v.values());
        }
        SecretTensor in = backend.inputIntegers(s.holder(), shape, raw);
        return new Value.Secret(scale == 0 ? in : SecretTensor.fromShare(backend, shape, in.share(), scale));
    }

    private static int[] lastUse(List<CheckedProgram.Step> steps) {
        int[] last = new int[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            last[i] = i;
            for (int a : steps.get(i).args()) {
                last[a] = i;
            }
        }
        return last;
    }

    /** Reads the keyed inputs and checks that their members hold the same keys; their rows by node id. */
    private static Map<String, ProgramHost.Rows> keyCheck(CheckedProgram p, Backend be, ProgramHost host) {
        Map<String, ProgramHost.Rows> rows = new java.util.HashMap<>();
        List<InputRead> keyed = p.reads().stream().filter(r -> r.key() != null && !r.link()).toList();
        if (keyed.isEmpty()) {
            return rows;
        }
        long[] hashes = new long[keyed.size()];
        for (int i = 0; i < keyed.size(); i++) {
            ProgramHost.Rows r = host.read(keyed.get(i));
            rows.put(keyed.get(i).node(), r);
            hashes[i] = r == null ? 0 : r.keyHash();
        }
        int first = keyed.get(0).member();
        SecretTensor h0 = be.inputIntegers(first, Shape.vector(1), be.readsInputOf(first) ? new long[] {hashes[0]} : null);
        for (int i = 1; i < keyed.size(); i++) { // every keyed input against the first, a member's several ones too
            int m = keyed.get(i).member();
            SecretTensor hi = be.inputIntegers(m, Shape.vector(1), be.readsInputOf(m) ? new long[] {hashes[i]} : null);
            double[] same = host.checking("key-set equality", () -> hi.sub(h0).isZero().reveal());
            if (same[0] != 1.0 && !be.dryRun()) {
                throw new KeyMismatchException(keyed.get(i).node());
            }
        }
        return rows;
    }

    /** Members' key columns differ: rows cannot be aligned (names the input node, never a key). */
    public static final class KeyMismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyMismatchException(String node) {
            super("program node '" + node + "': its member's keys differ from the first keyed input's (rows cannot be aligned)");
        }
    }
}
