package org.consortia.mpc.node.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;

import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.link.EcdhLinkage;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.consortia.mpc.runtime.link.OprfLinkage;

import com.google.auto.service.AutoService;

/**
 * Private record linkage of the members' tables of {@code dataset} (data split by columns) on the {@code key} column
 * ({@code protocol: oprf}, the default: {@link org.consortia.mpc.runtime.link.OprfLinkage}; {@code ecdh}:
 * {@link EcdhLinkage}): no member sees another's keys; with {@code reveal: intersection} each member learns which of its
 * own rows are common and writes them, in the one order every member shares, to {@code as}.csv in its own data
 * directory (never overwriting a file; nothing leaves the node), so that a later job over data split by columns names
 * {@code as} with the common row count; with {@code reveal: cardinality} only the count. Every member's result is the
 * number of common rows. The facts list the membership each member learns (purpose {@code linkage}; with
 * {@code cardinality} the leader's own, which it can tell from the blinded sets), which a member's policy allows per
 * dataset ({@code linkage: [intersection, cardinality]}). The leader also learns, for three members or more, how large
 * each pair's overlap is (ECDH) or which of its keys each member holds (OPRF); a linked dataset gets the policy rule its new name matches, not the
 * original's: an operator adds one for it.
 */
public record LinkJob(String dataset, String key, int[] rows, String as, EcdhLinkage.Mode mode, boolean oprf) implements Analysis {
    @Override
    public String name() {
        return "link";
    }

    /** The common count aggregates every member's rows. */
    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    /**
     * ECDH: every member's blinded keys at the leader, with their index, about 200 bytes a key of all members; OPRF: the
     * leader's extension matrices (3 x 64 bytes per bin, 1.27 bins per key) and one member's lists at a time, about 400.
     */
    @Override
    public Footprint footprint(int parties, int fracBits) {
        return new Footprint((oprf ? 400L : 200L) * Analysis.total(rows), "rows");
    }

    @Override
    public java.util.List<String> resultLabels() {
        return java.util.List.of("common rows");
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            int parties = party.parties();
            Table mine = null;
            String[] keys = null;
            for (int k = 0; k < parties; k++) {
                var t = ctx.data().dataset(k, dataset, rows[k], key);
                if (t != null) {
                    mine = t.table();
                    keys = t.keys().get(key); // canonical text: a number, a string, a date alike at every member
                }
            }
            String[] k0 = keys;
            EcdhLinkage.Outcome out;
            try {
                // what the linkage tells each member of its own rows: declared as facts, enforced at run time
                // with the count only, the leader (member 0) can still tell which of its own rows are common: declared too
                int[] membership = mode == EcdhLinkage.Mode.INTERSECTION ? rows.clone() : new int[parties];
                // the OPRF's leader learns, of each other member, which of its own keys that member holds
                membership[0] = oprf && parties > 2 ? rows[0] * (parties - 1) : rows[0];
                out = ctx.reveals().linkage(membership, () -> oprf
                        ? OprfLinkage.link(party.backend(), k0, rows, mode, new SecureRandom())
                        : EcdhLinkage.link(party.backend(), k0, rows, mode, new SecureRandom()));
            } catch (IllegalArgumentException e) {
                throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": " + e.getMessage(), e);
            }
            if (mine != null && out.rows() != null && !party.backend().dryRun()) {
                write(ctx.data().output(as), mine, out.rows());
            }
            return new double[] {out.cardinality()};
        };
    }

    /** The common rows, header first, in the shared order, to a new file. */
    private static void write(Path file, Table t, int[] common) {
        StringBuilder b = new StringBuilder(String.join(",", t.header())).append('\n');
        for (int r : common) {
            double[] row = t.rows()[r];
            for (int j = 0; j < row.length; j++) {
                b.append(j == 0 ? "" : ",").append(LinkKeys.canonical(row[j]));
            }
            b.append('\n');
        }
        try {
            Files.writeString(file, b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, "the linked dataset exists already: choose another 'as'", e);
        } catch (IOException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, "cannot write the linked dataset: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "link[" + dataset + " -> " + as + "]";
    }

    /** The job type {@code link}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("link");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return link(p);
        }

        /** Private record linkage of the members' tables of one dataset on a key column (see {@link LinkJob}). */
        private static LinkJob link(SpecParams p) {
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String key = p.string("key", null);
            int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
            String as = DataDir.checkName("as", p.string("as", null));
            if (as.equals(dataset)) {
                throw new SpecException("as", "a new dataset's name, not the linked one's");
            }
            String reveal = p.string("reveal", "intersection");
            if (!reveal.equals("intersection") && !reveal.equals("cardinality")) {
                throw new SpecException("reveal", "intersection (each member learns which of its rows are common and keeps them, "
                        + "in a shared order, as 'as') or cardinality (only how many)");
            }
            // OPRF by default between two members; among more, its leader learns which of its keys each member holds
            // (declared when asked for), so ECDH, whose leader learns only the pairs' counts, is the default there
            String protocol = p.string("protocol", p.parties == 2 ? "oprf" : "ecdh");
            if (!protocol.equals("oprf") && !protocol.equals("ecdh")) {
                throw new SpecException("protocol", "oprf (the default: an oblivious PRF on the OT extension) or ecdh "
                        + "(Diffie-Hellman blinding on Curve25519)");
            }
            return new LinkJob(dataset, key, rows, as, reveal.equals("intersection")
                    ? EcdhLinkage.Mode.INTERSECTION
                    : EcdhLinkage.Mode.CARDINALITY, protocol.equals("oprf"));
        }
    }
}
