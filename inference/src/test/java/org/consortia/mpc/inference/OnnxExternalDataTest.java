package org.consortia.mpc.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.consortia.mpc.inference.trees.TreeImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * External data must be named after the model: a model naming a dataset next to it ({@code patients.csv}) as its
 * weights, a file named after another model, or a link named after it that leads to a dataset, is refused at import
 * with one line naming the model, the tensor and the rule; the names torch and onnx write load, and so does every
 * shipped model.
 */
class OnnxExternalDataTest {
    /** x [1, 4] times w [4, 2], w external: 32 bytes from {@code location}. */
    private static ModelProto matmul(String location) {
        var dim = TensorShapeProto.Dimension.newBuilder();
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(4).addDims(2)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("32")).build();
        GraphProto g = GraphProto.newBuilder()
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                                .addDim(dim.setDimValue(1).build()).addDim(dim.setDimValue(4).build())))))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/mm").addInput("x").addInput("w").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).addInitializer(w).build();
        return ModelProto.newBuilder().setGraph(g).build();
    }

    /** The weights 1..8 as little-endian floats (w[i][j] = 2i + j + 1). */
    private static byte[] weights() {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 8; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    private static Path model(Path dir, String file, String location) throws Exception {
        Path f = dir.resolve(file);
        Files.write(f, matmul(location).toByteArray());
        return f;
    }

    @Test
    void externalDataNamedAfterTheModelLoads(@TempDir Path dir) throws Exception {
        for (String data : List.of("tiny.onnx.data", "tiny.onnx_data", "tiny.data")) {
            Files.write(dir.resolve(data), weights());
            Model m = OnnxImport.load(model(dir, "tiny.onnx", data));
            // x = (1, 0, 0, 1): row 0 of w plus row 3
            assertArrayEquals(new double[] {1 + 7, 2 + 8}, PlainInference.run(m, 1, new double[] {1, 0, 0, 1}), 1e-9, data);
        }
    }

    @Test
    void aDatasetNamedAsExternalDataIsRefused(@TempDir Path dir) throws Exception {
        // a member's dataset next to the model, at least 32 bytes: without the rule it would become the weights
        Files.writeString(dir.resolve("patients.csv"), "age,weight,glucose,outcome\n61,82,140,1\n", StandardCharsets.US_ASCII);
        Path m = model(dir, "tiny.onnx", "patients.csv");
        String refused = assertThrows(OnnxImportException.class, () -> OnnxImport.load(m)).getMessage();
        assertEquals("tiny.onnx: initializer 'w' names the external file 'patients.csv'; external data must be named after "
                + "the model file (tiny.onnx and a suffix after '.' or '_', such as tiny.onnx.data, or tiny.data) and not end "
                + "in .csv", refused);
        assertEquals(1, refused.lines().count());

        // named after the model but a .csv; named after another model; a link named after the model to the dataset
        Files.copy(dir.resolve("patients.csv"), dir.resolve("tiny.onnx.csv"));
        assertTrue(refusal(dir, "tiny.onnx", "tiny.onnx.csv").contains("and not end in .csv"));
        Files.write(dir.resolve("other.onnx.data"), weights());
        assertTrue(refusal(dir, "tiny.onnx", "other.onnx.data").contains("external data must be named after the model file"));
        Files.createSymbolicLink(dir.resolve("tiny.onnx.data"), dir.resolve("patients.csv"));
        assertTrue(refusal(dir, "tiny.onnx", "tiny.onnx.data").contains("names the external file 'tiny.onnx.data', a link "
                + "to another file; external data must be named after the model file"));
    }

    private static String refusal(Path dir, String file, String location) throws Exception {
        Path m = model(dir, file, location);
        return assertThrows(OnnxImportException.class, () -> OnnxImport.load(m)).getMessage();
    }

    @Test
    void theRuleAcceptsTheModelsNameAndASuffixOnly() {
        assertTrue(OnnxImport.isExternalDataOf("m.onnx", "m.onnx.data"));
        assertTrue(OnnxImport.isExternalDataOf("m.onnx", "m.onnx_data"));
        assertTrue(OnnxImport.isExternalDataOf("m.onnx", "m.data"));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "m.onnx"));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "m.onnx."));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "m.onnxdata"));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "m.onnx.CSV"));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "m.csv"));
        assertFalse(OnnxImport.isExternalDataOf("patients.onnx", "patients.csv"));
        assertFalse(OnnxImport.isExternalDataOf("m.onnx", "mm.onnx.data"));
    }

    /**
     * Every model shipped in data/models loads, those with external data in MODEL.onnx.data among them; tree ensembles
     * with the tree importer (within a depth bound of 8; rf_deep is the one made deeper to be refused).
     */
    @Test
    void everyShippedModelLoads() throws Exception {
        List<String> external = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "data", "models"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList()) {
                if (TreeImport.isTreeEnsemble(f)) {
                    if (!f.getFileName().toString().equals("rf_deep.onnx")) {
                        assertTrue(TreeImport.load(f, 8).shape().trees() > 0, f.toString());
                    }
                    continue;
                }
                Model m = OnnxImport.load(f);
                assertTrue(m.inputSize() > 0 && m.outputSize() > 0, f.toString());
                if (Files.exists(Path.of(f + ".data"))) {
                    external.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(7, external.size(), "models with external data: " + external);
    }
}
