package org.consortia.mpc.protocols.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;

/**
 * Reads an ONNX model (protobuf classes from Maven Central, no native runtime) into a {@link Model} of
 * sequential layers: Conv (strides, symmetric padding, dilation 1, group 1), Gemm, MatMul, Add (of a
 * constant, as bias), Relu, Sigmoid, MaxPool, AveragePool (no padding), GlobalAveragePool, Flatten, Reshape,
 * BatchNormalization (folded into the preceding Conv or Gemm), Dropout and Identity (dropped), Softmax at
 * the output. Anything else fails with the op type, the node name and what is supported.
 */
public final class OnnxImport {
    public static final List<String> SUPPORTED = List.of("Conv", "Gemm", "MatMul", "Add", "Relu", "Sigmoid", "MaxPool",
            "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "BatchNormalization", "Dropout", "Identity", "Softmax");

    private OnnxImport() {
    }

    public static Model load(Path file) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new OnnxImportException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        return convert(file.getFileName().toString(), proto.getGraph());
    }

    static Model convert(String name, GraphProto g) {
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
        }
        var input = g.getInputList().stream().filter(v -> !init.containsKey(v.getName())).findFirst()
                .orElseThrow(() -> new OnnxImportException(name + ": the graph has no input"));
        List<TensorShapeProto.Dimension> dl = input.getType().getTensorType().getShape().getDimList();
        if (dl.size() < 2) {
            throw new OnnxImportException(name + ": input '" + input.getName() + "' must have a batch axis and at least one more");
        }
        int[] dims = new int[dl.size() - 1];
        for (int i = 1; i < dl.size(); i++) {
            if (!dl.get(i).hasDimValue()) {
                throw new OnnxImportException(name + ": input axis " + i + " must have a fixed size (only the batch may vary)");
            }
            dims[i - 1] = (int) dl.get(i).getDimValue();
        }
        int[] inputDims = dims.clone();
        String current = input.getName();
        List<Layer> layers = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            String op = n.getOpType();
            String node = n.getName().isEmpty() ? op : n.getName();
            List<String> data = n.getInputList().stream().filter(s -> !s.isEmpty() && !init.containsKey(s)).toList();
            if (data.size() != 1 || !data.get(0).equals(current)) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") does not continue a sequential "
                        + "chain: it reads " + data + ", expected [" + current + "]; only sequential models are supported");
            }
            Attrs a = new Attrs(n, node, op);
            switch (op) {
                case "Conv" -> {
                    TensorProto w = constant(init, n, 1, node, op);
                    int f = (int) w.getDims(0);
                    int c = (int) w.getDims(1);
                    int k = a.square("kernel_shape", (int) w.getDims(2));
                    if (w.getDims(3) != k || c != dims[0] || dims.length != 3) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Conv): weights " + w.getDimsList()
                                + " do not fit input " + Arrays.toString(dims) + "; supported: square kernels on [C, H, W]");
                    }
                    a.requireOnes("dilations");
                    a.requireInt("group", 1);
                    int s = a.square("strides", 1);
                    int p = a.symmetricPad();
                    Layer.Param bias = n.getInputCount() > 2 ? param(init.get(n.getInput(2)), node) : null;
                    layers.add(new Layer.Conv(node, param(w, node), bias, k, s, p));
                    dims = new int[] {f, (dims[1] + 2 * p - k) / s + 1, (dims[2] + 2 * p - k) / s + 1};
                }
                case "Gemm", "MatMul" -> {
                    if (dims.length != 1) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") needs a [batch, K] input, got "
                                + Arrays.toString(dims) + "; add a Flatten before it");
                    }
                    TensorProto w = constant(init, n, 1, node, op);
                    boolean transB = op.equals("Gemm") && a.integer("transB", 0) == 1;
                    if (op.equals("Gemm") && a.integer("transA", 0) != 0) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Gemm): transA=1 is not supported");
                    }
                    double alpha = op.equals("Gemm") ? a.real("alpha", 1) : 1;
                    double beta = op.equals("Gemm") ? a.real("beta", 1) : 1;
                    int rows = (int) w.getDims(0);
                    int cols = (int) w.getDims(1);
                    int k = transB ? cols : rows;
                    int m = transB ? rows : cols;
                    if (k != dims[0]) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): weights " + w.getDimsList()
                                + " do not fit input [batch, " + dims[0] + "]");
                    }
                    double[] wv = floats(w, node);
                    double[] kw = new double[k * m];
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < m; j++) {
                            kw[i * m + j] = alpha * (transB ? wv[j * k + i] : wv[i * m + j]);
                        }
                    }
                    Layer.Param bias = null;
                    if (op.equals("Gemm") && n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                        double[] bv = floats(constant(init, n, 2, node, op), node);
                        if (bv.length != m) {
                            throw new OnnxImportException(name + ": node '" + node + "' (Gemm): bias of " + bv.length
                                    + " values, expected " + m + " (broadcast biases are not supported)");
                        }
                        for (int j = 0; j < m; j++) {
                            bv[j] *= beta;
                        }
                        bias = new Layer.Param(node + ".bias", new int[] {m}, bv);
                    }
                    layers.add(new Layer.Dense(node, new Layer.Param(node + ".weight", new int[] {k, m}, kw), bias));
                    dims = new int[] {m};
                }
                case "Add" -> {
                    TensorProto b = init.get(n.getInput(0).equals(current) ? n.getInput(1) : n.getInput(0));
                    Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
                    double[] bv = b == null ? null : floats(b, node);
                    if (last instanceof Layer.Dense d && d.bias() == null && bv != null && bv.length == dims[0]) {
                        layers.set(layers.size() - 1, new Layer.Dense(d.node(), d.weight(),
                                new Layer.Param(node + ".bias", new int[] {bv.length}, bv)));
                    } else {
                        throw new OnnxImportException(name + ": node '" + node + "' (Add): supported only as the bias of a "
                                + "preceding MatMul (a constant vector of the output width)");
                    }
                }
                case "BatchNormalization" -> layers.set(layers.size() - 1, foldBatchNorm(name, layers, n, init, node, a));
                case "Relu" -> layers.add(new Layer.Relu(node));
                case "Sigmoid" -> layers.add(new Layer.Sigmoid(node));
                case "Softmax" -> {
                    int axis = a.integer("axis", -1);
                    if (axis != -1 && axis != dims.length) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Softmax): only the last axis is supported");
                    }
                    layers.add(new Layer.Softmax(node));
                }
                case "MaxPool", "AveragePool" -> {
                    if (dims.length != 3) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") needs [C, H, W], got "
                                + Arrays.toString(dims));
                    }
                    int k = a.square("kernel_shape", -1);
                    int s = a.square("strides", 1);
                    int p = a.symmetricPad();
                    a.requireInt("ceil_mode", 0);
                    if (op.equals("MaxPool")) {
                        a.requireOnes("dilations");
                        layers.add(new Layer.MaxPool(node, k, s, p));
                    } else {
                        if (p != 0) {
                            throw new OnnxImportException(name + ": node '" + node + "' (AveragePool): padding is not supported");
                        }
                        layers.add(new Layer.AveragePool(node, k, s));
                    }
                    dims = new int[] {dims[0], (dims[1] + 2 * p - k) / s + 1, (dims[2] + 2 * p - k) / s + 1};
                }
                case "GlobalAveragePool" -> {
                    layers.add(new Layer.GlobalAveragePool(node));
                    dims = new int[] {dims[0], 1, 1};
                }
                case "Flatten" -> {
                    if (a.integer("axis", 1) != 1) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Flatten): only axis=1 is supported");
                    }
                    dims = new int[] {Arrays.stream(dims).reduce(1, (x, y) -> x * y)};
                    layers.add(new Layer.Reshape(node, dims));
                }
                case "Reshape" -> {
                    long[] target = longs(constant(init, n, 1, node, op));
                    int total = Arrays.stream(dims).reduce(1, (x, y) -> x * y);
                    int[] nd = new int[target.length - 1];
                    int infer = -1;
                    int known = 1;
                    for (int i = 1; i < target.length; i++) {
                        long v = target[i];
                        nd[i - 1] = v == 0 ? dims[i - 1] : (int) v;
                        if (v == -1) {
                            infer = i - 1;
                        } else {
                            known *= nd[i - 1];
                        }
                    }
                    if (infer >= 0) {
                        nd[infer] = total / known;
                    }
                    if (Arrays.stream(nd).reduce(1, (x, y) -> x * y) != total) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Reshape): " + Arrays.toString(target)
                                + " does not fit " + Arrays.toString(dims) + " (the first axis must be the batch)");
                    }
                    dims = nd;
                    layers.add(new Layer.Reshape(node, dims));
                }
                case "Dropout", "Identity" -> {
                    // no-ops at inference
                }
                default -> throw new OnnxImportException(name + ": unsupported op '" + op + "' at node '" + node
                        + "'; supported: " + String.join(", ", SUPPORTED));
            }
            current = n.getOutput(0);
        }
        return new Model(name, input.getName(), inputDims, layers, dims);
    }

    private static Layer foldBatchNorm(String name, List<Layer> layers, NodeProto n, Map<String, TensorProto> init, String node,
            Attrs a) {
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        double eps = a.real("epsilon", 1e-5);
        double[] gamma = floats(constant(init, n, 1, node, "BatchNormalization"), node);
        double[] beta = floats(constant(init, n, 2, node, "BatchNormalization"), node);
        double[] mean = floats(constant(init, n, 3, node, "BatchNormalization"), node);
        double[] var = floats(constant(init, n, 4, node, "BatchNormalization"), node);
        int ch = gamma.length;
        double[] scale = new double[ch];
        for (int c = 0; c < ch; c++) {
            scale[c] = gamma[c] / Math.sqrt(var[c] + eps);
        }
        if (last instanceof Layer.Conv conv && conv.weight().dims()[0] == ch) {
            double[] w = conv.weight().values().clone();
            int per = w.length / ch;
            double[] b = conv.bias() == null ? new double[ch] : conv.bias().values().clone();
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < per; i++) {
                    w[c * per + i] *= scale[c];
                }
                b[c] = (b[c] - mean[c]) * scale[c] + beta[c];
            }
            return new Layer.Conv(conv.node(), new Layer.Param(conv.weight().name(), conv.weight().dims(), w),
                    new Layer.Param(conv.node() + ".bias", new int[] {ch}, b), conv.kernel(), conv.stride(), conv.pad());
        }
        if (last instanceof Layer.Dense d && d.weight().dims()[1] == ch) {
            double[] w = d.weight().values().clone();
            int k = d.weight().dims()[0];
            double[] b = d.bias() == null ? new double[ch] : d.bias().values().clone();
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < ch; c++) {
                    w[i * ch + c] *= scale[c];
                }
            }
            for (int c = 0; c < ch; c++) {
                b[c] = (b[c] - mean[c]) * scale[c] + beta[c];
            }
            return new Layer.Dense(d.node(), new Layer.Param(d.weight().name(), d.weight().dims(), w),
                    new Layer.Param(d.node() + ".bias", new int[] {ch}, b));
        }
        throw new OnnxImportException(name + ": node '" + node + "' (BatchNormalization): supported only right after a Conv "
                + "or Gemm with " + ch + " output channels, into which it is folded");
    }

    private static TensorProto constant(Map<String, TensorProto> init, NodeProto n, int i, String node, String op) {
        TensorProto t = n.getInputCount() > i ? init.get(n.getInput(i)) : null;
        if (t == null) {
            throw new OnnxImportException("node '" + node + "' (" + op + "): input " + i + " must be a constant initializer");
        }
        return t;
    }

    private static Layer.Param param(TensorProto t, String node) {
        int[] d = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        return new Layer.Param(t.getName(), d, floats(t, node));
    }

    static double[] floats(TensorProto t, String node) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxImportException("node '" + node + "': tensor '" + t.getName() + "' has data type " + t.getDataType()
                    + "; supported: FLOAT (1)");
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[b.remaining() / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getFloat();
            }
            return out;
        }
        double[] out = new double[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    static long[] longs(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[b.remaining() / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getLong();
            }
            return out;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    /** Attribute access that names the node in every error. */
    private static final class Attrs {
        private final Map<String, AttributeProto> map = new HashMap<>();
        private final String node;
        private final String op;

        Attrs(NodeProto n, String node, String op) {
            n.getAttributeList().forEach(a -> map.put(a.getName(), a));
            this.node = node;
            this.op = op;
        }

        int integer(String key, int fallback) {
            AttributeProto a = map.get(key);
            return a == null ? fallback : (int) a.getI();
        }

        double real(String key, double fallback) {
            AttributeProto a = map.get(key);
            return a == null ? fallback : a.getF();
        }

        void requireInt(String key, int expected) {
            if (integer(key, expected) != expected) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): attribute " + key + "=" + integer(key, expected)
                        + " is not supported (only " + expected + ")");
            }
        }

        void requireOnes(String key) {
            AttributeProto a = map.get(key);
            if (a != null && a.getIntsList().stream().anyMatch(v -> v != 1)) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): attribute " + key + "=" + a.getIntsList()
                        + " is not supported (only 1)");
            }
        }

        /** A 2-D attribute with equal entries (kernel, strides); fallback when absent. */
        int square(String key, int fallback) {
            AttributeProto a = map.get(key);
            if (a == null) {
                if (fallback < 0) {
                    throw new OnnxImportException("node '" + node + "' (" + op + "): attribute " + key + " is required");
                }
                return fallback;
            }
            List<Long> v = a.getIntsList();
            if (v.size() != 2 || !v.get(0).equals(v.get(1))) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): attribute " + key + "=" + v
                        + " is not supported (only two equal values)");
            }
            return v.get(0).intValue();
        }

        int symmetricPad() {
            AttributeProto ap = map.get("auto_pad");
            if (ap != null && !ap.getS().toStringUtf8().equals("NOTSET")) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): auto_pad=" + ap.getS().toStringUtf8()
                        + " is not supported (use explicit pads)");
            }
            AttributeProto a = map.get("pads");
            if (a == null) {
                return 0;
            }
            List<Long> v = a.getIntsList();
            if (v.stream().distinct().count() != 1) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): pads=" + v + " is not supported (only equal pads)");
            }
            return v.get(0).intValue();
        }
    }
}
