package org.consortia.mpc.programs;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.programs.ops.InputOp;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Runs a checked program at one party: a walk over its nodes in order on the party's backend (the plaintext reference,
 * the simulator's or a node's). Inputs aligned by a key are checked first: every keyed input's member inputs a hash of
 * its sorted keys, and one bit per member opens (equal to the first's or not); the job stops if one differs.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** The results revealed to this party, by label, in program order. */
    public static Map<String, Evaluation.Result> run(CheckedProgram p, Backend backend, ProgramHost host, SecureRandom random) {
        Evaluation ev = new Evaluation(backend, host, random);
        List<CheckedProgram.Step> steps = p.steps();
        Value[] values = new Value[steps.size()];
        Map<String, ProgramHost.Rows> prefetched = keyCheck(p, backend, host);
        int[] lastUse = lastUse(steps);
        for (int i = 0; i < steps.size(); i++) {
            CheckedProgram.Step s = steps.get(i);
            List<Value> args = new ArrayList<>(s.args().length);
            for (int a : s.args()) {
                args.add(values[a]);
            }
            if (s.bound() instanceof InputOp.Node in && prefetched.containsKey(s.id())) {
                ProgramHost.Rows rows = prefetched.get(s.id());
                values[i] = new Value.Secret(backend.input(in.read().member(), Shape.of(in.read().rows(),
                        in.read().columns().size()), rows == null ? null : rows.values()));
            } else {
                values[i] = s.bound().eval(ev, args);
            }
            for (int a : s.args()) { // free what no later node reads: memory follows the live values, not the program
                if (lastUse[a] == i) {
                    values[a] = null;
                }
            }
        }
        return ev.results();
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
