package org.consortia.mpc.inference.trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.inference.OnnxImportException;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Reads a tree ensemble from ONNX-ML: one {@code TreeEnsembleRegressor} or {@code TreeEnsembleClassifier} (domain
 * {@code ai.onnx.ml}) on the graph's input, optionally followed by a {@code Sigmoid} or {@code Softmax} (how a
 * LightGBM or XGBoost binary model's raw score is often exported). Modes {@code BRANCH_LT}, {@code BRANCH_LEQ},
 * {@code BRANCH_GT}, {@code BRANCH_GTE} and {@code LEAF}; aggregation {@code SUM} or {@code AVERAGE}; base values;
 * transforms {@code NONE}, {@code LOGISTIC}, {@code SOFTMAX}. Every tree is padded to a complete tree of the announced
 * depth (a leaf above it repeated below it); a deeper tree is refused, naming the tree and its depth. Missing values
 * (NaN) have no fixed-point encoding: a member's data with NaN is refused where it is read, so
 * {@code nodes_missing_value_tracks_true} never applies. Errors are {@link OnnxImportException}s in one line.
 */
public final class TreeImport {
    private TreeImport() {
    }

    public static TreeEnsemble load(Path file, int depthBound) {
        try {
            return convert(file.getFileName().toString(), ModelProto.parseFrom(Files.readAllBytes(file)).getGraph(), depthBound);
        } catch (IOException e) {
            throw new OnnxImportException(file.getFileName() + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
    }

    /** Whether the model file holds a tree ensemble (an ONNX-ML tree node), for importers that take both kinds. */
    public static boolean isTreeEnsemble(Path file) {
        try {
            return ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList().stream()
                    .anyMatch(n -> n.getOpType().startsWith("TreeEnsemble"));
        } catch (IOException e) {
            return false;
        }
    }

    private record Node(int feature, double threshold, boolean inclusive, int left, int right, boolean leaf) {
    }

    static TreeEnsemble convert(String name, GraphProto g, int depthBound) {
        List<NodeProto> trees = g.getNodeList().stream().filter(n -> n.getOpType().startsWith("TreeEnsemble")).toList();
        if (trees.size() != 1) {
            throw new OnnxImportException(name + ": expected one TreeEnsembleRegressor or TreeEnsembleClassifier node, found "
                    + trees.size());
        }
        NodeProto te = trees.get(0);
        boolean classifier = te.getOpType().equals("TreeEnsembleClassifier");
        if (!classifier && !te.getOpType().equals("TreeEnsembleRegressor")) {
            throw new OnnxImportException(name + ": op " + te.getOpType() + " (supported: TreeEnsembleRegressor, "
                    + "TreeEnsembleClassifier)");
        }
        Attrs a = new Attrs(name, te);
        TreeEnsemble.Post post = post(name, a.string("post_transform", "NONE"));
        for (NodeProto n : g.getNodeList()) {
            if (n == te) {
                continue;
            }
            if (n.getOpType().equals("Sigmoid") && post == TreeEnsemble.Post.NONE) {
                post = TreeEnsemble.Post.LOGISTIC;
            } else if (n.getOpType().equals("Softmax") && post == TreeEnsemble.Post.NONE) {
                post = TreeEnsemble.Post.SOFTMAX;
            } else if (!n.getOpType().equals("Identity")) {
                throw new OnnxImportException(name + ": node " + n.getName() + " (" + n.getOpType() + ") beside the tree "
                        + "ensemble (supported after it: one Sigmoid or Softmax)");
            }
        }
        String agg = a.string("aggregate_function", "SUM");
        if (!agg.equals("SUM") && !agg.equals("AVERAGE")) {
            throw new OnnxImportException(name + ": aggregate_function " + agg + " (supported: SUM, AVERAGE)");
        }
        long[] treeIds = a.ints("nodes_treeids");
        long[] nodeIds = a.ints("nodes_nodeids");
        long[] features = a.ints("nodes_featureids");
        float[] values = a.floats("nodes_values");
        List<String> modes = a.strings("nodes_modes");
        long[] trueIds = a.ints("nodes_truenodeids");
        long[] falseIds = a.ints("nodes_falsenodeids");
        int count = treeIds.length;
        if (nodeIds.length != count || features.length != count || values.length != count || modes.size() != count
                || trueIds.length != count || falseIds.length != count) {
            throw new OnnxImportException(name + ": the nodes_* attributes differ in length");
        }
        String prefix = classifier ? "class_" : "target_";
        long[] wTree = a.ints(prefix + "treeids");
        long[] wNode = a.ints(prefix + "nodeids");
        long[] wId = a.ints(classifier ? "class_ids" : "target_ids");
        float[] w = a.floats(prefix + "weights");
        int targets = classifier ? Math.max(a.ints("classlabels_int64s").length, a.stringCount("classlabels_strings"))
                : (int) a.integer("n_targets", 1);
        if (targets < 1 || wTree.length != w.length || wNode.length != w.length || wId.length != w.length) {
            throw new OnnxImportException(name + ": the weights' attributes differ in length, or no targets");
        }
        // trees by id, nodes by id
        Map<Long, Map<Long, Node>> byTree = new java.util.TreeMap<>();
        int maxFeature = 0;
        for (int i = 0; i < count; i++) {
            String m = modes.get(i);
            boolean leaf = m.equals("LEAF");
            int f = (int) features[i];
            if (!leaf && (f < 0 || features[i] > 1_000_000)) {
                throw new OnnxImportException(name + ": node " + nodeIds[i] + " of tree " + treeIds[i] + " reads feature " + f);
            }
            maxFeature = Math.max(maxFeature, leaf ? 0 : f);
            Node node = switch (m) {
                case "LEAF" -> new Node(0, 0, false, -1, -1, true);
                case "BRANCH_LT" -> new Node(f, values[i], false, (int) trueIds[i], (int) falseIds[i], false);
                case "BRANCH_LEQ" -> new Node(f, values[i], true, (int) trueIds[i], (int) falseIds[i], false);
                case "BRANCH_GTE" -> new Node(f, values[i], false, (int) falseIds[i], (int) trueIds[i], false); // !(x < t)
                case "BRANCH_GT" -> new Node(f, values[i], true, (int) falseIds[i], (int) trueIds[i], false);   // !(x <= t)
                default -> throw new OnnxImportException(name + ": node mode " + m + " (supported: BRANCH_LT, BRANCH_LEQ, "
                        + "BRANCH_GT, BRANCH_GTE, LEAF)");
            };
            byTree.computeIfAbsent(treeIds[i], k -> new HashMap<>()).put(nodeIds[i], node);
        }
        Map<Long, double[]> weights = new HashMap<>(); // (tree << 32 | node) -> per target
        for (int i = 0; i < w.length; i++) {
            if (wId[i] < 0 || wId[i] >= targets) {
                throw new OnnxImportException(name + ": a weight for target " + wId[i] + " of " + targets);
            }
            weights.computeIfAbsent(wTree[i] << 32 | wNode[i], k -> new double[targets])[(int) wId[i]] += w[i];
        }
        List<Long> ids = new ArrayList<>(byTree.keySet());
        int depth = 1;
        for (long t : ids) {
            int d = depth(byTree.get(t), root(name, t, byTree.get(t)), 0, name, t);
            if (d > depthBound) {
                throw new OnnxImportException(name + ": tree " + t + " has depth " + d + ", deeper than the announced bound "
                        + depthBound);
            }
            depth = Math.max(depth, d);
        }
        depth = depthBound;
        float[] base = a.has("base_values") ? a.floats("base_values") : new float[0];
        double[] baseValues = new double[targets];
        for (int c = 0; c < Math.min(targets, base.length); c++) {
            baseValues[c] = base[c];
        }
        int features1 = a.inputFeatures(g, maxFeature + 1);
        TreeEnsemble.Shape shape = new TreeEnsemble.Shape(features1, ids.size(), depth, targets, agg.equals("AVERAGE"), post,
                classifier);
        int internal = shape.internal();
        int leaves = shape.leaves();
        int[] feature = new int[ids.size() * internal];
        double[] threshold = new double[feature.length];
        boolean[] inclusive = new boolean[feature.length];
        double[] leaf = new double[ids.size() * leaves * targets];
        for (int t = 0; t < ids.size(); t++) {
            long id = ids.get(t);
            fill(byTree.get(id), root(name, id, byTree.get(id)), 0, 0, shape, t, feature, threshold, inclusive, leaf,
                    weights, id);
        }
        return new TreeEnsemble(shape, feature, threshold, inclusive, leaf, baseValues);
    }

    private static long root(String name, long tree, Map<Long, Node> nodes) {
        java.util.Set<Long> children = new java.util.HashSet<>();
        nodes.values().stream().filter(n -> !n.leaf()).forEach(n -> {
            children.add((long) n.left());
            children.add((long) n.right());
        });
        List<Long> roots = nodes.keySet().stream().filter(k -> !children.contains(k)).toList();
        if (roots.size() != 1) {
            throw new OnnxImportException(name + ": tree " + tree + " has " + roots.size() + " roots");
        }
        return roots.get(0);
    }

    private static int depth(Map<Long, Node> nodes, long id, int level, String name, long tree) {
        Node n = nodes.get(id);
        if (n == null || level > 64) {
            throw new OnnxImportException(name + ": tree " + tree + " refers to a missing node or has a cycle");
        }
        return n.leaf() ? level : Math.max(depth(nodes, n.left(), level + 1, name, tree), depth(nodes, n.right(), level + 1,
                name, tree));
    }

    /** Writes the subtree at {@code id} into heap position {@code at} of tree {@code t}, padding leaves down. */
    private static void fill(Map<Long, Node> nodes, long id, int at, int level, TreeEnsemble.Shape s, int t, int[] feature,
            double[] threshold, boolean[] inclusive, double[] leaf, Map<Long, double[]> weights, long treeId) {
        Node n = nodes.get(id);
        if (level == s.depth()) {
            double[] v = weights.getOrDefault(treeId << 32 | id, new double[s.targets()]);
            System.arraycopy(v, 0, leaf, (t * s.leaves() + at - s.internal()) * s.targets(), s.targets());
            return;
        }
        int k = t * s.internal() + at;
        if (n.leaf()) { // a leaf above the bound: any comparison, the same leaf on both sides
            fill(nodes, id, 2 * at + 1, level + 1, s, t, feature, threshold, inclusive, leaf, weights, treeId);
            fill(nodes, id, 2 * at + 2, level + 1, s, t, feature, threshold, inclusive, leaf, weights, treeId);
            return;
        }
        feature[k] = n.feature();
        threshold[k] = n.threshold();
        inclusive[k] = n.inclusive();
        fill(nodes, n.left(), 2 * at + 1, level + 1, s, t, feature, threshold, inclusive, leaf, weights, treeId);
        fill(nodes, n.right(), 2 * at + 2, level + 1, s, t, feature, threshold, inclusive, leaf, weights, treeId);
    }

    private static TreeEnsemble.Post post(String name, String p) {
        return switch (p) {
            case "NONE" -> TreeEnsemble.Post.NONE;
            case "LOGISTIC" -> TreeEnsemble.Post.LOGISTIC;
            case "SOFTMAX" -> TreeEnsemble.Post.SOFTMAX;
            default -> throw new OnnxImportException(name + ": post_transform " + p + " (supported: NONE, LOGISTIC, SOFTMAX)");
        };
    }

    /** A node's attributes by name. */
    private record Attrs(String model, Map<String, AttributeProto> map) {
        Attrs(String model, NodeProto n) {
            this(model, new HashMap<>());
            n.getAttributeList().forEach(x -> map.put(x.getName(), x));
        }

        boolean has(String key) {
            return map.containsKey(key);
        }

        AttributeProto get(String key) {
            AttributeProto x = map.get(key);
            if (x == null) {
                throw new OnnxImportException(model + ": the tree ensemble has no attribute " + key);
            }
            return x;
        }

        long[] ints(String key) {
            return map.containsKey(key) ? get(key).getIntsList().stream().mapToLong(Long::longValue).toArray() : new long[0];
        }

        float[] floats(String key) {
            List<Float> l = get(key).getFloatsList();
            float[] out = new float[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = l.get(i);
            }
            return out;
        }

        List<String> strings(String key) {
            return get(key).getStringsList().stream().map(b -> b.toStringUtf8()).toList();
        }

        int stringCount(String key) {
            return map.containsKey(key) ? map.get(key).getStringsCount() : 0;
        }

        String string(String key, String fallback) {
            return map.containsKey(key) ? map.get(key).getS().toStringUtf8() : fallback;
        }

        long integer(String key, long fallback) {
            return map.containsKey(key) ? map.get(key).getI() : fallback;
        }

        /** The input's declared feature count (its last dimension), else the features the trees read. */
        int inputFeatures(GraphProto g, int read) {
            if (g.getInputCount() > 0) {
                var dims = g.getInput(0).getType().getTensorType().getShape().getDimList();
                if (!dims.isEmpty() && dims.get(dims.size() - 1).hasDimValue()) {
                    long d = dims.get(dims.size() - 1).getDimValue();
                    if (d < read) {
                        throw new OnnxImportException(model + ": the trees read feature " + (read - 1) + " of an input of " + d);
                    }
                    return (int) d;
                }
            }
            return read;
        }
    }
}
