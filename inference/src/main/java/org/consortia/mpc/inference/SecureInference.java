package org.consortia.mpc.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Runs an imported {@link Model} on secret shares: the model owner inputs every parameter (free: inputs cost
 * no messages), the data owner inputs a batch of samples, and each layer runs on shares. Convolutions are one
 * Beaver product with a convolution triple on the input tensor; dense layers are one matrix product; ReLU,
 * pooling and sigmoid use the comparison protocols. The result stays secret: reveal it (or only its argmax) to
 * whom the job names. {@link #revealInMicroBatches} runs a large batch in micro-batches, so that the memory a
 * job needs does not grow with its rows.
 */
public final class SecureInference {
    /** Bytes per element of the largest per-sample tensor that a micro-batch's run keeps alive (shares, masks, opened
     * values, comparison circuits), as measured for LeNet on MNIST with some margin. */
    public static final long BYTES_PER_PEAK_ELEMENT = 8 * 40;

    private SecureInference() {
    }

    /** The rows of one micro-batch that fit in {@code memoryBytes} (at least 1, at most {@code rows}). */
    public static int microBatchFor(Model architecture, int rows, long memoryBytes) {
        long perRow = Math.max(1, architecture.peakElementsPerSample() * BYTES_PER_PEAK_ELEMENT);
        return (int) Math.max(1, Math.min(rows, memoryBytes / perRow));
    }

    /**
     * @param model             at the model owner, the model with its weights; elsewhere its architecture suffices
     * @param inputAtDataOwner  batch x inputSize values, read at the data owner only
     * @return the model's output, shape [batch, outputDims...]
     */
    public static SecretTensor run(Backend be, Model model, int modelOwner, int dataOwner, int batch,
            double[] inputAtDataOwner) {
        MpcArgumentException.checkParty(modelOwner, be.parties(), "model owner");
        MpcArgumentException.checkParty(dataOwner, be.parties(), "data owner");
        if (batch < 1) {
            throw new MpcArgumentException("inference batch = " + batch + " must be >= 1");
        }
        return forwardAll(be, model, inputParams(be, model, modelOwner), batch, inputAtDataOwner, dataOwner);
    }

    /**
     * The outputs of {@code rows} samples, revealed to the data owner only ({@code null} elsewhere), computed
     * {@code microBatch} rows at a time: the weights are input once, each micro-batch is input, run and revealed
     * in turn, so the tensors alive at once are those of one micro-batch (with streamed preprocessing, the
     * correlated randomness too). Same rounds per micro-batch as {@link #run}; outputs in row order.
     */
    public static double[] revealInMicroBatches(Backend be, Model model, int modelOwner, int dataOwner, int rows,
            double[] inputAtDataOwner, int microBatch) {
        MpcArgumentException.checkParty(modelOwner, be.parties(), "model owner");
        MpcArgumentException.checkParty(dataOwner, be.parties(), "data owner");
        if (rows < 1 || microBatch < 1) {
            throw new MpcArgumentException("inference: rows = " + rows + " and micro-batch = " + microBatch + " must be >= 1");
        }
        List<SecretTensor> params = inputParams(be, model, modelOwner);
        int in = model.inputSize();
        int out = model.outputSize();
        boolean here = be.party() == dataOwner;
        double[] result = here ? new double[rows * out] : null;
        for (int from = 0; from < rows; from += microBatch) {
            int n = Math.min(microBatch, rows - from);
            double[] chunk = here && inputAtDataOwner != null
                    ? Arrays.copyOfRange(inputAtDataOwner, from * in, (from + n) * in) : null;
            double[] y = forwardAll(be, model, params, n, chunk, dataOwner).revealTo(dataOwner);
            if (here && y != null) {
                System.arraycopy(y, 0, result, from * out, n * out);
            }
        }
        return result;
    }

    private static List<SecretTensor> inputParams(Backend be, Model model, int modelOwner) {
        List<SecretTensor> params = new ArrayList<>();
        try (var s = be.operation("input")) {
            for (Layer l : model.layers()) {
                for (Layer.Param p : l.params()) {
                    params.add(be.input(modelOwner, Shape.of(p.dims()), p.values()));
                }
            }
        }
        return params;
    }

    /**
     * Evaluates the model's graph in layer order; each intermediate tensor is dropped once the last layer that reads
     * it has run (so a residual branch is alive only until it is added back).
     */
    private static SecretTensor forwardAll(Backend be, Model model, List<SecretTensor> params, int batch, double[] x,
            int dataOwner) {
        int[] dims = new int[model.inputDims().length + 1];
        dims[0] = batch;
        System.arraycopy(model.inputDims(), 0, dims, 1, model.inputDims().length);
        SecretTensor input = be.input(dataOwner, Shape.of(dims), x);
        List<Layer> layers = model.layers();
        SecretTensor[] out = new SecretTensor[layers.size()];
        int[] uses = model.consumers();
        int next = 0;
        boolean fused = false; // the layer before was a product that applied this layer's ReLU
        boolean reluAfter = false; // the layer before was a ReLU deferred until after this max-pooling
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            int[] from = model.inputsOf(i);
            SecretTensor[] args = new SecretTensor[from.length];
            for (int k = 0; k < from.length; k++) {
                args[k] = from[k] < 0 ? input : out[from[k]];
            }
            int count = l.params().size();
            List<SecretTensor> ps = params.subList(next, next + count);
            if (fused) {
                out[i] = args[0];
                fused = false;
            } else if (poolFollows(model, i, uses)) {
                out[i] = args[0];
                reluAfter = true;
            } else if (reluAfter) {
                out[i] = forward(be, l, args[0], ps).relu();
                reluAfter = false;
            } else if (reluFollows(be, model, i, uses)) {
                out[i] = productThenRelu(be, l, args[0], ps);
                fused = true;
            } else {
                out[i] = args.length == 1 ? forward(be, l, args[0], ps) : join(be, l, args);
            }
            next += count;
            for (int j : from) {
                if (j >= 0 && --uses[j] == 0) {
                    out[j] = null;
                }
            }
        }
        return layers.isEmpty() ? input : out[layers.size() - 1];
    }

    /**
     * Whether layer i is a convolution (ungrouped) or dense layer whose only reader is the next layer, a ReLU, and the
     * backend fuses a truncation with a ReLU: then the product stays at twice the scale and one step truncates and
     * applies the ReLU (one round fewer per such pair with function secret sharing).
     */
    private static boolean reluFollows(Backend be, Model model, int i, int[] uses) {
        List<Layer> layers = model.layers();
        Layer l = layers.get(i);
        boolean product = (l instanceof Layer.Conv c && c.groups() == 1) || l instanceof Layer.Dense;
        return be.truncateReluInOneStep() && product && i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.Relu
                && uses[i] == 1 && java.util.Arrays.equals(model.inputsOf(i + 1), new int[] {i});
    }

    /**
     * Whether layer i is a ReLU whose only reader is the next layer, a max-pooling of it alone: ReLU and max commute
     * (relu is monotone; a padded position changes neither side), so the pooling runs first and the ReLU takes a
     * quarter of the comparisons under a 2x2 window (LeNet: 3,360 fewer per image). A ReLU already fused into the
     * product before it is not deferred.
     */
    private static boolean poolFollows(Model model, int i, int[] uses) {
        List<Layer> layers = model.layers();
        return layers.get(i) instanceof Layer.Relu && i + 1 < layers.size() && layers.get(i + 1) instanceof Layer.MaxPool
                && uses[i] == 1 && java.util.Arrays.equals(model.inputsOf(i + 1), new int[] {i});
    }

    /** A convolution or dense layer with its bias at the product's scale, then the fused truncation and ReLU. */
    private static SecretTensor productThenRelu(Backend be, Layer layer, SecretTensor x, List<SecretTensor> ps) {
        SecretTensor b = ps.size() > 1 ? ps.get(1) : null;
        SecretTensor y;
        if (layer instanceof Layer.Conv c) {
            y = x.conv2dWide(ps.get(0), c.stride(), c.pad());
            y = b == null ? y : addChannelBias(be, y, b);
        } else {
            Layer.Dense d = (Layer.Dense) layer;
            int[] dims = x.shape().dims();
            int k = d.weight().dims()[0];
            y = x.reshape(Shape.matrix(x.shape().size() / k, k)).matmulWide(ps.get(0));
            y = b == null ? y : addRowBias(be, y, b);
            y = y.reshape(Shape.of(IndexMaps.denseDims(dims, d.weight().dims()[1])));
        }
        return y.reluTruncated();
    }

    /** An elementwise layer: its op ({@code ops.ElementwiseOps}) on the shares, with the layer's constants. */
    public static SecretTensor elementwise(SecretTensor x, Layer.Elementwise e) {
        return e.op().secure(x, e.alpha(), e.beta());
    }

    private static int[] withBatch(int batch, int[] dims) {
        int[] d = new int[dims.length + 1];
        d[0] = batch;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return d;
    }

    /**
     * [B, ..., M, K] x [B, ..., K, N]: every sample's and leading index's matrix product in one Beaver round
     * ({@link SecretTensor#matmulAll}), each with its own matrix triple.
     */
    static SecretTensor matmul(Backend be, SecretTensor a, SecretTensor b) {
        int[] da = a.shape().dims();
        int[] db = b.shape().dims();
        int m = da[da.length - 2];
        int k = da[da.length - 1];
        int n = db[db.length - 1];
        int mats = a.shape().size() / (m * k);
        if (db.length != da.length || db[db.length - 2] != k || b.shape().size() / (k * n) != mats) {
            throw new MpcArgumentException("matmul of " + a.shape() + " and " + b.shape());
        }
        ShareRing ring = be.ring();
        long[] as = a.share();
        long[] bs = b.share();
        SecretTensor[] lefts = new SecretTensor[mats];
        SecretTensor[] rights = new SecretTensor[mats];
        for (int t = 0; t < mats; t++) {
            lefts[t] = SecretTensor.fromShare(be, Shape.matrix(m, k), ring.slice(as, t * m * k, (t + 1) * m * k), a.scale());
            rights[t] = SecretTensor.fromShare(be, Shape.matrix(k, n), ring.slice(bs, t * k * n, (t + 1) * k * n), b.scale());
        }
        SecretTensor[] ys = SecretTensor.matmulAll(lefts, rights);
        long[][] parts = new long[mats][];
        for (int t = 0; t < mats; t++) {
            parts[t] = ys[t].share();
        }
        return SecretTensor.fromShare(be, Shape.of(IndexMaps.matmulDims(da, db)), ring.concat(parts), ys[0].scale());
    }

    /**
     * Layer normalization over the last {@code axes} axes: the mean is local (a sum and a public scaling), the
     * variance one product, its inverse square root ({@code Approx.rsqrtWide}: variance + epsilon in [2^-24, 2^24)),
     * then one product by it and one by the owner's scale, and the owner's bias added.
     */
    static SecretTensor layerNorm(Backend be, SecretTensor x, Layer.LayerNorm ln, SecretTensor scale, SecretTensor bias) {
        int[] d = x.shape().dims();
        int n = IndexMaps.size(Arrays.copyOfRange(d, d.length - ln.axes(), d.length));
        int rows = x.shape().size() / n;
        SecretTensor flat = x.reshape(Shape.matrix(rows, n));
        SecretTensor mean = flat.sum(1).mul(1.0 / n);
        SecretTensor centred = flat.sub(spreadRows(be, mean, n));
        SecretTensor var = centred.mul(centred).sum(1).mul(1.0 / n).add(ln.epsilon());
        // the wide inverse square root: variance + epsilon in [2^-24, 2^24) (a row of tiny spread, or epsilon alone)
        SecretTensor inv = SecretTensor.fromShare(be, var.shape(), Approx.rsqrtWide(be, var.share(),
                be.fixedPoint().fracBits()), var.scale());
        SecretTensor y = centred.mul(spreadRows(be, inv, n)).mul(tile(be, scale, rows));
        if (bias != null) {
            y = y.add(tile(be, bias, rows));
        }
        return y.reshape(x.shape());
    }

    /** The owner's constant of shape {@code cdims} spread over x's shape (numpy broadcasting per sample; local). */
    private static SecretTensor broadcast(Backend be, SecretTensor c, SecretTensor x, int[] cdims) {
        int[] d = x.shape().dims();
        int[] idx = IndexMaps.broadcast(Arrays.copyOfRange(d, 1, d.length), cdims);
        int[] all = new int[x.shape().size()];
        for (int b = 0; b < d[0]; b++) {
            System.arraycopy(idx, 0, all, b * idx.length, idx.length);
        }
        return c.take(all, x.shape());
    }

    /** Constant padding: the shares moved into place (local), the public pad value added where it is not 0. */
    static SecretTensor pad(SecretTensor x, Layer.Pad p) {
        Backend be = x.backend();
        int[] d = x.shape().dims();
        int[] rest = Arrays.copyOfRange(d, 1, d.length);
        int[] idx = IndexMaps.pad(rest, p.before(), p.after());
        int per = IndexMaps.size(rest);
        int size = x.shape().size(); // one zero appended: the padded places take it
        int[] take = new int[d[0] * idx.length];
        double[] fill = p.value() == 0 ? null : new double[take.length];
        for (int b = 0; b < d[0]; b++) {
            for (int i = 0; i < idx.length; i++) {
                take[b * idx.length + i] = idx[i] >= 0 ? b * per + idx[i] : size;
                if (idx[i] < 0 && fill != null) {
                    fill[b * idx.length + i] = p.value();
                }
            }
        }
        long[] xs = be.ring().concat(x.share(), be.ring().zeros(1));
        SecretTensor y = SecretTensor.fromShare(be, Shape.vector(size + 1), xs, x.scale())
                .take(take, Shape.of(withBatch(d[0], p.outDims(rest))));
        return fill == null ? y : y.addPublic(fill);
    }

    /** [rows] to [rows, n], each value repeated n times (local). */
    private static SecretTensor spreadRows(Backend be, SecretTensor v, int n) {
        int rows = v.shape().size();
        int[] idx = new int[rows * n];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(idx, r * n, (r + 1) * n, r);
        }
        return v.take(idx, Shape.matrix(rows, n));
    }

    /** A parameter of n values to [rows, n], the same row repeated (local). */
    private static SecretTensor tile(Backend be, SecretTensor p, int rows) {
        int n = p.shape().size();
        int[] idx = new int[rows * n];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i % n;
        }
        return p.take(idx, Shape.matrix(rows, n));
    }

    /** x scale[c] + shift[c] along axis 1 of [N, C, ...]: the owner's secret scale spread locally, one product. */
    static SecretTensor channelAffine(Backend be, SecretTensor x, SecretTensor scale, SecretTensor shift) {
        int[] d = x.shape().dims();
        int ch = d[1];
        int inner = x.shape().size() / (d[0] * ch);
        int[] channel = new int[x.shape().size()];
        for (int i = 0; i < channel.length; i++) {
            channel[i] = (i / inner) % ch;
        }
        return x.mul(scale.reshape(Shape.vector(ch)).take(channel, x.shape()))
                .add(shift.reshape(Shape.vector(ch)).take(channel, x.shape()));
    }

    /** A layer of several activations: sums and differences are local, a product is one Beaver round. */
    static SecretTensor join(Backend be, Layer layer, SecretTensor[] args) {
        return switch (layer) {
            case Layer.MatMul m -> matmul(be, args[0], args[1]);
            case Layer.Add a -> args[0].add(args[1]);
            case Layer.Sub d -> args[0].sub(args[1]);
            case Layer.Mul m -> args[0].mul(args[1]);
            case Layer.Concat c -> args[0].concat(c.axis() + 1, java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> throw new MpcArgumentException("layer " + layer.node() + " reads " + args.length + " inputs");
        };
    }

    static SecretTensor forward(Backend be, Layer layer, SecretTensor x, List<SecretTensor> ps) {
        return switch (layer) {
            case Layer.Conv c -> conv(be, x, ps.get(0), ps.size() > 1 ? ps.get(1) : null, c);
            case Layer.Dense d -> {
                int[] dims = x.shape().dims();
                int k = d.weight().dims()[0];
                SecretTensor y = x.reshape(Shape.matrix(x.shape().size() / k, k)).matmul(ps.get(0));
                y = ps.size() > 1 ? addRowBias(be, y, ps.get(1)) : y;
                yield y.reshape(Shape.of(IndexMaps.denseDims(dims, d.weight().dims()[1])));
            }
            case Layer.LayerNorm ln -> layerNorm(be, x, ln, ps.get(0), ps.size() > 1 ? ps.get(1) : null);
            case Layer.ReduceSum rs -> {
                int[] d = x.shape().dims();
                int[] rest = Arrays.copyOfRange(d, 1, d.length);
                int[] idx = IndexMaps.reduce(d[0], rest, rs.axes());
                int outs = d[0] * IndexMaps.size(IndexMaps.reduceDims(rest, rs.axes()));
                SecretTensor sum = x.take(idx, Shape.matrix(outs, idx.length / outs)).sum(1);
                yield (rs.factor() == 1 ? sum : sum.mul(rs.factor())).reshape(Shape.of(withBatch(d[0],
                        IndexMaps.reduceDims(rest, rs.axes()))));
            }
            case Layer.Select se -> {
                int[] d = x.shape().dims();
                int[] rest = Arrays.copyOfRange(d, 1, d.length);
                yield x.take(IndexMaps.select(d[0], rest, se.axis(), se.indices()),
                        Shape.of(withBatch(d[0], IndexMaps.selectDims(rest, se.axis(), se.indices()))));
            }
            case Layer.MatMul m -> throw new MpcArgumentException("MatMul " + m.node() + " needs two inputs");
            case Layer.ConstOp co -> {
                SecretTensor c = broadcast(be, ps.get(0), x, co.c().dims());
                yield switch (co.kind()) {
                    case "Add" -> x.add(c);
                    case "Mul" -> x.mul(c);
                    case "Max" -> x.max(c);
                    default -> x.min(c);
                };
            }
            case Layer.PRelu pr -> {
                SecretTensor r = x.relu();
                yield r.add(x.sub(r).mul(broadcast(be, ps.get(0), x, pr.slope().dims())));
            }
            case Layer.LogSoftmax ls -> x.logSoftmax();
            case Layer.Pad pd -> pad(x, pd);
            case Layer.Relu r -> x.relu();
            case Layer.Sigmoid s -> x.sigmoid();
            case Layer.Softmax s -> x.softmax();
            case Layer.MaxPool m -> x.maxPool2d(m.kernel(), m.stride(), m.pad());
            case Layer.AveragePool a -> averagePool(x, a.kernel(), a.stride());
            case Layer.GlobalAveragePool g -> {
                int[] d = x.shape().dims();
                SecretTensor sum = x.reshape(Shape.of(d[0], d[1], d[2] * d[3])).sum(2);
                yield sum.mul(1.0 / (d[2] * d[3])).reshape(Shape.of(d[0], d[1], 1, 1));
            }
            case Layer.Reshape r -> {
                int[] d = new int[r.dims().length + 1];
                d[0] = x.shape().dim(0);
                System.arraycopy(r.dims(), 0, d, 1, r.dims().length);
                yield x.reshape(Shape.of(d));
            }
            case Layer.Elementwise e -> elementwise(x, e);
            case Layer.Permute pm -> {
                int[] d = x.shape().dims();
                int[] rest = java.util.Arrays.copyOfRange(d, 1, d.length);
                int[] od = pm.outDims(rest);
                int[] nd = new int[d.length];
                nd[0] = d[0];
                System.arraycopy(od, 0, nd, 1, od.length);
                yield x.take(pm.gather(d[0], rest), Shape.of(nd));
            }
            case Layer.ChannelAffine c -> channelAffine(be, x, ps.get(0), ps.get(1));
            case Layer.GlobalMaxPool g -> {
                int[] d = x.shape().dims();
                yield x.reshape(Shape.of(d[0], d[1], d[2] * d[3])).maxLastAxis().reshape(Shape.of(d[0], d[1], 1, 1));
            }
            case Layer.Add a -> throw new MpcArgumentException("Add " + a.node() + " needs two inputs");
            case Layer.Sub a -> throw new MpcArgumentException("Sub " + a.node() + " needs two inputs");
            case Layer.Mul a -> throw new MpcArgumentException("Mul " + a.node() + " needs two inputs");
            case Layer.Concat a -> x; // a concatenation of one tensor
        };
    }

    /**
     * [N, C, H, W] * [F, C, k, k] + b: one Beaver product with a convolution triple on the input tensor (the
     * im2col expansion is local, after the opening), then the bias per filter.
     */
    static SecretTensor conv(Backend be, SecretTensor x, SecretTensor w, SecretTensor b, Layer.Conv c) {
        SecretTensor y = x.conv2dGrouped(w, c.stride(), c.pad(), c.groups());
        return b == null ? y : addChannelBias(be, y, b);
    }

    /** y[n, f, ..] + b[f] (shares add locally; the bias raised to y's scale where y is a wide product). */
    static SecretTensor addChannelBias(Backend be, SecretTensor y, SecretTensor b) {
        ShareRing r = be.ring();
        int up = Math.max(0, y.scale() - b.scale());
        int[] d = y.shape().dims();
        long[] bias = b.share(); // [channels]: raised to y's scale, spread over a sample's positions, repeated per sample
        long[] sample = r.spread(up == 0 ? bias : r.scale(bias, 1L << up), d[2] * d[3]);
        return SecretTensor.fromShare(be, y.shape(), r.add(y.share(), r.repeat(sample, d[0])), y.scale());
    }

    /** y[r, m] + b[m] for every row r (shares add locally; the bias raised to y's scale where y is a wide product). */
    static SecretTensor addRowBias(Backend be, SecretTensor y, SecretTensor b) {
        ShareRing r = be.ring();
        int up = Math.max(0, y.scale() - b.scale());
        long[] bias = b.share();
        int rows = y.shape().size() / b.shape().size();
        return SecretTensor.fromShare(be, y.shape(), r.add(y.share(), r.repeat(up == 0 ? bias : r.scale(bias, 1L << up), rows)),
                y.scale());
    }

    /** k x k average pooling, stride s, no padding: a local window sum and one public scaling. */
    static SecretTensor averagePool(SecretTensor x, int k, int s) {
        int[] d = x.shape().dims();
        int planes = d[0] * d[1];
        int h = d[2];
        int w = d[3];
        int oh = (h - k) / s + 1;
        int ow = (w - k) / s + 1;
        int[] take = new int[planes * oh * ow * k * k];
        int t = 0;
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            take[t++] = (pl * h + oy * s + ky) * w + ox * s + kx;
                        }
                    }
                }
            }
        }
        SecretTensor windows = x.take(take, Shape.matrix(planes * oh * ow, k * k));
        return windows.sum(1).mul(1.0 / (k * k)).reshape(Shape.of(d[0], d[1], oh, ow));
    }
}
