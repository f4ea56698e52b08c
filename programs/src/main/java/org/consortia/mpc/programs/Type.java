package org.consortia.mpc.programs;

import java.util.Arrays;

/**
 * What the checker knows of a node's value before anything runs: its static shape, whether it is secret, whether
 * its values are 0/1 (a comparison's), and how data flow into it. {@code sink} marks a node with no value (a reveal).
 */
public record Type(int[] dims, boolean secret, boolean bits, Flow flow, boolean sink) {
    public Type {
        dims = dims.clone();
    }

    public static Type value(int[] dims, boolean secret, boolean bits, Flow flow) {
        return new Type(dims, secret, bits, flow, false);
    }

    public static Type sinkType() {
        return new Type(new int[0], false, false, Flow.PUBLIC, true);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long size() {
        return Values.size(dims);
    }

    public String shape() {
        return Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Type t && Arrays.equals(dims, t.dims) && secret == t.secret && bits == t.bits
                && flow.equals(t.flow) && sink == t.sink;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + flow.hashCode();
    }

    @Override
    public String toString() {
        return (sink ? "sink" : (secret ? "secret" : "public") + (bits ? " 0/1 " : " ") + shape());
    }
}
