package org.consortia.mpc.tools.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Conv2d;

/**
 * The README's cost table, generated from the declared costs ({@link Costs}) for the benchmarks' canonical shapes
 * (a test keeps the README equal to it). Run it to print the table.
 */
public final class CostTable {
    private CostTable() {
    }

    /** A row; {@code twoParties}: a two-party protocol (function secret sharing), no 3-party column. */
    private record Row(String op, String shape, Cost cost, boolean twoParties) {
        Row(String op, String shape, Cost cost) {
            this(op, shape, cost, false);
        }
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("reveal", "100,000", Costs.reveal(100_000)));
        rows.add(new Row("mul", "1,000,000", Costs.mul(1_000_000)));
        rows.add(new Row("matmul", "256 x 256 by 256 x 256", Costs.matmul(256, 256, 256)));
        rows.add(new Row("conv2d", "64 x [1, 28, 28] by [6, 1, 5, 5]", Costs.conv2d(new Conv2d(64, 1, 28, 28, 6, 5, 1, 0))));
        rows.add(new Row("ltz (sign as 0/1)", "100,000", Costs.ltz(100_000)));
        rows.add(new Row("isZero", "100,000", Costs.isZero(100_000)));
        rows.add(new Row("relu", "100,000", Costs.relu(100_000)));
        rows.add(new Row("ltz bit by bit (offline: ot)", "100,000", Costs.ltz(100_000, Comparisons.BITS)));
        rows.add(new Row("relu bit by bit (offline: ot)", "100,000", Costs.relu(100_000, Comparisons.BITS)));
        rows.add(new Row("A2B (all 64 bits)", "100,000", Costs.toBits(100_000)));
        rows.add(new Row("ltz or relu, fss", "100,000", Costs.relu(100_000, Comparisons.FSS), true));
        rows.add(new Row("relu after a product, fss (boolean: " + Costs.reluTruncated(100_000, Comparisons.BOOLEAN).rounds()
                + " rounds)", "100,000", Costs.reluTruncated(100_000, Comparisons.FSS), true));
        rows.add(new Row("sigmoid or gelu, fss", "10,000", Costs.splineFss(10_000), true));
        return rows;
    }

    /** The markdown table. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| op | shape | rounds | words to each peer | bytes sent, 2 parties | bytes sent, 3 parties |\n"
                + "|---|---|---|---|---|---|\n");
        for (Row r : rows()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %s |%n", r.op(), r.shape(), r.cost().rounds(),
                    r.cost().wordsPerPeer(), r.cost().bytesSent(2, Frame.HEADER_BYTES), r.twoParties() ? "-"
                            : String.format(Locale.ROOT, "%,d", r.cost().bytesSent(3, Frame.HEADER_BYTES))));
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
