package org.consortia.mpc.node.jobs;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.inference.Layer;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.trees.TreeEnsemble;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A model's architecture (layers and shapes, no parameter values) as JSON: the model owner puts it in the
 * job announcement so that the other parties can run the protocol without ever holding the weights.
 */
public final class ArchitectureJson {
    private ArchitectureJson() {
    }

    public static JsonObject encode(Model m) {
        JsonArray layers = new JsonArray();
        Model arch = m.architecture();
        for (int i = 0; i < arch.layers().size(); i++) {
            Layer l = arch.layers().get(i);
            JsonObject o = new JsonObject().put("type", l.getClass().getSimpleName()).put("node", l.node())
                    .put("inputs", ints(arch.inputsOf(i)));
            switch (l) {
                case Layer.Conv c -> o.put("weight", dims(c.weight())).put("bias", c.bias() == null ? null : dims(c.bias()))
                        .put("kernel", c.kernel()).put("stride", c.stride()).put("pad", c.pad()).put("groups", c.groups());
                case Layer.Dense d -> o.put("weight", dims(d.weight())).put("bias", d.bias() == null ? null : dims(d.bias()));
                case Layer.MaxPool p -> o.put("kernel", p.kernel()).put("stride", p.stride()).put("pad", p.pad());
                case Layer.AveragePool p -> o.put("kernel", p.kernel()).put("stride", p.stride());
                case Layer.Reshape r -> o.put("dims", ints(r.dims()));
                case Layer.Concat c -> o.put("axis", c.axis());
                case Layer.Permute pm -> o.put("perm", ints(pm.perm()));
                case Layer.ChannelAffine c -> o.put("channels", c.scale().dims()[0]);
                case Layer.Elementwise e -> o.put("kind", e.kind()).put("alpha", e.alpha()).put("beta", e.beta());
                case Layer.LayerNorm ln -> o.put("scale", dims(ln.scale())).put("bias", ln.bias() == null ? null : dims(ln.bias()))
                        .put("epsilon", ln.epsilon()).put("axes", ln.axes());
                case Layer.ReduceSum r -> o.put("axes", ints(r.axes())).put("factor", r.factor());
                case Layer.Select se -> o.put("axis", se.axis()).put("indices", ints(se.indices()));
                case Layer.ConstOp co -> o.put("kind", co.kind()).put("c", dims(co.c()));
                case Layer.PRelu pr -> o.put("slope", dims(pr.slope()));
                case Layer.Pad pd -> o.put("before", ints(pd.before())).put("after", ints(pd.after())).put("value", pd.value());
                default -> {
                }
            }
            layers.add(o);
        }
        return new JsonObject().put("name", m.name()).put("input", m.inputName()).put("inputDims", ints(m.inputDims()))
                .put("outputDims", ints(m.outputDims())).put("layers", layers);
    }

    /** A tree ensemble's public shape (what the other members learn of it; see {@code TreeEnsemble.Shape}). */
    public static JsonObject encodeTrees(TreeEnsemble.Shape s) {
        return new JsonObject().put("kind", "trees").put("features", s.features()).put("trees", s.trees()).put("depth", s.depth())
                .put("targets", s.targets()).put("average", s.average()).put("post", s.post().name())
                .put("classifier", s.classifier());
    }

    /** Whether an announced architecture is a tree ensemble's. */
    public static boolean isTrees(JsonObject o) {
        return "trees".equals(o.getString("kind"));
    }

    public static TreeEnsemble.Shape decodeTrees(JsonObject o) {
        return new TreeEnsemble.Shape(o.getInteger("features"), o.getInteger("trees"),
                o.getInteger("depth"), o.getInteger("targets"), o.getBoolean("average"),
                TreeEnsemble.Post.valueOf(o.getString("post")), o.getBoolean("classifier"));
    }

    public static Model decode(JsonObject o) {
        List<Layer> layers = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        for (Object x : o.getJsonArray("layers")) {
            JsonObject l = (JsonObject) x;
            String node = l.getString("node");
            JsonArray in = l.getJsonArray("inputs");
            inputs.add(in == null ? new int[] {layers.size() - 1} : toInts(in));
            layers.add(switch (l.getString("type")) {
                case "Conv" -> new Layer.Conv(node, param(node + ".weight", l.getJsonArray("weight")),
                        param(node + ".bias", l.getJsonArray("bias")), l.getInteger("kernel"), l.getInteger("stride"), l.getInteger("pad"),
                        l.getInteger("groups", 1));
                case "Dense" -> new Layer.Dense(node, param(node + ".weight", l.getJsonArray("weight")),
                        param(node + ".bias", l.getJsonArray("bias")));
                case "Relu" -> new Layer.Relu(node);
                case "Sigmoid" -> new Layer.Sigmoid(node);
                case "Softmax" -> new Layer.Softmax(node);
                case "MaxPool" -> new Layer.MaxPool(node, l.getInteger("kernel"), l.getInteger("stride"), l.getInteger("pad"));
                case "AveragePool" -> new Layer.AveragePool(node, l.getInteger("kernel"), l.getInteger("stride"));
                case "GlobalAveragePool" -> new Layer.GlobalAveragePool(node);
                case "Reshape" -> new Layer.Reshape(node, toInts(l.getJsonArray("dims")));
                case "Add" -> new Layer.Add(node);
                case "Sub" -> new Layer.Sub(node);
                case "Mul" -> new Layer.Mul(node);
                case "Concat" -> new Layer.Concat(node, l.getInteger("axis"));
                case "GlobalMaxPool" -> new Layer.GlobalMaxPool(node);
                case "Permute" -> new Layer.Permute(node, permutation(toInts(l.getJsonArray("perm"))));
                case "ChannelAffine" -> new Layer.ChannelAffine(node, param(node + ".scale", ints(new int[] {l.getInteger("channels")})),
                        param(node + ".shift", ints(new int[] {l.getInteger("channels")})));
                case "Elementwise" -> new Layer.Elementwise(node, l.getString("kind"), l.getDouble("alpha"), l.getDouble("beta"));
                case "MatMul" -> new Layer.MatMul(node);
                case "LayerNorm" -> new Layer.LayerNorm(node, param(node + ".scale", l.getJsonArray("scale")),
                        param(node + ".bias", l.getJsonArray("bias")), l.getDouble("epsilon"), l.getInteger("axes"));
                case "ReduceSum" -> new Layer.ReduceSum(node, toInts(l.getJsonArray("axes")), l.getDouble("factor"));
                case "Select" -> new Layer.Select(node, l.getInteger("axis"), toInts(l.getJsonArray("indices")));
                case "ConstOp" -> new Layer.ConstOp(node, l.getString("kind"), param(node + ".c", l.getJsonArray("c")));
                case "PRelu" -> new Layer.PRelu(node, param(node + ".slope", l.getJsonArray("slope")));
                case "LogSoftmax" -> new Layer.LogSoftmax(node);
                case "Pad" -> new Layer.Pad(node, toInts(l.getJsonArray("before")), toInts(l.getJsonArray("after")),
                        l.getDouble("value"));
                default -> throw new IllegalArgumentException("architecture: unknown layer type " + l.getString("type"));
            });
        }
        return new Model(o.getString("name"), o.getString("input"), toInts(o.getJsonArray("inputDims")), layers,
                toInts(o.getJsonArray("outputDims")), inputs);
    }

    /** A permutation of 0..n-1 (an announced architecture is untrusted input). */
    private static int[] permutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            if (v < 0 || v >= p.length || seen[v]) {
                throw new IllegalArgumentException("architecture: " + java.util.Arrays.toString(p) + " is not a permutation");
            }
            seen[v] = true;
        }
        return p;
    }

    private static JsonArray dims(Layer.Param p) {
        return ints(p.dims());
    }

    private static Layer.Param param(String name, JsonArray dims) {
        return dims == null ? null : new Layer.Param(name, toInts(dims), null);
    }

    private static JsonArray ints(int[] v) {
        JsonArray a = new JsonArray();
        for (int i : v) {
            a.add(i);
        }
        return a;
    }

    private static int[] toInts(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInteger(i);
        }
        return v;
    }
}
