package org.consortia.mpc.node.analysis;

import org.consortia.mpc.runtime.data.Table;

/**
 * This party's rows of a dataset for a regression: the named feature columns row-major and the target column; both
 * null on a party that holds none of the rows.
 */
record FeatureRows(double[] x, double[] y) {

    /** Reads this party's table of {@code dataset} (the declared {@code rows[k]} rows of party k). */
    static FeatureRows own(JobContext ctx, int parties, String dataset, int[] rows, String[] features, String target) {
        double[] x = null;
        double[] y = null;
        for (int k = 0; k < parties; k++) {
            Table t = ctx.data().table(k, dataset, rows[k]);
            if (t != null) {
                x = rowMajor(t, features);
                y = t.columnValues(target);
            }
        }
        return new FeatureRows(x, y);
    }

    /** The named columns of a table, row-major. */
    static double[] rowMajor(Table t, String[] names) {
        int d = names.length;
        int rows = t.rows().length;
        double[] x = new double[rows * d];
        for (int j = 0; j < d; j++) {
            double[] col = t.columnValues(names[j]);
            for (int r = 0; r < rows; r++) {
                x[r * d + j] = col[r];
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return "FeatureRows[private]"; // a member's data never reaches a log
    }
}
