package org.consortia.mpc.programs.ops;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.RevealFact;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * {@code reveal}: opens a value to {@code to} (members; absent or empty: every member) under {@code label}; a sink. Its
 * {@link RevealFact} (recipients, elements, rows behind, sources) is what every member's policy checks.
 */
public final class RevealOp implements Op {
    @Override
    public List<String> names() {
        return List.of("reveal");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    /** A bound reveal and what it opens. */
    public record Node(RevealFact fact, boolean all) implements Bound {
        @Override
        public Type type() {
            return Type.sinkType();
        }

        @Override
        public Cost cost(int parties) {
            Cost one = Costs.reveal(fact.elements());
            return all ? one : new Cost(fact.recipients().size(), one.wordsPerPeer() * fact.recipients().size());
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            Value v = args.get(0);
            int[] dims = fact.dims();
            if (v instanceof Value.Public p) { // nothing to open: every party knows it; the recipients record it
                if (fact.recipients().contains(ev.backend().party()) || ev.plaintext()) {
                    ev.result(fact.label(), dims, p.values());
                }
                return null;
            }
            SecretTensor s = ((Value.Secret) v).tensor();
            if (all) {
                double[] out = ev.host().revealing(fact, -1, s::reveal);
                ev.result(fact.label(), dims, out);
                return null;
            }
            for (int r : fact.recipients()) {
                double[] out = ev.host().revealing(fact, r, () -> s.revealTo(r));
                if (out != null) {
                    ev.result(fact.label(), dims, out);
                }
            }
            return null;
        }
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        String label = a.string("label");
        List<Integer> to = new ArrayList<>();
        Object raw = a.raw("to");
        if (raw instanceof List<?> l && !l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                Object m = l.get(i);
                int k = m instanceof Long n && n >= 0 && n < ctx.parties() ? (int) (long) n
                        : m instanceof String s ? ctx.members().indexOf(s) : -1;
                if (k < 0) {
                    throw a.error("to", "members of this consortium (one of " + ctx.members() + ", or an index)");
                }
                if (to.contains(k)) {
                    throw a.error("to", "each member once");
                }
                to.add(k);
            }
        } else if (raw != null && !(raw instanceof List<?>)) {
            throw a.error("to", "a list of members (absent or empty: every member)");
        }
        boolean all = to.isEmpty() || to.size() == ctx.parties();
        if (all) {
            to.clear();
            for (int i = 0; i < ctx.parties(); i++) {
                to.add(i);
            }
        }
        return new Node(new RevealFact(a.node(), label, to, x.dims(), x.flow().rowsBehind(), x.flow().raw(), x.flow().dp(),
                x.flow().behind()),
                all);
    }
}
