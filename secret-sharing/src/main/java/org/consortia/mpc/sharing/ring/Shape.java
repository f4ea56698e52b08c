package org.consortia.mpc.sharing.ring;

import java.util.Arrays;

import org.consortia.mpc.sharing.MpcArgumentException;

/** An immutable tensor shape (row-major). A rank-0 shape holds one element; any zero dimension makes it empty. */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long s = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new MpcArgumentException("shape dimension " + i + " = " + dims[i] + " must be >= 0 in " + Arrays.toString(dims));
            }
            s *= dims[i];
            if (s > Integer.MAX_VALUE - 16) {
                throw new MpcArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31 elements");
            }
        }
        this.size = (int) s;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public static Shape vector(int n) {
        return new Shape(new int[] {n});
    }

    public static Shape matrix(int rows, int cols) {
        return new Shape(new int[] {rows, cols});
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    public boolean isMatrix() {
        return dims.length == 2;
    }

    /** Rows of a matrix shape (throws for other ranks). */
    public int rows() {
        requireMatrix();
        return dims[0];
    }

    public int cols() {
        requireMatrix();
        return dims[1];
    }

    private void requireMatrix() {
        if (dims.length != 2) {
            throw new MpcArgumentException("expected a matrix shape, got " + this);
        }
    }

    /** Throws {@link MpcArgumentException} naming both operands unless the shapes are equal. */
    public static void requireSame(Shape a, Shape b, String op) {
        if (!a.equals(b)) {
            throw new MpcArgumentException(op + ": shape mismatch, left " + a + " vs right " + b);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
