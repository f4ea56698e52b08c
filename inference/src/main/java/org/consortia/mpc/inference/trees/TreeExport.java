package org.consortia.mpc.inference.trees;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.analyses.trees.GradientBoosting;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * A model trained across members ({@link BoostedTrees}) as a tree ensemble: in memory ({@link #ensemble}) and as
 * ONNX-ML ({@link #onnx}: one {@code TreeEnsembleRegressor}, opset ml 3, every internal node {@code BRANCH_LEQ} with
 * true = left, aggregate SUM, the base score as its base value, post transform LOGISTIC for the logistic loss), which
 * {@link TreeImport} reads back and secure scoring takes like any other export. Without {@code edges} the features are
 * the rows' bin indices (each member bins its own features with its own edges, which never leave it: the model's
 * thresholds are bins); with every feature's edges (public ones, or a holder exporting for itself) they are in the
 * features' units ("x &lt;= the bin's upper edge").
 */
public final class TreeExport {
    private TreeExport() {
    }

    /** The model as a {@link TreeEnsemble} over bin indices ({@code edges == null}) or raw values. */
    public static TreeEnsemble ensemble(BoostedTrees m, double[][] edges) {
        var shape = new TreeEnsemble.Shape(m.features(), m.trees(), m.depth(), 1, false,
                m.loss() == GradientBoosting.Loss.LOGISTIC ? TreeEnsemble.Post.LOGISTIC : TreeEnsemble.Post.NONE, false);
        double[] threshold = new double[m.feature().length];
        boolean[] inclusive = new boolean[threshold.length];
        for (int i = 0; i < threshold.length; i++) {
            threshold[i] = threshold(m, edges, i);
            inclusive[i] = true;
        }
        return new TreeEnsemble(shape, m.feature().clone(), threshold, inclusive, m.leaf().clone(), new double[] {m.base()});
    }

    /** The split's threshold: its bin, or that bin's upper edge (no split, or an empty bin's edge: every value left). */
    private static double threshold(BoostedTrees m, double[][] edges, int i) {
        int b = m.bin()[i];
        if (edges == null) {
            return b;
        }
        double[] e = edges[m.feature()[i]];
        if (b >= e.length || !Double.isFinite(e[b])) {
            return Float.MAX_VALUE;
        }
        float t = (float) e[b]; // ONNX thresholds are floats: rounded up, so that every value at or below the edge stays left
        return t < e[b] ? Math.nextUp(t) : t;
    }

    /** The model as an ONNX-ML file's bytes (input {@code X}: rows x features, float; output {@code Y}: rows x 1). */
    public static byte[] onnx(BoostedTrees m, double[][] edges) {
        TreeEnsemble te = ensemble(m, edges);
        int internal = m.internal();
        int leaves = m.leaves();
        List<Long> treeIds = new ArrayList<>();
        List<Long> nodeIds = new ArrayList<>();
        List<Long> features = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<Long> trueIds = new ArrayList<>();
        List<Long> falseIds = new ArrayList<>();
        List<Long> wTree = new ArrayList<>();
        List<Long> wNode = new ArrayList<>();
        List<Long> wId = new ArrayList<>();
        List<Float> w = new ArrayList<>();
        for (int t = 0; t < m.trees(); t++) {
            for (int i = 0; i < internal + leaves; i++) { // heap order: children of i at 2i+1, 2i+2
                treeIds.add((long) t);
                nodeIds.add((long) i);
                boolean leaf = i >= internal;
                features.add(leaf ? 0L : te.feature()[t * internal + i]);
                values.add(leaf ? 0f : (float) te.threshold()[t * internal + i]);
                modes.add(leaf ? "LEAF" : "BRANCH_LEQ");
                trueIds.add(leaf ? 0L : 2L * i + 1);
                falseIds.add(leaf ? 0L : 2L * i + 2);
                if (leaf) {
                    wTree.add((long) t);
                    wNode.add((long) i);
                    wId.add(0L);
                    w.add((float) m.leaf()[t * leaves + i - internal]);
                }
            }
        }
        NodeProto node = NodeProto.newBuilder().setOpType("TreeEnsembleRegressor").setDomain("ai.onnx.ml").setName("trees")
                .addInput("X").addOutput("Y")
                .addAttribute(ints("nodes_treeids", treeIds)).addAttribute(ints("nodes_nodeids", nodeIds))
                .addAttribute(ints("nodes_featureids", features)).addAttribute(floats("nodes_values", values))
                .addAttribute(strings("nodes_modes", modes)).addAttribute(ints("nodes_truenodeids", trueIds))
                .addAttribute(ints("nodes_falsenodeids", falseIds)).addAttribute(ints("target_treeids", wTree))
                .addAttribute(ints("target_nodeids", wNode)).addAttribute(ints("target_ids", wId))
                .addAttribute(floats("target_weights", w)).addAttribute(floats("base_values", List.of((float) m.base())))
                .addAttribute(AttributeProto.newBuilder().setName("n_targets").setType(AttributeProto.AttributeType.INT).setI(1))
                .addAttribute(string("aggregate_function", "SUM"))
                .addAttribute(string("post_transform", m.loss() == GradientBoosting.Loss.LOGISTIC ? "LOGISTIC" : "NONE"))
                .build();
        GraphProto g = GraphProto.newBuilder().setName("gbdt").addNode(node)
                .addInput(tensor("X", m.features())).addOutput(tensor("Y", 1)).build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("consortia-mpc gbdt").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build().toByteArray();
    }

    private static ValueInfoProto tensor(String name, int cols) {
        TensorShapeProto shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(cols)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static AttributeProto ints(String name, List<Long> v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS).addAllInts(v).build();
    }

    private static AttributeProto floats(String name, List<Float> v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS).addAllFloats(v).build();
    }

    private static AttributeProto strings(String name, List<String> v) {
        var b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        v.forEach(s -> b.addStrings(com.google.protobuf.ByteString.copyFromUtf8(s)));
        return b.build();
    }

    private static AttributeProto string(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }
}
