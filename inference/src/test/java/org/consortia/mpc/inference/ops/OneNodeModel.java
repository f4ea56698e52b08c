package org.consortia.mpc.inference.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import com.google.protobuf.ByteString;

/** A one-node ONNX model for the ops' tests: x [batch, width] through {@code opType} with the given attributes. */
final class OneNodeModel {
    private OneNodeModel() {
    }

    /**
     * Writes the model to {@code dir}/{@code opType}.onnx; {@code attrs} values are Floats (float attributes) or Strings.
     */
    static Path write(Path dir, String opType, Map<String, Object> attrs, int width) throws Exception {
        var dim = TensorShapeProto.Dimension.newBuilder();
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName("/" + opType).addInput("x").addOutput("y");
        attrs.forEach((k, v) -> node.addAttribute(v instanceof String s
                ? AttributeProto.newBuilder().setName(k).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s))
                : AttributeProto.newBuilder().setName(k).setType(AttributeProto.AttributeType.FLOAT).setF((Float) v)));
        GraphProto g = GraphProto.newBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                                .addDim(dim.setDimValue(1).build()).addDim(dim.setDimValue(width).build())))))
                .addNode(node).addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        Path f = dir.resolve(opType + ".onnx");
        Files.write(f, ModelProto.newBuilder().setGraph(g).build().toByteArray());
        return f;
    }
}
