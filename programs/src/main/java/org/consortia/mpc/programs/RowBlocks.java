package org.consortia.mpc.programs;

import java.util.List;

import org.consortia.mpc.protocols.Backend;

/**
 * Inputs from one table held in memory and split by rows as {@code Partitions.byRows} splits it: member k reads its
 * contiguous block, a read of the column {@code y} gives the last column, any other read the first columns (for
 * benchmarks and tests that run a program on the data a built-in analysis reads).
 */
public record RowBlocks(double[][] rows, Backend be) implements ProgramHost {
    @Override
    public Rows read(InputRead read) {
        int k = read.member();
        if (!be.readsInputOf(k)) {
            return null;
        }
        int from = k * rows.length / be.parties();
        int to = (k + 1) * rows.length / be.parties();
        int p = rows[0].length - 1;
        int w = read.columns().size();
        boolean y = read.columns().equals(List.of("y"));
        double[] out = new double[(to - from) * w];
        for (int i = from; i < to; i++) {
            if (y) {
                out[i - from] = rows[i][p];
            } else {
                System.arraycopy(rows[i], 0, out, (i - from) * w, w);
            }
        }
        return new Rows(out, 0);
    }

    @Override
    public String toString() {
        return "RowBlocks[" + rows.length + " rows]";
    }
}
