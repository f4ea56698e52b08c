package org.consortia.mpc.inference;

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

import org.consortia.mpc.inference.ops.ElementwiseOp;
import org.consortia.mpc.inference.ops.ElementwiseOps;
import org.consortia.mpc.inference.ops.OnnxAttributes;

/**
 * Reads an ONNX model (protobuf classes from Maven Central, no native runtime; weights inline or in external data
 * files next to the model) into a {@link Model}: a graph of layers in which a tensor may feed several nodes.
 *
 * <p>Every sample runs through the graph as if it were alone (batch 1): shapes are resolved for one sample, so the
 * Shape/Gather/Unsqueeze/Concat chains torch writes around reshapes fold to constants here ({@link ConstantFolder}),
 * and a tensor's batch-free shape is its one-sample shape without a leading unit axis. Ops that would mix samples
 * (a Gather, Slice, softmax or reduction over the batch axis, an output whose first axis is not the batch) are refused.
 *
 * <p>{@link #SUPPORTED} lists the ops; anything else, and any unsupported attribute or mode, fails with one line naming
 * the model, the node, the op and what is supported.
 */
public final class OnnxImport {
    /** The ONNX ops the importer maps: its own and every elementwise op's ({@link ElementwiseOps#onnxTypes}). */
    public static final List<String> SUPPORTED = java.util.stream.Stream.concat(java.util.stream.Stream.of("Conv", "Gemm", "MatMul", "Add",
            "Sub", "Mul", "Div", "Sum", "Concat", "Constant", "Relu", "Clip", "Sigmoid", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Gather", "Slice", "Transpose",
            "ReduceMean", "ReduceSum", "LayerNormalization", "PRelu", "Pad", "BatchNormalization", "Dropout", "Identity",
            "Softmax", "LogSoftmax", "Shape"), ElementwiseOps.onnxTypes().stream()).toList();

    private OnnxImport() {
    }

    /** The largest external weights file the importer reads. */
    static final long MAX_EXTERNAL_BYTES = 1L << 30;

    /**
     * Reads an ONNX model; weights stored outside it (external data, e.g. {@code model.onnx.data} as torch 2.x
     * writes it) are read from files in the model's directory (never from elsewhere) that are named after the model
     * ({@link #isExternalDataOf}).
     */
    public static Model load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OnnxImportException(file + ": no such file");
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new OnnxImportException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        String name = file.getFileName().toString();
        GraphProto g;
        try {
            g = withExternalData(name, proto.getGraph(), file.toRealPath());
        } catch (IOException e) {
            throw new OnnxImportException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        } catch (OnnxImportException e) {
            throw e;
        } catch (RuntimeException e) { // a malformed location or entry: one line too
            throw new OnnxImportException(name + ": cannot read its external data (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        return convert(name, g, opset(proto));
    }

    /** The default-domain opset the model imports (the newest when it names none). */
    static int opset(ModelProto proto) {
        return proto.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToInt(o -> (int) o.getVersion()).findFirst().orElse(Integer.MAX_VALUE);
    }

    /**
     * Whether the file {@code file} may hold external data of the model file {@code model} (plain names): the model's
     * name and a suffix after '.' or '_' ({@code m.onnx.data}, as torch 2.x and onnx write it, or {@code m.onnx_data}),
     * or its name with {@code .data} for {@code .onnx} ({@code m.data}), and never a {@code .csv}. So a model cannot
     * take another file of its directory, such as a member's dataset, for its weights.
     */
    static boolean isExternalDataOf(String model, String file) {
        if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return false;
        }
        if (model.endsWith(".onnx") && file.equals(model.substring(0, model.length() - ".onnx".length()) + ".data")) {
            return true;
        }
        return file.length() > model.length() + 1 && file.startsWith(model)
                && (file.charAt(model.length()) == '.' || file.charAt(model.length()) == '_');
    }

    /** The rule of {@link #isExternalDataOf}, for refusals. */
    private static String externalDataRule(String model) {
        String stem = model.endsWith(".onnx") ? model.substring(0, model.length() - ".onnx".length()) : model;
        return "external data must be named after the model file (" + model + " and a suffix after '.' or '_', such as "
                + model + ".data, or " + stem + ".data) and not end in .csv";
    }

    /**
     * The graph with every initializer's external data read into it, from files next to {@code model} (its real path)
     * that are named after it, also after symbolic links.
     */
    static GraphProto withExternalData(String name, GraphProto g, Path model) throws IOException {
        boolean any = g.getInitializerList().stream()
                .anyMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL);
        if (!any) {
            return g;
        }
        Path dir = model.getParent();
        String modelName = model.getFileName().toString();
        GraphProto.Builder b = g.toBuilder();
        Map<Path, byte[]> files = new HashMap<>();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            TensorProto t = b.getInitializer(i);
            if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
                continue;
            }
            String location = null;
            long offset = 0;
            long length = -1;
            for (var kv : t.getExternalDataList()) {
                switch (kv.getKey()) {
                    case "location" -> location = kv.getValue();
                    case "offset" -> offset = parseLong(name, t, kv.getValue());
                    case "length" -> length = parseLong(name, t, kv.getValue());
                    default -> { } // checksum: not needed
                }
            }
            if (location == null || location.isEmpty()) {
                throw new OnnxImportException(name + ": initializer '" + t.getName() + "' is external but names no file");
            }
            Path f = dir.resolve(location).normalize();
            if (!f.getParent().equals(dir.normalize()) || Path.of(location).isAbsolute()) {
                throw new OnnxImportException(name + ": initializer '" + t.getName() + "' names the external file '" + location
                        + "'; only files next to the model are read");
            }
            if (!isExternalDataOf(modelName, f.getFileName().toString())) {
                throw new OnnxImportException(name + ": initializer '" + t.getName() + "' names the external file '" + location
                        + "'; " + externalDataRule(modelName));
            }
            byte[] all = files.get(f);
            if (all == null) {
                try {
                    Path real = f.toRealPath(); // a link named after the model must lead to such a file too
                    if (!real.getParent().equals(dir) || !isExternalDataOf(modelName, real.getFileName().toString())) {
                        throw new OnnxImportException(name + ": initializer '" + t.getName() + "' names the external file '"
                                + location + "', a link to another file; " + externalDataRule(modelName));
                    }
                    if (Files.size(f) > MAX_EXTERNAL_BYTES) {
                        throw new OnnxImportException(name + ": external data file " + f.getFileName() + " is over "
                                + (MAX_EXTERNAL_BYTES >> 20) + " MiB");
                    }
                    all = Files.readAllBytes(f);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new OnnxImportException(name + ": no such file: " + location + " (the model's external weights, "
                            + "expected next to the model)", e);
                } catch (IOException e) {
                    throw new OnnxImportException(name + ": cannot read external data " + location + ": " + e.getMessage(), e);
                }
                files.put(f, all);
            }
            long len = length < 0 ? all.length - offset : length;
            if (offset < 0 || offset > all.length || len < 0 || len > all.length - offset) {
                throw new OnnxImportException(name + ": initializer '" + t.getName() + "': bytes " + offset + "+" + len
                        + " lie outside " + location + " (" + all.length + " bytes)");
            }
            b.setInitializer(i, t.toBuilder().clearExternalData().setDataLocation(TensorProto.DataLocation.DEFAULT)
                    .setRawData(com.google.protobuf.ByteString.copyFrom(all, (int) offset, (int) len)).build());
        }
        return b.build();
    }

    private static long parseLong(String name, TensorProto t, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new OnnxImportException(name + ": initializer '" + t.getName() + "': external data field '" + v
                    + "' is not a number", e);
        }
    }

    static Model convert(String name, GraphProto g) {
        return convert(name, g, Integer.MAX_VALUE);
    }

    static Model convert(String name, GraphProto g, int opset) {
        try {
            return convertGraph(name, g, opset);
        } catch (OnnxImportException e) {
            if (e.getMessage().startsWith(name + ": ")) {
                throw e;
            }
            throw new OnnxImportException(name + ": " + e.getMessage(), e); // every refusal names the model
        } catch (RuntimeException e) { // a malformed model (missing attribute values, wrong tensor types): still one line
            throw new OnnxImportException(name + ": cannot import (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")", e);
        }
    }

    private static Model convertGraph(String name, GraphProto g, int opset) {
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
            if (dims[i - 1] <= 0) {
                throw new OnnxImportException(name + ": input axis " + i + " has size " + dl.get(i).getDimValue()
                        + "; empty inputs are not supported");
            }
        }
        int[] inputDims = dims.clone();
        // the graph as a DAG: every activation tensor by name -> the layer that makes it (-1: the input) and its shape
        Map<String, Integer> producer = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        producer.put(input.getName(), -1);
        shapes.put(input.getName(), inputDims);
        List<Layer> layers = new ArrayList<>();
        List<int[]> wiring = new ArrayList<>();
        java.util.Set<String> published = new java.util.HashSet<>(); // constants written into the graph as Constant nodes
        // activations whose first axis (for one sample) is not a unit batch axis: their sample shape is the full shape
        java.util.Set<String> unbatched = new java.util.HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            String op = n.getOpType();
            String node = n.getName().isEmpty() ? op : n.getName();
            if (op.equals("Constant")) { // a constant made by a node (as torch writes scalars): an initializer
                AttributeProto v = n.getAttributeList().stream().filter(x -> x.getName().equals("value")).findFirst()
                        .orElseThrow(() -> new OnnxImportException(name + ": node '" + node + "' (Constant): only a 'value' "
                                + "tensor is supported"));
                init.put(n.getOutput(0), v.getT().toBuilder().setName(n.getOutput(0)).build());
                published.add(n.getOutput(0));
                continue;
            }
            if (op.equals("Identity") && n.getInputCount() == 1 && init.containsKey(n.getInput(0))) { // a constant's alias
                init.put(n.getOutput(0), init.get(n.getInput(0)).toBuilder().setName(n.getOutput(0)).build());
                if (published.contains(n.getInput(0))) {
                    published.add(n.getOutput(0));
                }
                continue;
            }
            boolean allConstant = n.getInputList().stream().allMatch(x -> x.isEmpty() || init.containsKey(x));
            if (op.equals("Shape") && n.getInputCount() == 1 && producer.containsKey(n.getInput(0))
                    || allConstant && n.getInputCount() > 0 && ConstantFolder.OPS.contains(op)) {
                List<ConstantFolder.Const> in = new ArrayList<>();
                long[] shapeOf = null;
                if (op.equals("Shape") && !allConstant) {
                    String t = n.getInput(0);
                    shapeOf = Arrays.stream(full(shapes.get(t), unbatched.contains(t))).asLongStream().toArray();
                } else {
                    for (String x : n.getInputList()) {
                        in.add(x.isEmpty() ? null : ConstantFolder.Const.of(init.get(x)));
                    }
                    if (op.equals("Shape")) {
                        shapeOf = in.get(0).dims();
                        in.clear();
                    }
                }
                init.put(n.getOutput(0), ConstantFolder.fold(n, node, in, shapeOf).proto(n.getOutput(0)));
                if (op.equals("Shape") || n.getInputList().stream().allMatch(x -> x.isEmpty() || published.contains(x))) {
                    published.add(n.getOutput(0)); // made of shapes and Constant nodes only: part of the architecture
                }
                continue;
            }
            List<String> data = n.getInputList().stream().filter(s -> !s.isEmpty() && !init.containsKey(s)).toList();
            for (String d : data) {
                if (!producer.containsKey(d)) {
                    throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") reads '" + d + "', which no earlier "
                            + "node makes (a graph input other than the model's, or nodes out of order)");
                }
            }
            Attrs a = new Attrs(n, name, node, op);
            long operands = n.getInputList().stream().filter(x -> !x.isEmpty()).count();
            if (data.size() >= 2 && operands != data.size()) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") mixes " + data.size() + " activations with "
                        + (operands - data.size()) + " constants; supported between activations: activations only");
            }
            if (data.size() >= 2) { // an op of several activations: a residual sum, a product, a concatenation
                int[] from = data.stream().mapToInt(producer::get).toArray();
                int[] d0 = shapes.get(data.get(0));
                int[] out = d0.clone();
                boolean batched = data.stream().anyMatch(d -> !unbatched.contains(d));
                if (!op.equals("Add") && !op.equals("Sub") && !op.equals("Mul") && !op.equals("Sum")
                        && data.stream().anyMatch(d -> unbatched.contains(d) == batched)) {
                    throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") joins tensors with and without "
                            + "the batch axis first; supported only when all have it first or none does");
                }
                switch (op) {
                    case "MatMul" -> { // secret x secret: attention's scores and weighted values
                        int[] d1 = shapes.get(data.get(1));
                        int r = d0.length;
                        if (r < 2 || d1.length != r || d0[r - 1] != d1[r - 2]
                                || !Arrays.equals(Arrays.copyOf(d0, r - 2), Arrays.copyOf(d1, r - 2))) {
                            throw new OnnxImportException(name + ": node '" + node + "' (MatMul): activations of shapes "
                                    + Arrays.toString(full(d0, !batched)) + " and " + Arrays.toString(full(d1, !batched))
                                    + "; supported: [..., M, K] x [..., K, N] with equal leading axes (no broadcasting)");
                        }
                        notAlongMovedBatch(name, node, op, full(d0, !batched), batched, -1);
                        out = IndexMaps.matmulDims(d0, d1);
                        layers.add(new Layer.MatMul(node));
                        wiring.add(from);
                    }
                    case "Add", "Sub", "Mul", "Sum" -> {
                        for (String d : data) {
                            if (!Arrays.equals(shapes.get(d), d0)) {
                                throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): inputs of shapes "
                                        + Arrays.toString(d0) + " and " + Arrays.toString(shapes.get(d)) + "; only equal shapes "
                                        + "(no broadcasting) are supported between activations");
                            }
                        }
                        if (!op.equals("Sum") && data.size() != 2) {
                            throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") with " + data.size() + " inputs");
                        }
                        Layer l = switch (op) {
                            case "Sub" -> new Layer.Sub(node);
                            case "Mul" -> new Layer.Mul(node);
                            default -> new Layer.Add(node);
                        };
                        if (op.equals("Sum") && data.size() > 2) { // a chain of pairwise sums
                            int prev = from[0];
                            for (int k = 1; k < from.length; k++) {
                                layers.add(new Layer.Add(node + (k < from.length - 1 ? "#" + k : "")));
                                wiring.add(new int[] {prev, from[k]});
                                prev = layers.size() - 1;
                            }
                        } else {
                            layers.add(l);
                            wiring.add(from);
                        }
                    }
                    case "Concat" -> {
                        int axis = a.integer("axis", 1);
                        notAlongMovedBatch(name, node, op, full(d0, !batched), batched, axis);
                        int rank = d0.length + (batched ? 1 : 0);
                        axis = (axis < 0 ? axis + rank : axis) + (batched ? 0 : 1); // axis + 1 counts as if batched
                        if (axis < 1 || axis >= d0.length + 1) {
                            throw new OnnxImportException(name + ": node '" + node + "' (Concat): axis " + a.integer("axis", 1)
                                    + " of a rank-" + rank + " tensor; the batch axis (0) cannot be joined");
                        }
                        out[axis - 1] = 0;
                        for (String d : data) {
                            int[] dd = shapes.get(d);
                            for (int k = 0; k < dd.length; k++) {
                                if (k != axis - 1 && (dd.length != d0.length || dd[k] != d0[k])) {
                                    throw new OnnxImportException(name + ": node '" + node + "' (Concat): shapes "
                                            + Arrays.toString(d0) + " and " + Arrays.toString(dd) + " differ off axis " + axis);
                                }
                            }
                            out[axis - 1] += dd[axis - 1];
                        }
                        layers.add(new Layer.Concat(node, axis - 1));
                        wiring.add(from);
                    }
                    default -> throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") reads " + data.size()
                            + " activations; supported between activations: Add, Sub, Mul, Sum, Concat, MatMul");
                }
                producer.put(n.getOutput(0), layers.size() - 1);
                shapes.put(n.getOutput(0), out);
                if (!batched) {
                    unbatched.add(n.getOutput(0));
                }
                continue;
            }
            if (data.isEmpty()) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") reads no activation (constant "
                        + "subgraphs are not supported)");
            }
            String current = data.get(0);
            int from = producer.get(current);
            dims = shapes.get(current);
            int before = layers.size();
            int folded = -2; // the layer a folded op changed in place (its output is then this node's output)
            boolean inBatched = !unbatched.contains(current);
            boolean outBatched = inBatched;
            if (!inBatched && BATCH_FIRST.contains(op)) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") reads a tensor of shape "
                        + Arrays.toString(dims) + " whose first axis is not the batch; " + op + " is supported only with the "
                        + "batch axis first");
            }
            // a scalar from a Constant node is part of the architecture (public); a scalar initializer may be a learned
            // parameter of the owner's and is not published (refused below, unless it is a bias)
            boolean scalarArith = List.of("Add", "Sub", "Mul", "Div").contains(op) && scalarConstant(init, n, current) != null
                    && published.contains(n.getInput(0).equals(current) ? n.getInput(1) : n.getInput(0));
            switch (scalarArith ? "ScalarArith" : op) {
                case "Conv" -> {
                    TensorProto w = constant(init, n, 1, node, op);
                    int f = (int) w.getDims(0);
                    int c = (int) w.getDims(1);
                    int k = a.square("kernel_shape", (int) w.getDims(2));
                    int groups = a.integer("group", 1);
                    if (dims.length != 3 || w.getDims(3) != k || groups < 1 || dims[0] % groups != 0 || f % groups != 0
                            || c != dims[0] / groups) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Conv): weights " + w.getDimsList()
                                + " and group=" + groups + " do not fit input " + Arrays.toString(dims) + "; supported: square "
                                + "kernels on [C, H, W], weights [F, C/group, k, k], group dividing C and F");
                    }
                    int dil = a.square("dilations", 1);
                    int s = a.square("strides", 1);
                    Layer.Param weight = param(w, node);
                    if (dil > 1) { // a dilated kernel is a larger kernel with zeros between its taps
                        weight = dilate(weight, dil);
                        k = dil * (k - 1) + 1;
                    }
                    int[] pads = a.pads2d(dims[1], dims[2], k, s); // top, left, bottom, right
                    int p = pads[0];
                    if (pads[1] != p || pads[2] != p || pads[3] != p) { // asymmetric: pad first, then an unpadded conv
                        Layer.Pad pd = new Layer.Pad(node + "#pad", new int[] {0, pads[0], pads[1]},
                                new int[] {0, pads[2], pads[3]}, 0);
                        layers.add(pd);
                        dims = pd.outDims(dims);
                        p = 0;
                    }
                    Layer.Param bias = n.getInputCount() > 2 ? param(init.get(n.getInput(2)), node) : null;
                    layers.add(new Layer.Conv(node, weight, bias, k, s, p, groups));
                    dims = new int[] {f, (dims[1] + 2 * p - k) / s + 1, (dims[2] + 2 * p - k) / s + 1};
                }
                case "Gemm", "MatMul" -> {
                    if (dims.length == 0 || op.equals("Gemm") && full(dims, !inBatched).length != 2) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") needs a [batch, K] input"
                                + (op.equals("MatMul") ? " or [..., K]" : "") + ", got " + Arrays.toString(full(dims, !inBatched)));
                    }
                    if (!n.getInput(0).equals(current)) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): a constant times an activation; "
                                + "supported: the activation first (x W)");
                    }
                    notAlongMovedBatch(name, node, op, full(dims, !inBatched), inBatched, -1);
                    TensorProto w = constant(init, n, 1, node, op);
                    if (w.getDimsCount() != 2) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): weights of shape "
                                + w.getDimsList() + "; supported: a matrix [K, M]");
                    }
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
                    if (k != dims[dims.length - 1]) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): weights " + w.getDimsList()
                                + " do not fit input " + Arrays.toString(full(dims, !inBatched)));
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
                    dims = IndexMaps.denseDims(dims, m);
                }
                case "ScalarArith" -> { // an activation and a single constant: y = a x + b, the constant public
                    double c = scalarConstant(init, n, current);
                    boolean constantFirst = !n.getInput(0).equals(current);
                    layers.add(switch (op) {
                        case "Add" -> new Layer.Elementwise(node, "Affine", 1, c);
                        case "Sub" -> constantFirst ? new Layer.Elementwise(node, "Affine", -1, c)
                                : new Layer.Elementwise(node, "Affine", 1, -c);
                        case "Mul" -> new Layer.Elementwise(node, "Affine", c, 0);
                        default -> {
                            if (constantFirst || c == 0) {
                                throw new OnnxImportException(name + ": node '" + node + "' (Div): only division of an "
                                        + "activation by a non-zero constant is supported");
                            }
                            yield new Layer.Elementwise(node, "Affine", 1 / c, 0);
                        }
                    });
                }
                case "Clip" -> {
                    boolean privateBound = n.getInputList().stream().skip(1).anyMatch(x -> !x.isEmpty() && !published.contains(x));
                    if (privateBound) { // an initializer may be learned: the owner's secret, compared inside the computation
                        for (int k = 1; k <= 2; k++) {
                            if (n.getInputCount() > k && !n.getInput(k).isEmpty()) {
                                TensorProto b = constant(init, n, k, node, op);
                                layers.add(new Layer.ConstOp(node + (k == 1 ? "#min" : "#max"), k == 1 ? "Max" : "Min",
                                        new Layer.Param(node + (k == 1 ? ".min" : ".max"), new int[] {1},
                                                new double[] {floats(b, node)[0]})));
                            }
                        }
                        break;
                    }
                    // a bound left out is no bound: 2^30 is beyond every fixed-point value the protocols keep exact
                    double lo = n.getInputCount() > 1 && !n.getInput(1).isEmpty()
                            ? floats(constant(init, n, 1, node, op), node)[0] : a.real("min", -(1 << 30));
                    double hi = n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                            ? floats(constant(init, n, 2, node, op), node)[0] : a.real("max", 1 << 30);
                    if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Clip): needs constant min <= max "
                                + "(ReLU6: 0 and 6); found " + lo + " and " + hi);
                    }
                    layers.add(new Layer.Elementwise(node, "Clip", lo, hi));
                }
                case "GlobalMaxPool" -> {
                    if (dims.length != 3) {
                        throw new OnnxImportException(name + ": node '" + node + "' (GlobalMaxPool) needs [C, H, W], got "
                                + Arrays.toString(dims));
                    }
                    layers.add(new Layer.GlobalMaxPool(node));
                    dims = new int[] {dims[0], 1, 1};
                }
                case "Add" -> {
                    TensorProto b = init.get(n.getInput(0).equals(current) ? n.getInput(1) : n.getInput(0));
                    Layer last = from == layers.size() - 1 && from >= 0 ? layers.get(from) : null;
                    double[] bv = b == null ? null : floats(b, node);
                    boolean vectorShaped = b != null && b.getDimsCount() <= full(dims, !inBatched).length
                            && b.getDimsList().subList(0, Math.max(0, b.getDimsCount() - 1)).stream().allMatch(x -> x == 1);
                    if (last instanceof Layer.Dense d && d.bias() == null && bv != null && vectorShaped
                            && bv.length == dims[dims.length - 1] && readers(g, producer, from) == 1) {
                        layers.set(from, new Layer.Dense(d.node(), d.weight(),
                                new Layer.Param(node + ".bias", new int[] {bv.length}, bv)));
                        folded = from;
                    } else {
                        layers.addAll(constantOp(name, n, node, op, init, current, full(dims, !inBatched), inBatched));
                    }
                }
                case "Sub", "Mul", "Div" -> layers.addAll(constantOp(name, n, node, op, init, current, full(dims, !inBatched),
                        inBatched));
                case "PRelu" -> {
                    int[] cd = broadcastDims(name, node, op, constant(init, n, 1, node, op), full(dims, !inBatched), inBatched);
                    layers.add(new Layer.PRelu(node, new Layer.Param(node + ".slope", cd, floats(constant(init, n, 1, node, op),
                            node))));
                }
                case "Pad" -> {
                    String mode = a.string("mode", "constant");
                    int[] f = full(dims, !inBatched);
                    long[] pads = n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? longs(constant(init, n, 1, node, op))
                            : a.ints("pads");
                    long[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? longs(constant(init, n, 3, node, op)) : null;
                    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() && !published.contains(n.getInput(2))) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Pad): the pad value is an initializer (it "
                                + "may be a learned parameter and would be announced); supported: a Constant node or no value (0)");
                    }
                    double value = n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                            ? floats(constant(init, n, 2, node, op), node)[0] : a.real("value", 0);
                    int na = axes == null ? f.length : axes.length;
                    if (!mode.equals("constant") || pads == null || pads.length != 2 * na) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Pad): mode=" + mode + " with pads "
                                + Arrays.toString(pads) + "; supported: constant padding, two pads per axis");
                    }
                    int[] lo = new int[f.length];
                    int[] hi = new int[f.length];
                    for (int i = 0; i < na; i++) {
                        int ax = ConstantFolder.normAxis(axes == null ? i : (int) axes[i], f.length, node, op);
                        if (pads[i] < 0 || pads[i + na] < 0 || pads[i] + pads[i + na] > 4096) {
                            throw new OnnxImportException(name + ": node '" + node + "' (Pad): pads " + Arrays.toString(pads)
                                    + "; supported: 0 to 4096 entries per side (no cropping)");
                        }
                        lo[ax] = (int) pads[i];
                        hi[ax] = (int) pads[i + na];
                    }
                    if (inBatched && (lo[0] != 0 || hi[0] != 0)) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Pad) pads the batch axis");
                    }
                    int o = inBatched ? 1 : 0;
                    Layer.Pad pd = new Layer.Pad(node, Arrays.copyOfRange(lo, o, f.length), Arrays.copyOfRange(hi, o,
                            f.length), value);
                    layers.add(pd);
                    dims = pd.outDims(dims);
                }
                case "BatchNormalization" -> {
                    Layer prev = from >= 0 && from == layers.size() - 1 ? layers.get(from) : null;
                    a.requireInt("training_mode", 0); // training normalises with the batch's own statistics
                    boolean foldable = readers(g, producer, from) == 1 && (prev instanceof Layer.Conv cv
                            && cv.weight().dims()[0] == floats(constant(init, n, 1, node, op), node).length
                            || prev instanceof Layer.Dense dn && dims.length == 1 && dn.weight().dims()[1]
                                    == floats(constant(init, n, 1, node, op), node).length);
                    if (foldable) {
                        layers.set(from, foldBatchNorm(name, layers, n, init, node, a));
                        folded = from;
                    } else { // anywhere else: a secure per-channel affine map with the owner's scale and shift
                        layers.add(channelAffine(name, n, init, node, a, dims));
                    }
                }
                case "Relu" -> layers.add(new Layer.Relu(node));
                case "Sigmoid" -> layers.add(new Layer.Sigmoid(node));
                case "Softmax", "LogSoftmax" -> {
                    int rank = dims.length + 1;
                    int axis = a.integer("axis", opset < 13 ? 1 : -1);
                    int fr = full(dims, !inBatched).length;
                    if (opset < 13 && (axis < 0 ? axis + fr : axis) != fr - 1) { // older opsets flatten from the axis on
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + ", opset " + opset + "): axis "
                                + axis + " of a rank-" + fr + " tensor takes one " + op + " over all later axes; supported "
                                + "there: the last axis (or re-export with opset 13 or newer)");
                    }
                    notAlongMovedBatch(name, node, op, full(dims, !inBatched), inBatched, axis);
                    axis = (axis < 0 ? axis + full(dims, !inBatched).length : axis) + (inBatched ? 0 : 1); // as if batched
                    if (axis < 1 || axis >= rank) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): axis " + a.integer("axis", -1)
                                + " of a rank-" + rank + " tensor; the batch axis (0) is not supported");
                    }
                    if (axis != rank - 1) { // the axis moved last, softmax, moved back: local reorderings
                        int k = axis - 1;
                        int[] toLast = new int[dims.length];
                        int[] back = new int[dims.length];
                        for (int i = 0, j = 0; i < dims.length; i++) {
                            if (i != k) {
                                toLast[j++] = i;
                            }
                        }
                        toLast[dims.length - 1] = k;
                        for (int i = 0; i < dims.length; i++) {
                            back[toLast[i]] = i;
                        }
                        layers.add(new Layer.Permute(node + "#to-last", toLast));
                        layers.add(op.equals("Softmax") ? new Layer.Softmax(node) : new Layer.LogSoftmax(node));
                        layers.add(new Layer.Permute(node + "#back", back));
                    } else {
                        layers.add(op.equals("Softmax") ? new Layer.Softmax(node) : new Layer.LogSoftmax(node));
                    }
                }
                case "Transpose" -> {
                    int[] f = full(dims, !inBatched);
                    int rank = f.length;
                    long[] perm = a.ints("perm");
                    int[] p = new int[rank];
                    boolean[] seen = new boolean[rank];
                    for (int i = 0; i < rank; i++) {
                        int v = perm == null ? rank - 1 - i : perm.length == rank ? (int) perm[i] : -1;
                        if (v < 0 || v >= rank || seen[v]) {
                            throw new OnnxImportException(name + ": node '" + node + "' (Transpose): perm "
                                    + Arrays.toString(perm) + " is not a permutation of " + rank + " axes");
                        }
                        seen[v] = true;
                        p[i] = v;
                    }
                    int[] fo = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        fo[i] = f[p[i]];
                    }
                    if (inBatched && p[0] == 0) { // the batch stays first: a permutation of the sample's axes
                        int[] q = new int[rank - 1];
                        for (int i = 1; i < rank; i++) {
                            q[i - 1] = p[i] - 1;
                        }
                        layers.add(new Layer.Permute(node, q));
                    } else { // the unit batch axis moves: permute the full one-sample shape
                        if (inBatched) {
                            layers.add(new Layer.Reshape(node + "#full", f));
                        }
                        layers.add(new Layer.Permute(node, p));
                        if (fo[0] == 1) {
                            layers.add(new Layer.Reshape(node + "#batch", Arrays.copyOfRange(fo, 1, rank)));
                        }
                    }
                    dims = sample(fo);
                    outBatched = fo[0] == 1;
                }
                case "Squeeze", "Unsqueeze", "Reshape", "Flatten" -> { // a new shape for the same data: local
                    long[] f = Arrays.stream(full(dims, !inBatched)).asLongStream().toArray();
                    long[] fo = switch (op) {
                        case "Squeeze" -> ConstantFolder.squeezed(f, axesOf(n, init, a), node);
                        case "Unsqueeze" -> ConstantFolder.unsqueezed(f, axesOf(n, init, a), node);
                        case "Reshape" -> ConstantFolder.reshaped(f, longs(constant(init, n, 1, node, op)), node);
                        default -> {
                            int ax = a.integer("axis", 1); // in [-r, r]: -1 is the last axis, r means "all in the first"
                            int axis = ConstantFolder.normAxis(ax < 0 ? ax + f.length : ax, f.length + 1, node, op);
                            yield new long[] {ConstantFolder.count(Arrays.copyOf(f, axis)),
                                ConstantFolder.count(Arrays.copyOfRange(f, axis, f.length))};
                        }
                    };
                    if (fo.length == 0) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): a scalar per sample is not "
                                + "supported");
                    }
                    int[] fi = Arrays.stream(fo).mapToInt(x -> (int) x).toArray();
                    dims = sample(fi);
                    outBatched = fi[0] == 1;
                    layers.add(new Layer.Reshape(node, dims));
                }
                case "Gather", "Slice" -> {
                    int[] fo = selection(name, n, node, op, a, init, full(dims, !inBatched), inBatched, layers);
                    if (layers.size() == before) {
                        folded = from; // took everything
                    }
                    dims = sample(fo);
                    outBatched = fo[0] == 1;
                }
                case "ReduceMean", "ReduceSum" -> {
                    int[] f = full(dims, !inBatched);
                    long[] ax = axesOf(n, init, a);
                    if (ax == null || ax.length == 0) {
                        if (a.integer("noop_with_empty_axes", 0) == 1) {
                            folded = from;
                            break;
                        }
                        ax = java.util.stream.LongStream.range(0, f.length).toArray();
                    }
                    notAlongMovedBatch(name, node, op, f, inBatched, ax);
                    int[] sa = new int[ax.length];
                    int count = 1;
                    for (int i = 0; i < ax.length; i++) {
                        int k = ConstantFolder.normAxis((int) ax[i], f.length, node, op);
                        if (inBatched && k == 0) {
                            throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): axes "
                                    + Arrays.toString(ax) + " include the batch axis (0); supported: axes within a sample");
                        }
                        sa[i] = inBatched ? k - 1 : k;
                        count *= dims[sa[i]];
                    }
                    layers.add(new Layer.ReduceSum(node, sa, op.equals("ReduceMean") ? 1.0 / count : 1));
                    int[] kept = IndexMaps.reduceDims(dims, sa);
                    dims = kept;
                    if (a.integer("keepdims", 1) == 0) {
                        int[] fk = full(kept, !inBatched);
                        java.util.Set<Integer> gone = new java.util.HashSet<>();
                        for (int x : sa) {
                            gone.add(inBatched ? x + 1 : x);
                        }
                        int[] fo = java.util.stream.IntStream.range(0, fk.length).filter(i -> !gone.contains(i)).map(i -> fk[i])
                                .toArray();
                        if (fo.length == 0) {
                            throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") reduces every axis");
                        }
                        dims = sample(fo);
                        outBatched = fo[0] == 1;
                        layers.add(new Layer.Reshape(node + "#squeeze", dims));
                    }
                }
                case "LayerNormalization" -> {
                    int[] f = full(dims, !inBatched);
                    int axis = ConstantFolder.normAxis(a.integer("axis", -1), f.length, node, op);
                    notAlongMovedBatch(name, node, op, f, inBatched, java.util.stream.LongStream.range(axis, f.length).toArray());
                    if (inBatched && axis == 0) {
                        throw new OnnxImportException(name + ": node '" + node + "' (LayerNormalization): axis 0 normalizes "
                                + "across the batch; supported: axes within a sample");
                    }
                    int count = 1;
                    for (int i = axis; i < f.length; i++) {
                        count *= f[i];
                    }
                    Layer.Param scale = param(constant(init, n, 1, node, op), node);
                    Layer.Param bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                            ? param(constant(init, n, 2, node, op), node) : null;
                    if (scale.values().length != count || bias != null && bias.values().length != count) {
                        throw new OnnxImportException(name + ": node '" + node + "' (LayerNormalization): scale and bias must "
                                + "have the " + count + " values of the normalized axes (no broadcasting)");
                    }
                    if (n.getOutputCount() > 1 && n.getOutputList().stream().skip(1).anyMatch(x -> !x.isEmpty())) {
                        throw new OnnxImportException(name + ": node '" + node + "' (LayerNormalization): the mean and "
                                + "inverse deviation outputs are not supported (inference only)");
                    }
                    layers.add(new Layer.LayerNorm(node, scale, bias, a.real("epsilon", 1e-5f), f.length - axis));
                }
                case "MaxPool", "AveragePool" -> {
                    if (dims.length != 3) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") needs [C, H, W], got "
                                + Arrays.toString(dims));
                    }
                    int k = a.square("kernel_shape", -1);
                    int s = a.square("strides", 1);
                    int p = a.symmetricPad();
                    if (a.integer("ceil_mode", 0) != 0 && ((dims[1] + 2 * p - k) % s != 0 || (dims[2] + 2 * p - k) % s != 0)) {
                        throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): ceil_mode=1 on input "
                                + Arrays.toString(dims) + " adds a partial window; supported: ceil_mode=1 only where the windows "
                                + "tile the input exactly (as for 64x64 SqueezeNet inputs), else ceil_mode=0");
                    }
                    a.requireOnes("dilations");
                    if (op.equals("MaxPool")) {
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
                case "Dropout", "Identity" -> {
                    if (op.equals("Dropout") && trainingMode(n, init)) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Dropout): training_mode=true is not "
                                + "supported (inference only; export the model in eval mode)");
                    }
                    folded = from; // no-ops at inference: the output is the input
                }
                default -> {
                    ElementwiseOp e = ElementwiseOps.forOnnx(op);
                    if (e == null) {
                        throw new OnnxImportException(name + ": unsupported op '" + op + "' at node '" + node
                                + "'; supported: " + String.join(", ", SUPPORTED));
                    }
                    ElementwiseOp.Params p = e.fromOnnx(op, a);
                    layers.add(new Layer.Elementwise(node, p.kind(), p.alpha(), p.beta()));
                }
            }
            String output = n.getOutput(0);
            if (Arrays.stream(dims).anyMatch(d -> d <= 0)) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") makes a tensor of shape "
                        + Arrays.toString(dims) + " per sample; empty tensors are not supported");
            }
            if (!outBatched) {
                unbatched.add(output);
            }
            if (folded != -2) {
                producer.put(output, folded);
            } else {
                if (layers.size() == before) {
                    throw new IllegalStateException("node " + node + " made no layer");
                }
                for (int k = before; k < layers.size(); k++) { // a node's layers form a chain from its input
                    wiring.add(new int[] {k == before ? from : k - 1});
                }
                producer.put(output, layers.size() - 1);
            }
            shapes.put(output, dims);
        }
        String out = g.getOutputCount() == 0 ? null : g.getOutput(0).getName();
        if (out == null || !producer.containsKey(out)) {
            throw new OnnxImportException(name + ": the graph's output is not made by any supported node");
        }
        if (g.getOutputCount() > 1) {
            throw new OnnxImportException(name + ": the graph has " + g.getOutputCount() + " outputs; one is supported");
        }
        if (unbatched.contains(out)) { // one sample's output must be [1, ...]: the samples' outputs then stack on the batch
            throw new OnnxImportException(name + ": the graph's output '" + out + "' has the one-sample shape "
                    + Arrays.toString(shapes.get(out)) + ", whose first axis is not the batch; supported: outputs [batch, ...]");
        }
        if (layers.isEmpty() ? producer.get(out) != -1 : producer.get(out) != layers.size() - 1) {
            throw new OnnxImportException(name + ": the graph's output '" + out + "' is not made by its last node");
        }
        return new Model(name, input.getName(), inputDims, layers, shapes.get(out), wiring);
    }

    /**
     * Add, Sub, Mul or Div of an activation and a constant of the owner's that is not a published scalar (those become
     * public affine maps): a {@link Layer.ConstOp} (Sub as Add of -c, Div as Mul by 1/c; c - x as -x + c).
     */
    private static List<Layer> constantOp(String name, NodeProto n, String node, String op, Map<String, TensorProto> init,
            String current, int[] f, boolean batched) {
        boolean constantFirst = !n.getInput(0).equals(current);
        TensorProto t = init.get(constantFirst ? n.getInput(0) : n.getInput(1));
        if (n.getInputCount() != 2 || t == null) {
            throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): needs an activation and one constant");
        }
        int[] cd = broadcastDims(name, node, op, t, f, batched);
        double[] c = floats(t, node);
        List<Layer> out = new ArrayList<>();
        switch (op) {
            case "Sub" -> {
                if (constantFirst) {
                    out.add(new Layer.Elementwise(node + "#neg", "Affine", -1, 0));
                } else {
                    c = Arrays.stream(c).map(v -> -v).toArray();
                }
            }
            case "Div" -> {
                if (constantFirst || Arrays.stream(c).anyMatch(v -> v == 0)) {
                    throw new OnnxImportException(name + ": node '" + node + "' (Div): only division of an activation by "
                            + "non-zero constants is supported");
                }
                c = Arrays.stream(c).map(v -> 1 / v).toArray();
            }
            default -> { }
        }
        out.add(new Layer.ConstOp(node, op.equals("Add") || op.equals("Sub") ? "Add" : "Mul",
                new Layer.Param(node + ".c", cd, c)));
        return out;
    }

    /**
     * The shape of constant {@code t} aligned on the sample's axes, if it broadcasts into the activation's one-sample
     * shape {@code f} without growing it (its batch axis, if it has one, of size 1).
     */
    private static int[] broadcastDims(String name, String node, String op, TensorProto t, int[] f, boolean batched) {
        int[] cd = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        if (!IndexMaps.broadcastsInto(cd, f)) {
            throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): a constant of shape "
                    + Arrays.toString(cd) + " does not broadcast into the activation's " + Arrays.toString(f)
                    + " without growing it");
        }
        if (batched && cd.length == f.length) {
            cd = Arrays.copyOfRange(cd, 1, cd.length);
        }
        return cd.length == 0 ? new int[] {1} : cd;
    }

    /** Weights [F, C, k, k] with dilation d as [F, C, d(k-1)+1, d(k-1)+1], zeros between the taps. */
    private static Layer.Param dilate(Layer.Param w, int d) {
        int[] wd = w.dims();
        int k = wd[2];
        int kk = d * (k - 1) + 1;
        double[] out = new double[wd[0] * wd[1] * kk * kk];
        for (int fc = 0; fc < wd[0] * wd[1]; fc++) {
            for (int y = 0; y < k; y++) {
                for (int x = 0; x < k; x++) {
                    out[(fc * kk + y * d) * kk + x * d] = w.values()[(fc * k + y) * k + x];
                }
            }
        }
        return new Layer.Param(w.name(), new int[] {wd[0], wd[1], kk, kk}, out);
    }

    /**
     * Refuses an op that reduces, normalizes or selects along an axis of size 1 of a tensor whose batch axis is not
     * first: at import the batch is 1, so that axis may be the batch axis moved by a Transpose, and the op would mix
     * samples, which the one-sample evaluation cannot reproduce.
     */
    private static void notAlongMovedBatch(String name, String node, String op, int[] f, boolean batched, long... axes) {
        if (batched) {
            return;
        }
        for (long a : axes) {
            int k = ConstantFolder.normAxis((int) a, f.length, node, op);
            if (f[k] == 1) {
                throw new OnnxImportException(name + ": node '" + node + "' (" + op + ") works along axis " + a + " of "
                        + Arrays.toString(f) + ", which may be the batch axis moved; ops across samples are not supported");
            }
        }
    }

    /** Ops whose layers need the sample's axes as the model's minus the batch axis (images [C, H, W], say). */
    private static final java.util.Set<String> BATCH_FIRST = java.util.Set.of("Conv", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization");

    /** The ONNX shape of one sample's tensor (batch 1) from its sample shape. */
    static int[] full(int[] dims, boolean unbatched) {
        if (unbatched) {
            return dims.clone();
        }
        int[] f = new int[dims.length + 1];
        f[0] = 1;
        System.arraycopy(dims, 0, f, 1, dims.length);
        return f;
    }

    /** The sample shape of a one-sample ONNX shape: a leading unit axis is the batch axis and is dropped. */
    static int[] sample(int[] full) {
        return full[0] == 1 ? Arrays.copyOfRange(full, 1, full.length) : full.clone();
    }

    /** Axes from the second input (newer opsets) or the attribute (older ones); null when neither is given. */
    private static long[] axesOf(NodeProto n, Map<String, TensorProto> init, Attrs a) {
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            return longs(constant(init, n, 1, n.getName(), n.getOpType()));
        }
        return a.ints("axes");
    }

    /**
     * Gather (constant indices) or Slice (constant bounds) of an activation: Select layers on the sample's axes, a
     * Reshape where Gather drops an axis; returns the output's one-sample shape. Selecting index 0 of the unit batch
     * axis takes everything (no layer).
     */
    private static int[] selection(String name, NodeProto n, String node, String op, Attrs a, Map<String, TensorProto> init,
            int[] f, boolean batched, List<Layer> layers) {
        int before = layers.size();
        int[] cur = f.clone();
        int[] fo;
        if (op.equals("Gather")) {
            int axis = ConstantFolder.normAxis(a.integer("axis", 0), f.length, node, op);
            ConstantFolder.Const idx = ConstantFolder.Const.of(constant(init, n, 1, node, op));
            int[] ix = new int[idx.v().length];
            for (int i = 0; i < ix.length; i++) {
                long v = (long) idx.v()[i];
                ix[i] = (int) (v < 0 ? v + f[axis] : v);
                if (ix[i] < 0 || ix[i] >= f[axis]) {
                    throw new OnnxImportException(name + ": node '" + node + "' (Gather): index " + v + " outside an axis of "
                            + f[axis]);
                }
            }
            if (idx.rank() > 1) {
                throw new OnnxImportException(name + ": node '" + node + "' (Gather): indices of rank " + idx.rank()
                        + " on an activation; supported: a scalar or a vector");
            }
            if (batched && axis == 0) {
                throw new OnnxImportException(name + ": node '" + node + "' (Gather) selects samples (axis 0, the batch); "
                        + "supported: axes within a sample");
            }
            notAlongMovedBatch(name, node, op, f, batched, axis);
            layers.add(new Layer.Select(node, batched ? axis - 1 : axis, ix));
            cur[axis] = ix.length;
            if (idx.rank() == 0) { // the axis is dropped
                int ax = axis;
                fo = java.util.stream.IntStream.range(0, f.length).filter(i -> i != ax).map(i -> f[i]).toArray();
            } else {
                fo = cur.clone();
            }
        } else {
            long[] starts = longs(constant(init, n, 1, node, op));
            long[] ends = longs(constant(init, n, 2, node, op));
            long[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? longs(constant(init, n, 3, node, op)) : null;
            long[] steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? longs(constant(init, n, 4, node, op)) : null;
            int[][] sel = ConstantFolder.sliceIndices(Arrays.stream(f).asLongStream().toArray(), starts, ends, axes, steps, node);
            for (int k = 0; k < sel.length; k++) {
                if (sel[k] == null) {
                    continue;
                }
                if (batched && k == 0) { // only "all samples" (start 0, step 1, end past any batch) keeps samples apart
                    int at = java.util.stream.IntStream.range(0, starts.length)
                            .filter(i -> (axes == null ? i : axes[i] < 0 ? axes[i] + f.length : axes[i]) == 0).findFirst().orElse(0);
                    if (starts[at] != 0 || ends[at] < Integer.MAX_VALUE || steps != null && steps[at] != 1) {
                        throw new OnnxImportException(name + ": node '" + node + "' (Slice) selects samples (axis 0, the "
                                + "batch); supported: axes within a sample");
                    }
                    continue;
                }
                if (sel[k].length == 0) {
                    throw new OnnxImportException(name + ": node '" + node + "' (Slice) takes nothing along axis " + k);
                }
                notAlongMovedBatch(name, node, op, f, batched, k);
                layers.add(new Layer.Select(node + (layers.size() > before ? "#" + k : ""), batched ? k - 1 : k, sel[k]));
                cur[k] = sel[k].length;
            }
            fo = cur.clone();
        }
        if (fo.length == 0) {
            throw new OnnxImportException(name + ": node '" + node + "' (" + op + "): a scalar per sample is not supported");
        }
        int[] selected = batched ? Arrays.copyOfRange(cur, 1, cur.length) : cur;
        if (!Arrays.equals(selected, sample(fo))) {
            layers.add(new Layer.Reshape(node + "#shape", sample(fo)));
        }
        return fo;
    }

    /**
     * BatchNormalization that cannot fold: y = x scale[c] + shift[c] per channel (axis 0 of the batch-free shape), with
     * scale = gamma / sqrt(var + eps) and shift = beta - mean scale as the model owner's parameters.
     */
    private static Layer channelAffine(String name, NodeProto n, Map<String, TensorProto> init, String node, Attrs a, int[] dims) {
        ScaleShift bn = ScaleShift.of(n, init, node, a);
        int ch = bn.scale().length;
        if (dims.length == 0 || dims[0] != ch) {
            throw new OnnxImportException(name + ": node '" + node + "' (BatchNormalization): " + ch + " channels for input "
                    + Arrays.toString(dims));
        }
        return new Layer.ChannelAffine(node, new Layer.Param(node + ".scale", new int[] {ch}, bn.scale()),
                new Layer.Param(node + ".shift", new int[] {ch}, bn.shift()));
    }

    /** The constant operand of a binary node with one activation, if it is a single value; else {@code null}. */
    private static Double scalarConstant(Map<String, TensorProto> init, NodeProto n, String activation) {
        if (n.getInputCount() != 2) {
            return null;
        }
        TensorProto t = init.get(n.getInput(0).equals(activation) ? n.getInput(1) : n.getInput(0));
        if (t == null) {
            return null;
        }
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        if (count != 1) {
            return null;
        }
        double[] v = floats(t, n.getName());
        return v.length == 1 ? v[0] : null;
    }

    /** How many nodes read the output of layer {@code layer} under any of its names (Identity and Dropout alias it). */
    private static int readers(GraphProto g, Map<String, Integer> producer, int layer) {
        int n = 0;
        for (var e : producer.entrySet()) {
            if (e.getValue() == layer) {
                n += consumed(g, e.getKey());
            }
        }
        return n;
    }

    /** How many nodes of the graph read tensor {@code t} (plus one if it is a graph output). */
    private static int consumed(GraphProto g, String t) {
        int n = 0;
        for (NodeProto x : g.getNodeList()) {
            for (String in : x.getInputList()) {
                if (in.equals(t)) {
                    n++;
                }
            }
        }
        for (var o : g.getOutputList()) {
            if (o.getName().equals(t)) {
                n++;
            }
        }
        return n;
    }

    /** Dropout's training_mode: its third input, a constant bool (opset 12+); absent: inference. */
    private static boolean trainingMode(NodeProto n, Map<String, TensorProto> init) {
        if (n.getInputCount() < 3 || n.getInput(2).isEmpty()) {
            return false;
        }
        TensorProto t = init.get(n.getInput(2));
        if (t == null) {
            return true; // decided at run time: refuse
        }
        if (t.getInt32DataCount() > 0) {
            return t.getInt32Data(0) != 0;
        }
        return !t.getRawData().isEmpty() && t.getRawData().byteAt(0) != 0;
    }

    /** A batch normalization as y = x scale[c] + shift[c]: scale = gamma / sqrt(var + eps), shift = beta - mean scale. */
    private record ScaleShift(double[] scale, double[] shift) {
        static ScaleShift of(NodeProto n, Map<String, TensorProto> init, String node, Attrs a) {
            double eps = a.real("epsilon", 1e-5);
            double[] gamma = floats(constant(init, n, 1, node, "BatchNormalization"), node);
            double[] beta = floats(constant(init, n, 2, node, "BatchNormalization"), node);
            double[] mean = floats(constant(init, n, 3, node, "BatchNormalization"), node);
            double[] var = floats(constant(init, n, 4, node, "BatchNormalization"), node);
            double[] scale = new double[gamma.length];
            double[] shift = new double[gamma.length];
            for (int c = 0; c < gamma.length; c++) {
                scale[c] = gamma[c] / Math.sqrt(var[c] + eps);
                shift[c] = beta[c] - mean[c] * scale[c];
            }
            return new ScaleShift(scale, shift);
        }
    }

    private static Layer foldBatchNorm(String name, List<Layer> layers, NodeProto n, Map<String, TensorProto> init, String node,
            Attrs a) {
        Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        ScaleShift bn = ScaleShift.of(n, init, node, a);
        double[] scale = bn.scale();
        int ch = scale.length;
        if (last instanceof Layer.Conv conv && conv.weight().dims()[0] == ch) {
            double[] w = conv.weight().values().clone();
            int per = w.length / ch;
            double[] b = conv.bias() == null ? new double[ch] : conv.bias().values().clone();
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < per; i++) {
                    w[c * per + i] *= scale[c];
                }
                b[c] = b[c] * scale[c] + bn.shift()[c];
            }
            return new Layer.Conv(conv.node(), new Layer.Param(conv.weight().name(), conv.weight().dims(), w),
                    new Layer.Param(conv.node() + ".bias", new int[] {ch}, b), conv.kernel(), conv.stride(), conv.pad(),
                    conv.groups());
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
                b[c] = b[c] * scale[c] + bn.shift()[c];
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
    private static final class Attrs implements OnnxAttributes {
        private final Map<String, AttributeProto> map = new HashMap<>();
        private final String model;
        private final String node;
        private final String op;

        Attrs(NodeProto n, String model, String node, String op) {
            n.getAttributeList().forEach(a -> map.put(a.getName(), a));
            this.model = model;
            this.node = node;
            this.op = op;
        }

        @Override
        public OnnxImportException error(String what) {
            return new OnnxImportException(model + ": node '" + node + "' (" + op + "): " + what);
        }

        int integer(String key, int fallback) {
            AttributeProto a = map.get(key);
            return a == null ? fallback : (int) a.getI();
        }

        /** A list-of-ints attribute, or {@code null} when absent. */
        long[] ints(String key) {
            AttributeProto a = map.get(key);
            return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public String string(String key, String fallback) {
            AttributeProto a = map.get(key);
            return a == null ? fallback : a.getS().toStringUtf8();
        }

        @Override
        public double real(String key, double fallback) {
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

        /**
         * A 2-D convolution's pads as top, left, bottom, right: explicit pads, or auto_pad (SAME_UPPER, SAME_LOWER:
         * the output as large as the input over the stride; VALID: none) for an input of h x w.
         */
        int[] pads2d(int h, int w, int k, int s) {
            AttributeProto ap = map.get("auto_pad");
            String mode = ap == null ? "NOTSET" : ap.getS().toStringUtf8();
            if (mode.equals("SAME_UPPER") || mode.equals("SAME_LOWER")) {
                int th = Math.max(0, ((h + s - 1) / s - 1) * s + k - h);
                int tw = Math.max(0, ((w + s - 1) / s - 1) * s + k - w);
                boolean upper = mode.equals("SAME_UPPER");
                return new int[] {upper ? th / 2 : th - th / 2, upper ? tw / 2 : tw - tw / 2, upper ? th - th / 2 : th / 2,
                    upper ? tw - tw / 2 : tw / 2};
            }
            if (!mode.equals("NOTSET") && !mode.equals("VALID")) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): auto_pad=" + mode + " is not supported");
            }
            AttributeProto a = map.get("pads");
            if (a == null || mode.equals("VALID")) {
                return new int[4];
            }
            List<Long> v = a.getIntsList();
            if (v.size() != 4 || v.stream().anyMatch(x -> x < 0 || x > 4096)) {
                throw new OnnxImportException("node '" + node + "' (" + op + "): pads=" + v + " is not supported (four pads of "
                        + "0 to 4096)");
            }
            return new int[] {v.get(0).intValue(), v.get(1).intValue(), v.get(2).intValue(), v.get(3).intValue()};
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
