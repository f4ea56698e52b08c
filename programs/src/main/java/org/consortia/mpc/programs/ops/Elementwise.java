package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Values;

/** The result shape and data flow of an elementwise op over broadcast operands. */
final class Elementwise {
    private Elementwise() {
    }

    static int[] shape(Attrs a, List<Type> args) {
        int[] dims = args.get(0).dims();
        for (int i = 1; i < args.size(); i++) {
            int[] next = Values.broadcast(dims, args.get(i).dims());
            if (next == null) {
                throw a.error("args", "shapes " + args.get(0).shape() + " and " + args.get(i).shape() + " do not broadcast");
            }
            dims = next;
        }
        return dims;
    }

    /** The flow of an elementwise op over {@code args} into {@code dims}; {@code selecting}: a product, quotient or where. */
    static Flow flow(List<Type> args, int[] dims, boolean selecting) {
        Flow[] flows = new Flow[args.size()];
        int[] axes = new int[args.size()];
        int[][] shapes = new int[args.size()][];
        for (int i = 0; i < flows.length; i++) {
            Type t = args.get(i);
            flows[i] = t.flow();
            shapes[i] = t.dims();
            axes[i] = t.flow().rowAxis() < 0 ? -1 : t.flow().rowAxis() + (dims.length - t.rank());
        }
        return Flow.combine(flows, axes, shapes, dims, selecting);
    }

    static boolean anySecret(List<Type> args) {
        return args.stream().anyMatch(Type::secret);
    }
}
