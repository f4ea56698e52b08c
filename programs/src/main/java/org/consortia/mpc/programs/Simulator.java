package org.consortia.mpc.programs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * Runs a program on one machine, on CSV files named per member and dataset, through the same {@link Evaluator} as the
 * nodes: in plaintext (the reference: every truncation exact to the floor) or secretly among the members on a
 * {@link LocalCluster} (shares, dealer, the real protocols). A researcher's check before submitting to the consortium.
 */
public final class Simulator {
    private Simulator() {
    }

    /** What a run revealed: every result by label (each at its recipients; the same value at each), and its counters. */
    public record Outcome(Map<String, Evaluation.Result> results, long rounds, long bytesPerParty) {
    }

    /** The plaintext reference run. */
    public static Outcome plaintext(CheckedProgram p, Map<Source, Path> files) {
        FixedPoint fp = new FixedPoint(p.context().fracBits());
        var results = Evaluator.run(p, new PlainBackend(p.context().parties(), fp), new CsvHost(files, -1), new SecureRandom());
        return new Outcome(results, 0, 0);
    }

    /** The secure run among the members on a local cluster. */
    public static Outcome secure(CheckedProgram p, Map<Source, Path> files) {
        return secure(p, files, false);
    }

    /**
     * As {@link #secure(CheckedProgram, Map)}; {@code malicious}: on authenticated shares, every opening MAC-checked
     * (with FSS comparisons between 2 members, as a consortium with a dealer would choose).
     */
    public static Outcome secure(CheckedProgram p, Map<Source, Path> files, boolean malicious) {
        ProtocolParameters params = ProtocolParameters.defaults().withFractionalBits(p.context().fracBits());
        LocalCluster c = new LocalCluster(p.context().parties(), params);
        if (malicious) {
            c = c.malicious().comparisons(p.context().parties() == 2 ? Comparisons.FSS : Comparisons.BOOLEAN);
        }
        try (LocalCluster cluster = c) {
            ClusterRun<Map<String, Evaluation.Result>> run = cluster.run(party -> Evaluator.run(p, party.backend(),
                    new CsvHost(files, party.id()), new SecureRandom()));
            Map<String, Evaluation.Result> all = new LinkedHashMap<>();
            for (RevealFact r : p.reveals()) {
                Evaluation.Result at = run.result(r.recipients().get(0)).get(r.label());
                if (at != null) {
                    all.put(r.label(), at);
                }
            }
            return new Outcome(all, run.rounds(), run.maxOnlineBytesSent());
        }
    }

    /** Reads members' CSV files; party {@code self} reads only its own ({@code -1}: the plaintext run reads all). */
    private record CsvHost(Map<Source, Path> files, int self) implements ProgramHost {
        @Override
        public Rows read(InputRead read) {
            if (self >= 0 && read.member() != self) {
                return null;
            }
            Path file = files.get(new Source(read.member(), read.dataset()));
            if (file == null) {
                throw new ProgramException(read.node(), "dataset", "no file given for member " + read.member() + "'s dataset "
                        + read.dataset());
            }
            try {
                Table t = Table.read(file);
                if (t.rows().length != read.rows()) {
                    throw new ProgramException(read.node(), "rows", file.getFileName() + " has " + t.rows().length
                            + " rows, the program declares " + read.rows());
                }
                return TableRows.of(t, read);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new ProgramException(read.node(), "columns", e.getMessage());
            }
        }
    }

    /** The files of a simulation from {@code member:dataset=path} words, members by name or index. */
    public static Map<Source, Path> files(List<String> members, List<String> specs) {
        Map<Source, Path> out = new LinkedHashMap<>();
        for (String s : specs) {
            int colon = s.indexOf(':');
            int eq = s.indexOf('=');
            if (colon < 1 || eq < colon + 2) {
                throw new IllegalArgumentException("--data " + s + ": expected MEMBER:DATASET=PATH.csv");
            }
            String m = s.substring(0, colon);
            int k = members.indexOf(m);
            if (k < 0) {
                throw new IllegalArgumentException("--data " + s + ": member " + m + " is not among " + members);
            }
            out.put(new Source(k, s.substring(colon + 1, eq)), Path.of(s.substring(eq + 1)));
        }
        return out;
    }
}
