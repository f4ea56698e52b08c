package org.consortia.mpc.programs;

import org.consortia.mpc.protocols.SecretTensor;

/** A node's value while a program runs: public (the same at every party) or this party's share of a secret. */
public sealed interface Value {
    int[] dims();

    /** A public tensor, row-major. */
    record Public(int[] dims, double[] values) implements Value {
        @Override
        public String toString() {
            return "Public" + java.util.Arrays.toString(dims);
        }
    }

    /** A secret tensor (scale 0 for 0/1 values, the session's fractional bits otherwise). */
    record Secret(SecretTensor tensor) implements Value {
        @Override
        public int[] dims() {
            return tensor.shape().dims();
        }

        @Override
        public String toString() {
            return "Secret" + tensor.shape();
        }
    }
}
