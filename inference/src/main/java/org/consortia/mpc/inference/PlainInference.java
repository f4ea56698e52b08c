package org.consortia.mpc.inference;

import java.util.List;

import org.consortia.mpc.inference.ops.ElementwiseOp;
import org.consortia.mpc.inference.ops.Erf;

/**
 * The imported model in plain double precision: the reference the secure outputs are compared with (tests,
 * scripts/infer.sh, the MNIST agreement run). Needs the parameter values.
 */
public final class PlainInference {
    private PlainInference() {
    }

    /** Runs {@code batch} samples (row-major, inputSize each); returns batch x outputSize values. */
    public static double[] run(Model model, int batch, double[] input) {
        List<Layer> layers = model.layers();
        double[][] outs = new double[layers.size()][];
        int[][] outDims = new int[layers.size()][];
        int[] uses = model.consumers();
        for (int i = 0; i < layers.size(); i++) {
            int[] from = model.inputsOf(i);
            double[][] args = new double[from.length][];
            int[][] argDims = new int[from.length][];
            for (int k = 0; k < from.length; k++) {
                args[k] = from[k] < 0 ? input : outs[from[k]];
                argDims[k] = from[k] < 0 ? model.inputDims() : outDims[from[k]];
            }
            Layer l = layers.get(i);
            if (l instanceof Layer.MatMul) {
                outs[i] = matmul(batch, args[0], argDims[0], args[1], argDims[1]);
                outDims[i] = IndexMaps.matmulDims(argDims[0], argDims[1]);
            } else if (from.length > 1 || l instanceof Layer.Add || l instanceof Layer.Sub || l instanceof Layer.Mul
                    || l instanceof Layer.Concat) {
                outs[i] = join(l, batch, args, argDims);
                outDims[i] = argDims[0].clone();
                if (l instanceof Layer.Concat c) {
                    outDims[i][c.axis()] = 0;
                    for (int[] d : argDims) {
                        outDims[i][c.axis()] += d[c.axis()];
                    }
                }
            } else {
                int[][] d = {argDims[0].clone()};
                outs[i] = one(l, batch, args[0].clone(), d);
                outDims[i] = d[0];
            }
            for (int j : from) {
                if (j >= 0 && --uses[j] == 0) {
                    outs[j] = null;
                }
            }
        }
        return layers.isEmpty() ? input.clone() : outs[layers.size() - 1];
    }

    /** [..., M, K] x [..., K, N] per sample and leading index. */
    private static double[] matmul(int batch, double[] a, int[] da, double[] b, int[] db) {
        int m = da[da.length - 2];
        int k = da[da.length - 1];
        int n = db[db.length - 1];
        int mats = batch * IndexMaps.size(da) / (m * k);
        double[] y = new double[mats * m * n];
        for (int t = 0; t < mats; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += a[t * m * k + i * k + q] * b[t * k * n + q * n + j];
                    }
                    y[t * m * n + i * n + j] = s;
                }
            }
        }
        return y;
    }

    /** The error function (the reference {@link org.consortia.mpc.inference.ops.Erf#erf} computes). */
    public static double erf(double x) {
        return Erf.erf(x);
    }

    /** Add, Sub, Mul of equal shapes; Concat along a batch-free axis. */
    private static double[] join(Layer l, int batch, double[][] a, int[][] dims) {
        if (l instanceof Layer.Concat c) {
            int axis = c.axis();
            int outer = 1;
            for (int k = 0; k < axis; k++) {
                outer *= dims[0][k];
            }
            int total = 0;
            for (double[] x : a) {
                total += x.length;
            }
            double[] y = new double[total];
            int at = 0;
            for (int b = 0; b < batch * outer; b++) {
                for (int t = 0; t < a.length; t++) {
                    int chunk = a[t].length / (batch * outer);
                    System.arraycopy(a[t], b * chunk, y, at, chunk);
                    at += chunk;
                }
            }
            return y;
        }
        double[] y = new double[a[0].length];
        for (int i = 0; i < y.length; i++) {
            y[i] = switch (l) {
                case Layer.Sub s -> a[0][i] - a[1][i];
                case Layer.Mul m -> a[0][i] * a[1][i];
                default -> a[0][i] + a[1][i];
            };
        }
        return y;
    }

    /** One single-input layer; {@code dimsRef[0]} is updated to its output shape. */
    private static double[] one(Layer l, int batch, double[] x, int[][] dimsRef) {
        int[] dims = dimsRef[0];
        {
            switch (l) {
                case Layer.Conv c -> {
                    int ch = dims[0];
                    int h = dims[1];
                    int w = dims[2];
                    int k = c.kernel();
                    int f = c.weight().dims()[0];
                    int oh = (h + 2 * c.pad() - k) / c.stride() + 1;
                    int ow = (w + 2 * c.pad() - k) / c.stride() + 1;
                    double[] wt = c.weight().values();
                    double[] b = c.bias() == null ? new double[f] : c.bias().values();
                    double[] y = new double[batch * f * oh * ow];
                    for (int n = 0; n < batch; n++) {
                        for (int fi = 0; fi < f; fi++) {
                            for (int oy = 0; oy < oh; oy++) {
                                for (int ox = 0; ox < ow; ox++) {
                                    double s = b[fi];
                                    int cg = ch / c.groups(); // the input channels of this filter's group
                                    int c0 = fi / (f / c.groups()) * cg;
                                    for (int ci = c0; ci < c0 + cg; ci++) {
                                        for (int ky = 0; ky < k; ky++) {
                                            for (int kx = 0; kx < k; kx++) {
                                                int iy = oy * c.stride() - c.pad() + ky;
                                                int ix = ox * c.stride() - c.pad() + kx;
                                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                                    s += wt[((fi * cg + ci - c0) * k + ky) * k + kx] * x[((n * ch + ci) * h + iy) * w + ix];
                                                }
                                            }
                                        }
                                    }
                                    y[((n * f + fi) * oh + oy) * ow + ox] = s;
                                }
                            }
                        }
                    }
                    x = y;
                    dims = new int[] {f, oh, ow};
                }
                case Layer.Dense d -> {
                    int k = d.weight().dims()[0];
                    int m = d.weight().dims()[1];
                    double[] wt = d.weight().values();
                    int rows = x.length / k;
                    double[] y = new double[rows * m];
                    for (int n = 0; n < rows; n++) {
                        for (int j = 0; j < m; j++) {
                            double s = d.bias() == null ? 0 : d.bias().values()[j];
                            for (int i = 0; i < k; i++) {
                                s += x[n * k + i] * wt[i * m + j];
                            }
                            y[n * m + j] = s;
                        }
                    }
                    x = y;
                    dims = IndexMaps.denseDims(dims, m);
                }
                case Layer.LayerNorm ln -> {
                    int n = IndexMaps.size(java.util.Arrays.copyOfRange(dims, dims.length - ln.axes(), dims.length));
                    double[] y = new double[x.length];
                    for (int r = 0; r < x.length / n; r++) {
                        double mean = 0;
                        for (int j = 0; j < n; j++) {
                            mean += x[r * n + j] / n;
                        }
                        double var = 0;
                        for (int j = 0; j < n; j++) {
                            var += (x[r * n + j] - mean) * (x[r * n + j] - mean) / n;
                        }
                        double inv = 1 / Math.sqrt(var + ln.epsilon());
                        for (int j = 0; j < n; j++) {
                            y[r * n + j] = (x[r * n + j] - mean) * inv * ln.scale().values()[j]
                                    + (ln.bias() == null ? 0 : ln.bias().values()[j]);
                        }
                    }
                    x = y;
                }
                case Layer.ReduceSum rs -> {
                    int[] idx = IndexMaps.reduce(batch, dims, rs.axes());
                    double[] y = new double[batch * IndexMaps.size(IndexMaps.reduceDims(dims, rs.axes()))];
                    int group = idx.length / y.length;
                    for (int i = 0; i < y.length; i++) {
                        double acc = 0;
                        for (int g = 0; g < group; g++) {
                            acc += x[idx[i * group + g]];
                        }
                        y[i] = acc * rs.factor();
                    }
                    x = y;
                    dims = IndexMaps.reduceDims(dims, rs.axes());
                }
                case Layer.Select se -> {
                    int[] idx = IndexMaps.select(batch, dims, se.axis(), se.indices());
                    double[] y = new double[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        y[i] = x[idx[i]];
                    }
                    x = y;
                    dims = IndexMaps.selectDims(dims, se.axis(), se.indices());
                }
                case Layer.MatMul a -> throw new IllegalArgumentException("MatMul " + a.node() + " needs two inputs");
                case Layer.ConstOp co -> {
                    int[] idx = IndexMaps.broadcast(dims, co.c().dims());
                    double[] c = co.c().values();
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        double v = c[idx[i % idx.length]];
                        y[i] = switch (co.kind()) {
                            case "Add" -> x[i] + v;
                            case "Mul" -> x[i] * v;
                            case "Max" -> Math.max(x[i], v);
                            default -> Math.min(x[i], v);
                        };
                    }
                    x = y;
                }
                case Layer.PRelu pr -> {
                    int[] idx = IndexMaps.broadcast(dims, pr.slope().dims());
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        y[i] = x[i] >= 0 ? x[i] : x[i] * pr.slope().values()[idx[i % idx.length]];
                    }
                    x = y;
                }
                case Layer.LogSoftmax ls -> x = softmax(x, dims[dims.length - 1], true);
                case Layer.Pad pd -> {
                    int[] idx = IndexMaps.pad(dims, pd.before(), pd.after());
                    int per = IndexMaps.size(dims);
                    double[] y = new double[batch * idx.length];
                    for (int b = 0; b < batch; b++) {
                        for (int i = 0; i < idx.length; i++) {
                            y[b * idx.length + i] = idx[i] >= 0 ? x[b * per + idx[i]] : pd.value();
                        }
                    }
                    x = y;
                    dims = pd.outDims(dims);
                }
                case Layer.Relu r -> x = map(x, v -> Math.max(0, v));
                case Layer.Sigmoid s -> x = map(x, v -> 1 / (1 + Math.exp(-v)));
                case Layer.Softmax s -> x = softmax(x, dims[dims.length - 1], false);
                case Layer.MaxPool p -> {
                    x = pool(x, batch, dims, p.kernel(), p.stride(), p.pad(), true);
                    dims = new int[] {dims[0], (dims[1] + 2 * p.pad() - p.kernel()) / p.stride() + 1,
                        (dims[2] + 2 * p.pad() - p.kernel()) / p.stride() + 1};
                }
                case Layer.AveragePool p -> {
                    x = pool(x, batch, dims, p.kernel(), p.stride(), 0, false);
                    dims = new int[] {dims[0], (dims[1] - p.kernel()) / p.stride() + 1, (dims[2] - p.kernel()) / p.stride() + 1};
                }
                case Layer.GlobalAveragePool g -> {
                    int hw = dims[1] * dims[2];
                    double[] y = new double[batch * dims[0]];
                    for (int i = 0; i < y.length; i++) {
                        for (int j = 0; j < hw; j++) {
                            y[i] += x[i * hw + j] / hw;
                        }
                    }
                    x = y;
                    dims = new int[] {dims[0], 1, 1};
                }
                case Layer.Reshape r -> dims = r.dims().clone();
                case Layer.Elementwise e -> {
                    ElementwiseOp op = e.op();
                    x = map(x, v -> op.plain(v, e.alpha(), e.beta()));
                }
                case Layer.Permute pm -> {
                    int[] idx = pm.gather(batch, dims);
                    double[] y = new double[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        y[i] = x[idx[i]];
                    }
                    x = y;
                    dims = pm.outDims(dims);
                }
                case Layer.ChannelAffine c -> {
                    int ch = dims[0];
                    int inner = x.length / (batch * ch);
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        int cc = (i / inner) % ch;
                        y[i] = x[i] * c.scale().values()[cc] + c.shift().values()[cc];
                    }
                    x = y;
                }
                case Layer.GlobalMaxPool g -> {
                    int hw = dims[1] * dims[2];
                    double[] y = new double[batch * dims[0]];
                    for (int i = 0; i < y.length; i++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < hw; j++) {
                            m = Math.max(m, x[i * hw + j]);
                        }
                        y[i] = m;
                    }
                    x = y;
                    dims = new int[] {dims[0], 1, 1};
                }
                case Layer.Add a -> throw new IllegalArgumentException("Add " + a.node() + " needs two inputs");
                case Layer.Sub a -> throw new IllegalArgumentException("Sub " + a.node() + " needs two inputs");
                case Layer.Mul a -> throw new IllegalArgumentException("Mul " + a.node() + " needs two inputs");
                case Layer.Concat a -> { } // one input: itself
            }
        }
        dimsRef[0] = dims;
        return x;
    }

    /** Softmax (or its logarithm) of every row of m values, stable. */
    private static double[] softmax(double[] x, int m, boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / m; r++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                mx = Math.max(mx, x[r * m + j]);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += Math.exp(x[r * m + j] - mx);
            }
            for (int j = 0; j < m; j++) {
                y[r * m + j] = log ? x[r * m + j] - mx - Math.log(sum) : Math.exp(x[r * m + j] - mx) / sum;
            }
        }
        return y;
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    private static double[] pool(double[] x, int batch, int[] dims, int k, int s, int pad, boolean max) {
        int c = dims[0];
        int h = dims[1];
        int w = dims[2];
        int oh = (h + 2 * pad - k) / s + 1;
        int ow = (w + 2 * pad - k) / s + 1;
        double[] y = new double[batch * c * oh * ow];
        for (int pl = 0; pl < batch * c; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * s - pad + ky;
                            int ix = ox * s - pad + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                double v = x[(pl * h + iy) * w + ix];
                                acc = max ? Math.max(acc, v) : acc + v / (k * k);
                            }
                        }
                    }
                    y[(pl * oh + oy) * ow + ox] = acc;
                }
            }
        }
        return y;
    }
}
