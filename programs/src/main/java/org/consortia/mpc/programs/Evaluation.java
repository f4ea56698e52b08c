package org.consortia.mpc.programs;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import org.consortia.mpc.protocols.Backend;

/** One party's run of a program: its backend, its host, its randomness, and the results revealed to it. */
public final class Evaluation {
    private final Backend backend;
    private final ProgramHost host;
    private final SecureRandom random;
    private final Map<String, Result> results = new LinkedHashMap<>();

    Evaluation(Backend backend, ProgramHost host, SecureRandom random) {
        this.backend = backend;
        this.host = host;
        this.random = random;
    }

    public Backend backend() {
        return backend;
    }

    public ProgramHost host() {
        return host;
    }

    /** Whether this is the plaintext reference, which plays every party and sees every result. */
    public boolean plaintext() {
        for (int k = 0; k < backend.parties(); k++) {
            if (!backend.readsInputOf(k)) {
                return false;
            }
        }
        return true;
    }

    /** This party's randomness for noise it contributes (a {@link SecureRandom}; seeded only in tests). */
    public SecureRandom random() {
        return random;
    }

    /** Records a result revealed to this party. */
    public void result(String label, int[] dims, double[] values) {
        results.put(label, new Result(dims, values));
    }

    Map<String, Result> results() {
        return results;
    }

    /** A revealed value: its shape and its values, row-major. */
    public record Result(int[] dims, double[] values) {
        public Result {
            dims = dims.clone();
        }

        @Override
        public int[] dims() {
            return dims.clone();
        }

        @Override
        public String toString() {
            return "Result" + java.util.Arrays.toString(dims); // values are a member's result, never a log's
        }
    }
}
