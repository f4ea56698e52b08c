package org.consortia.mpc.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Evaluates, at import, the nodes whose inputs are all constants: the Shape/Gather/Unsqueeze/Concat chains torch
 * 2.x writes around every Reshape, and arithmetic on constants. {@code Shape} of an activation is its shape for one
 * sample (the batch axis is 1): the secure evaluator runs every sample through the graph as if alone, so the
 * folded values are exact for any batch. Values are kept as doubles (integers are exact to 2^53).
 */
final class ConstantFolder {
    /** The ops folded when every input is a constant. */
    static final List<String> OPS = List.of("Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice", "Add",
            "Sub", "Mul", "Div", "Mod", "Pow", "Sqrt", "Neg", "Reshape", "Flatten", "ConstantOfShape", "Range", "Equal",
            "Where", "Expand", "Transpose", "Floor", "Ceil", "Min", "Max", "Identity");

    /** The largest tensor folding may make (elements). */
    static final int MAX_ELEMENTS = 1 << 24;

    private ConstantFolder() {
    }

    /** A constant: shape, values, and whether its type is integral (int64, int32, bool). */
    record Const(long[] dims, double[] v, boolean integral) {
        Const {
            if (count(dims) != v.length) {
                throw new OnnxImportException("a constant of shape " + Arrays.toString(dims) + " with " + v.length + " values");
            }
        }

        static Const of(TensorProto t) {
            long[] d = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            return switch (t.getDataType()) {
                case TensorProto.DataType.FLOAT_VALUE -> new Const(d, OnnxImport.floats(t, t.getName()), false);
                case TensorProto.DataType.DOUBLE_VALUE -> new Const(d, doubles(t), false);
                case TensorProto.DataType.INT64_VALUE -> new Const(d, Arrays.stream(OnnxImport.longs(t)).asDoubleStream().toArray(), true);
                case TensorProto.DataType.INT32_VALUE, TensorProto.DataType.BOOL_VALUE -> new Const(d, ints32(t), true);
                default -> throw new OnnxImportException("constant '" + t.getName() + "' has data type " + t.getDataType()
                        + "; supported: FLOAT, DOUBLE, INT64, INT32, BOOL");
            };
        }

        TensorProto proto(String name) {
            TensorProto.Builder b = TensorProto.newBuilder().setName(name);
            for (long x : dims) {
                b.addDims(x);
            }
            if (integral) {
                b.setDataType(TensorProto.DataType.INT64_VALUE);
                for (double x : v) {
                    b.addInt64Data((long) x);
                }
            } else {
                b.setDataType(TensorProto.DataType.FLOAT_VALUE);
                for (double x : v) {
                    b.addFloatData((float) x);
                }
            }
            return b.build();
        }

        int rank() {
            return dims.length;
        }
    }

    private static double[] doubles(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[b.remaining() / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getDouble();
            }
            return out;
        }
        return t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] ints32(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            boolean bool = t.getDataType() == TensorProto.DataType.BOOL_VALUE;
            double[] out = new double[b.remaining() / (bool ? 1 : 4)];
            for (int i = 0; i < out.length; i++) {
                out[i] = bool ? b.get() : b.getInt();
            }
            return out;
        }
        return t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0 || (d > 0 && n > MAX_ELEMENTS / d)) {
                throw new OnnxImportException("a constant of shape " + Arrays.toString(dims) + " is over " + MAX_ELEMENTS
                        + " elements or has a negative axis");
            }
            n *= d;
        }
        return n;
    }

    /**
     * The node's output: {@code in} holds its inputs (null for an absent optional one); {@code shapeOf} is the
     * full one-sample shape of the activation a Shape node reads.
     */
    static Const fold(NodeProto n, String node, List<Const> in, long[] shapeOf) {
        String op = n.getOpType();
        Map<String, AttributeProto> at = new java.util.HashMap<>();
        n.getAttributeList().forEach(a -> at.put(a.getName(), a));
        Const x = in.isEmpty() ? null : in.get(0);
        return switch (op) {
            case "Shape" -> {
                int r = shapeOf.length;
                int start = clampAxis(at.containsKey("start") ? (int) at.get("start").getI() : 0, r);
                int end = clampAxis(at.containsKey("end") ? (int) at.get("end").getI() : r, r);
                long[] s = Arrays.copyOfRange(shapeOf, start, Math.max(start, end));
                yield new Const(new long[] {s.length}, Arrays.stream(s).asDoubleStream().toArray(), true);
            }
            case "Identity" -> x;
            case "Cast" -> {
                long to = at.get("to").getI();
                boolean integral = to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE
                        || to == TensorProto.DataType.BOOL_VALUE;
                double[] v = x.v.clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = to == TensorProto.DataType.BOOL_VALUE ? (v[i] != 0 ? 1 : 0) : integral ? (long) v[i] : (float) v[i];
                }
                yield new Const(x.dims, v, integral);
            }
            case "Neg", "Sqrt", "Floor", "Ceil" -> {
                double[] v = x.v.clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (op) {
                        case "Neg" -> -v[i];
                        case "Sqrt" -> Math.sqrt(v[i]);
                        case "Floor" -> Math.floor(v[i]);
                        default -> Math.ceil(v[i]);
                    };
                }
                yield new Const(x.dims, v, x.integral);
            }
            case "Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Min", "Max" -> {
                Const y = in.get(1);
                boolean fmod = at.containsKey("fmod") && at.get("fmod").getI() == 1;
                yield broadcast(List.of(x, y), op.equals("Equal") || x.integral && (y.integral || op.equals("Pow")), v -> {
                    double a = v[0];
                    double b = v[1];
                    return switch (op) {
                        case "Add" -> a + b;
                        case "Sub" -> a - b;
                        case "Mul" -> a * b;
                        case "Div" -> x.integral && y.integral ? (double) ((long) a / (long) b) : a / b;
                        case "Mod" -> fmod ? a % b : a - b * Math.floor(a / b);
                        case "Pow" -> Math.pow(a, b);
                        case "Min" -> Math.min(a, b);
                        case "Max" -> Math.max(a, b);
                        default -> a == b ? 1.0 : 0.0;
                    };
                });
            }
            case "Where" -> broadcast(List.of(in.get(0), in.get(1), in.get(2)), in.get(1).integral, v -> v[0] != 0 ? v[1] : v[2]);
            case "Expand" -> broadcast(List.of(x, new Const(longs(in.get(1)), new double[(int) count(longs(in.get(1)))], x.integral)),
                    x.integral, v -> v[0]);
            case "ConstantOfShape" -> {
                long[] d = longs(x);
                double fill = 0;
                boolean integral = false;
                if (at.containsKey("value")) {
                    Const c = Const.of(at.get("value").getT());
                    fill = c.v[0];
                    integral = c.integral;
                }
                double[] v = new double[(int) count(d)];
                Arrays.fill(v, fill);
                yield new Const(d, v, integral);
            }
            case "Range" -> {
                double start = x.v[0];
                double limit = in.get(1).v[0];
                double delta = in.get(2).v[0];
                long k = Math.max(0, (long) Math.ceil((limit - start) / delta));
                double[] v = new double[(int) count(new long[] {k})];
                for (int i = 0; i < v.length; i++) {
                    v[i] = start + i * delta;
                }
                yield new Const(new long[] {k}, v, x.integral);
            }
            case "Gather" -> {
                int axis = normAxis((int) intAttr(at, "axis", 0), x.rank(), node, op);
                Const idx = in.get(1);
                long[] d = new long[x.rank() - 1 + idx.rank()];
                System.arraycopy(x.dims, 0, d, 0, axis);
                System.arraycopy(idx.dims, 0, d, axis, idx.rank());
                System.arraycopy(x.dims, axis + 1, d, axis + idx.rank(), x.rank() - axis - 1);
                int outer = (int) count(Arrays.copyOf(x.dims, axis));
                int inner = (int) count(Arrays.copyOfRange(x.dims, axis + 1, x.rank()));
                int len = (int) x.dims[axis];
                double[] v = new double[(int) count(d)];
                int t = 0;
                for (int o = 0; o < outer; o++) {
                    for (double iv : idx.v) {
                        int i = (int) (iv < 0 ? iv + len : iv);
                        if (i < 0 || i >= len) {
                            throw new OnnxImportException("node '" + node + "' (Gather): index " + (long) iv + " outside [0, " + len + ")");
                        }
                        System.arraycopy(x.v, (o * len + i) * inner, v, t, inner);
                        t += inner;
                    }
                }
                yield new Const(d, v, x.integral);
            }
            case "Unsqueeze", "Squeeze" -> new Const(op.equals("Unsqueeze") ? unsqueezed(x.dims, axes(n, at, in), node)
                    : squeezed(x.dims, axes(n, at, in), node), x.v, x.integral);
            case "Reshape" -> new Const(reshaped(x.dims, longs(in.get(1)), node), x.v, x.integral);
            case "Flatten" -> {
                int ax = (int) intAttr(at, "axis", 1);
                int axis = normAxis(ax < 0 ? ax + x.rank() : ax, x.rank() + 1, node, op);
                yield new Const(new long[] {count(Arrays.copyOf(x.dims, axis)), count(Arrays.copyOfRange(x.dims, axis,
                        x.rank()))}, x.v, x.integral);
            }
            case "Concat" -> {
                int axis = normAxis((int) intAttr(at, "axis", 0), x.rank(), node, op);
                long[] d = x.dims.clone();
                d[axis] = 0;
                for (Const c : in) {
                    d[axis] += c.dims[axis];
                }
                int outer = (int) count(Arrays.copyOf(x.dims, axis));
                double[] v = new double[(int) count(d)];
                int t = 0;
                for (int o = 0; o < outer; o++) {
                    for (Const c : in) {
                        int chunk = c.v.length / Math.max(1, outer);
                        System.arraycopy(c.v, o * chunk, v, t, chunk);
                        t += chunk;
                    }
                }
                yield new Const(d, v, in.stream().allMatch(Const::integral));
            }
            case "Slice" -> {
                long[] starts = longs(in.get(1));
                long[] ends = longs(in.get(2));
                long[] ax = in.size() > 3 && in.get(3) != null ? longs(in.get(3)) : null;
                long[] steps = in.size() > 4 && in.get(4) != null ? longs(in.get(4)) : null;
                int[][] sel = sliceIndices(x.dims, starts, ends, ax, steps, node);
                Const cur = x;
                for (int a = 0; a < sel.length; a++) {
                    if (sel[a] != null) {
                        cur = take(cur, a, sel[a]);
                    }
                }
                yield cur;
            }
            case "Transpose" -> {
                int r = x.rank();
                int[] perm = new int[r];
                AttributeProto p = at.get("perm");
                for (int i = 0; i < r; i++) {
                    perm[i] = p == null ? r - 1 - i : (int) p.getInts(i);
                }
                long[] d = new long[r];
                for (int i = 0; i < r; i++) {
                    d[i] = x.dims[perm[i]];
                }
                int[] dd = Arrays.stream(x.dims).mapToInt(q -> (int) q).toArray();
                int[] idx = new Layer.Permute(node, perm).gather(1, dd);
                double[] v = new double[idx.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = x.v[idx[i]];
                }
                yield new Const(d, v, x.integral);
            }
            default -> throw new OnnxImportException("node '" + node + "' (" + op + "): a constant subgraph op that is not "
                    + "supported; folded at import: " + String.join(", ", OPS));
        };
    }

    /** For each axis of {@code dims}, the indices a Slice keeps (null: all). */
    static int[][] sliceIndices(long[] dims, long[] starts, long[] ends, long[] axes, long[] steps, String node) {
        int[][] out = new int[dims.length][];
        for (int k = 0; k < starts.length; k++) {
            int a = normAxis(axes == null ? k : (int) axes[k], dims.length, node, "Slice");
            long len = dims[a];
            long step = steps == null ? 1 : steps[k];
            if (step == 0) {
                throw new OnnxImportException("node '" + node + "' (Slice): step 0");
            }
            long s = starts[k] < 0 ? starts[k] + len : starts[k];
            long e = ends[k] < 0 ? ends[k] + len : ends[k];
            List<Integer> keep = new ArrayList<>();
            if (step > 0) {
                s = Math.max(0, Math.min(len, s));
                e = Math.max(0, Math.min(len, e));
                for (long i = s; i < e; i += step) {
                    keep.add((int) i);
                }
            } else {
                s = Math.max(0, Math.min(len - 1, s)); // ONNX: starts in [0, len - 1], ends in [-1, len - 1]
                e = Math.max(-1, Math.min(len - 1, e));
                for (long i = s; i > e; i += step) {
                    keep.add((int) i);
                }
            }
            out[a] = keep.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static Const take(Const x, int axis, int[] indices) {
        int[] dd = Arrays.stream(x.dims).mapToInt(q -> (int) q).toArray();
        int[] idx = IndexMaps.select(1, dd, axis, indices);
        double[] v = new double[idx.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.v[idx[i]];
        }
        long[] d = x.dims.clone();
        d[axis] = indices.length;
        return new Const(d, v, x.integral);
    }

    /** Unsqueeze's and Squeeze's axes: an input from opset 13, an attribute before; null when absent. */
    static long[] axes(NodeProto n, Map<String, AttributeProto> at, List<Const> in) {
        if (in.size() > 1 && in.get(1) != null) {
            return longs(in.get(1));
        }
        AttributeProto a = at.get("axes");
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    static long[] unsqueezed(long[] dims, long[] axes, String node) {
        if (axes == null) {
            throw new OnnxImportException("node '" + node + "' (Unsqueeze): no axes");
        }
        int r = dims.length + axes.length;
        boolean[] added = new boolean[r];
        for (long a : axes) {
            added[normAxis((int) a, r, node, "Unsqueeze")] = true;
        }
        long[] out = new long[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = added[i] ? 1 : dims[j++];
        }
        return out;
    }

    static long[] squeezed(long[] dims, long[] axes, String node) {
        boolean[] drop = new boolean[dims.length];
        if (axes == null) {
            for (int i = 0; i < dims.length; i++) {
                drop[i] = dims[i] == 1;
            }
        } else {
            for (long a : axes) {
                int k = normAxis((int) a, dims.length, node, "Squeeze");
                if (dims[k] != 1) {
                    throw new OnnxImportException("node '" + node + "' (Squeeze): axis " + a + " has size " + dims[k]);
                }
                drop[k] = true;
            }
        }
        return java.util.stream.IntStream.range(0, dims.length).filter(i -> !drop[i]).mapToLong(i -> dims[i]).toArray();
    }

    /** ONNX Reshape's target: 0 copies the input's axis, -1 is inferred. */
    static long[] reshaped(long[] dims, long[] target, String node) {
        long total = count(dims);
        long[] out = new long[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            out[i] = target[i] == 0 && i < dims.length ? dims[i] : target[i];
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new OnnxImportException("node '" + node + "' (Reshape): two axes of " + Arrays.toString(target) + " are -1");
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new OnnxImportException("node '" + node + "' (Reshape): axis size " + out[i]);
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : total / known;
        }
        if (count(out) != total) {
            throw new OnnxImportException("node '" + node + "' (Reshape): " + Arrays.toString(target) + " does not fit "
                    + Arrays.toString(dims));
        }
        return out;
    }

    static int normAxis(int a, int rank, String node, String op) {
        int k = a < 0 ? a + rank : a;
        if (k < 0 || k >= rank) {
            throw new OnnxImportException("node '" + node + "' (" + op + "): axis " + a + " outside a rank-" + rank + " tensor");
        }
        return k;
    }

    private static int clampAxis(int a, int rank) {
        return Math.max(0, Math.min(rank, a < 0 ? a + rank : a));
    }

    private static long intAttr(Map<String, AttributeProto> at, String key, long fallback) {
        AttributeProto a = at.get(key);
        return a == null ? fallback : a.getI();
    }

    static long[] longs(Const c) {
        return Arrays.stream(c.v).mapToLong(d -> (long) d).toArray();
    }

    /** numpy broadcasting of several constants through an elementwise function. */
    private static Const broadcast(List<Const> xs, boolean integral, java.util.function.Function<double[], Double> f) {
        int r = xs.stream().mapToInt(Const::rank).max().orElse(0);
        long[] d = new long[r];
        Arrays.fill(d, 1);
        for (Const c : xs) {
            for (int i = 0; i < c.rank(); i++) {
                long v = c.dims[i];
                int k = r - c.rank() + i;
                if (v != 1) {
                    if (d[k] != 1 && d[k] != v) {
                        throw new OnnxImportException("constants of shapes that do not broadcast: " + Arrays.toString(c.dims));
                    }
                    d[k] = v;
                }
            }
        }
        int total = (int) count(d);
        double[] out = new double[total];
        double[] args = new double[xs.size()];
        int[] pos = new int[r];
        for (int i = 0; i < total; i++) {
            for (int t = 0; t < xs.size(); t++) {
                Const c = xs.get(t);
                int off = 0;
                for (int k = 0; k < c.rank(); k++) {
                    int dim = (int) c.dims[k];
                    off = off * dim + (dim == 1 ? 0 : pos[r - c.rank() + k]);
                }
                args[t] = c.v[off];
            }
            out[i] = f.apply(args);
            for (int k = r - 1; k >= 0; k--) {
                if (++pos[k] < d[k]) {
                    break;
                }
                pos[k] = 0;
            }
        }
        return new Const(d, out, integral);
    }
}
