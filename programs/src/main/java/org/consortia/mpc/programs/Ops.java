package org.consortia.mpc.programs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.consortia.mpc.programs.ops.ActivationOp;
import org.consortia.mpc.programs.ops.ArithmeticOp;
import org.consortia.mpc.programs.ops.CompareOp;
import org.consortia.mpc.programs.ops.ConcatOp;
import org.consortia.mpc.programs.ops.ConstantOp;
import org.consortia.mpc.programs.ops.DpReleaseOp;
import org.consortia.mpc.programs.ops.GroupOp;
import org.consortia.mpc.programs.ops.InputOp;
import org.consortia.mpc.programs.ops.JoinOp;
import org.consortia.mpc.programs.ops.MatmulOp;
import org.consortia.mpc.programs.ops.MaxOp;
import org.consortia.mpc.programs.ops.ReduceOp;
import org.consortia.mpc.programs.ops.RevealOp;
import org.consortia.mpc.programs.ops.ShapeOp;
import org.consortia.mpc.programs.ops.SoftmaxOp;
import org.consortia.mpc.programs.ops.UnaryOp;
import org.consortia.mpc.programs.ops.WhereOp;

/** The op registry: every op a program may name, by name. Adding an op is one {@link Op} file and one line here. */
public final class Ops {
    private static final Map<String, Op> BY_NAME = new TreeMap<>();

    static {
        for (Op op : List.of(new InputOp(), new JoinOp(), new ConstantOp(), new ArithmeticOp(), new UnaryOp(), new CompareOp(), new WhereOp(),
                new MatmulOp(), new ReduceOp(), new MaxOp(), new SoftmaxOp(), new ShapeOp(), new ConcatOp(), new DpReleaseOp(),
                new RevealOp(), new GroupOp(), new ActivationOp())) {
            for (String name : op.names()) {
                if (BY_NAME.put(name, op) != null) {
                    throw new IllegalStateException("two ops named " + name);
                }
            }
        }
    }

    private Ops() {
    }

    /** The op named {@code name}, or {@code null}. */
    public static Op get(String name) {
        return BY_NAME.get(name);
    }

    /** Every op name, sorted. */
    public static List<String> names() {
        return List.copyOf(Collections.unmodifiableSet(BY_NAME.keySet()));
    }
}
