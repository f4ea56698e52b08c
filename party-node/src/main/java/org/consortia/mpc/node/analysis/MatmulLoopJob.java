package org.consortia.mpc.node.analysis;

import java.util.List;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;

/**
 * A load generator for tests and operations, reading no member's data: party 0 and the last party input
 * public synthetic {@code size x size} matrices and multiply them {@code iterations} times; the sum of all
 * products is revealed to {@code resultParty}.
 */
public record MatmulLoopJob(int size, int iterations, int resultParty) implements Analysis {

    @Override
    public String name() {
        return "matmul-loop";
    }

    @Override
    public long rowsBehind() {
        return Long.MAX_VALUE; // synthetic public data
    }

    @Override
    public java.util.List<String> resultLabels() {
        return java.util.List.of("sum");
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        double[] a = new double[size * size];
        double[] b = new double[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i) * 2;
            b[i] = Math.cos(i * 0.5);
        }
        return party -> {
            int last = party.parties() - 1;
            SecretTensor x = party.input(0, Shape.matrix(size, size), a);
            SecretTensor w = party.input(last, Shape.matrix(size, size), b);
            SecretTensor acc = x.matmul(w);
            for (int i = 1; i < iterations; i++) {
                acc = acc.add(x.matmul(w));
            }
            return acc.sum().revealTo(resultParty);
        };
    }

    /** The plaintext reference of the program. */
    public static double reference(int size, int iterations) {
        double s = 0;
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < size; k++) {
                double av = Math.sin(i * size + k) * 2;
                for (int j = 0; j < size; j++) {
                    s += av * Math.cos((k * size + j) * 0.5);
                }
            }
        }
        return s * iterations;
    }

    /** Malicious mode too: inputs, matrix products, additions and a reveal: every step written against the backend, so it runs on authenticated shares. */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    /** The job type {@code matmul-loop}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("matmul-loop");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return matmulLoop(p);
        }

        private static MatmulLoopJob matmulLoop(SpecParams p) {
            int size = p.integer("size", 64, 1, p.limits.maxMatrix());
            int iterations = p.integer("iterations", 10, 1, 100 * p.limits.maxIterations());
            long work;
            try {
                work = Math.multiplyExact(Math.multiplyExact((long) size * size, (long) size), (long) iterations);
            } catch (ArithmeticException overflow) {
                work = Long.MAX_VALUE;
            }
            if (work > SpecLimits.MAX_MATMUL_WORK) {
                throw new SpecException("iterations", "at most " + SpecLimits.MAX_MATMUL_WORK + " multiply-adds in all (size^3 x "
                        + "iterations)");
            }
            return new MatmulLoopJob(size, iterations, p.party("resultParty", 0));
        }
    }
}
