package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.inference.ops.ElementwiseOp;
import org.consortia.mpc.inference.ops.ElementwiseOps;
import org.consortia.mpc.inference.ops.OnnxAttributes;
import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Cost;

/**
 * The inference layers' elementwise ops that declare a program name ({@code tanh erf gelu gelu_tanh hard_sigmoid
 * hard_swish leaky_relu}, {@link ElementwiseOp#programName}): the same op file serves an imported model and a program,
 * its attributes ({@code alpha}, {@code beta}) read with ONNX's defaults. An op added to {@code inference.ops} with a
 * program name is a program op without a line here.
 */
public final class ActivationOp implements Op {
    /** The largest |alpha| or |beta| a program may give. */
    static final double MAX_CONSTANT = 1e6;

    @Override
    public List<String> names() {
        return ElementwiseOps.programNames();
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        ElementwiseOp named = ElementwiseOps.forProgram(name);
        ElementwiseOp.Params p = named.onnxTypes().isEmpty() ? new ElementwiseOp.Params(named.name(), 0, 0)
                : named.fromOnnx(named.onnxTypes().get(0), attributes(a));
        ElementwiseOp op = ElementwiseOps.get(p.kind());
        Type x = args.get(0);
        Type t = Type.value(x.dims(), x.secret(), false, x.flow());
        int n = (int) x.size();
        Cost cost = x.secret() ? op.cost(Math.min(n, Cost.CHUNK)).chunked(n) : new Cost(0, 0);
        return Bound.of(t, parties -> cost, (ev, vals) -> {
            Value v = vals.get(0);
            if (v instanceof Value.Public pub) {
                double[] out = new double[pub.values().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = op.plain(pub.values()[i], p.alpha(), p.beta());
                }
                return new Value.Public(pub.dims(), out);
            }
            return new Value.Secret(op.secure(Values.fixed(ev.backend(), v), p.alpha(), p.beta()));
        });
    }

    /** A program node's attributes as the op's ONNX mapping reads them: numbers within +-{@link #MAX_CONSTANT}. */
    private static OnnxAttributes attributes(Attrs a) {
        return new OnnxAttributes() {
            @Override
            public double real(String key, double fallback) {
                return a.has(key) ? a.real(key, -MAX_CONSTANT, MAX_CONSTANT) : fallback;
            }

            @Override
            public String string(String key, String fallback) {
                return a.has(key) ? a.string(key) : fallback;
            }

            @Override
            public RuntimeException error(String what) {
                return a.error("attrs", what);
            }
        };
    }
}
