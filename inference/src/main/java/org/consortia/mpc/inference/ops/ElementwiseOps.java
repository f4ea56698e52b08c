package org.consortia.mpc.inference.ops;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of {@link ElementwiseOp}s: every op on the class path (registered by {@code @AutoService}), by name, by
 * ONNX op type and by program name. Two ops of one name, ONNX type or program name are refused when the registry loads.
 */
public final class ElementwiseOps {
    private static final Map<String, ElementwiseOp> BY_NAME = new TreeMap<>();
    private static final Map<String, ElementwiseOp> BY_ONNX_TYPE = new TreeMap<>();
    private static final Map<String, ElementwiseOp> BY_PROGRAM_NAME = new TreeMap<>();

    static {
        for (ElementwiseOp op : ServiceLoader.load(ElementwiseOp.class, ElementwiseOp.class.getClassLoader())) {
            if (BY_NAME.put(op.name(), op) != null) {
                throw new IllegalStateException("two elementwise ops named " + op.name());
            }
            for (String type : op.onnxTypes()) {
                if (BY_ONNX_TYPE.put(type, op) != null) {
                    throw new IllegalStateException("two elementwise ops import ONNX " + type);
                }
            }
            if (op.programName() != null && BY_PROGRAM_NAME.put(op.programName(), op) != null) {
                throw new IllegalStateException("two elementwise ops called " + op.programName() + " in programs");
            }
        }
    }

    private ElementwiseOps() {
    }

    /** The op named {@code name}, or {@code null}. */
    public static ElementwiseOp get(String name) {
        return BY_NAME.get(name);
    }

    /** The op that imports ONNX op type {@code type}, or {@code null}. */
    public static ElementwiseOp forOnnx(String type) {
        return BY_ONNX_TYPE.get(type);
    }

    /** The op programs call {@code name}, or {@code null}. */
    public static ElementwiseOp forProgram(String name) {
        return BY_PROGRAM_NAME.get(name);
    }

    /** Every program name an op answers to, sorted. */
    public static List<String> programNames() {
        return List.copyOf(BY_PROGRAM_NAME.keySet());
    }

    /** Every op's name, sorted. */
    public static List<String> names() {
        return List.copyOf(Collections.unmodifiableSet(BY_NAME.keySet()));
    }

    /** Every ONNX op type an op imports, sorted. */
    public static List<String> onnxTypes() {
        return List.copyOf(BY_ONNX_TYPE.keySet());
    }
}
