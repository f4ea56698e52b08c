package org.consortia.mpc.node.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.inference.trees.TreeImport;
import org.consortia.mpc.node.data.DatasetReader;
import org.consortia.mpc.runtime.data.Table;

/**
 * How a job's program reads the members' files. A program asks for party k's file at every node; only party
 * k's node reads it (the others get {@code null}), so the same call is the read and its declaration. Tracing,
 * nothing is read and every call is recorded as a {@link Facts.Read}; locally, a node reads only what the facts
 * declare for it, from its {@link DataDir}, and checks the declared row count. Errors are {@link JobError}s
 * whose detail stays in the local log.
 */
public final class DataAccess {
    private final int self;
    private final DataDir dir;
    private final Facts allowed;
    private final List<Facts.Read> traced = new ArrayList<>();
    private final Runnable beforeFirstRead;
    private boolean read;

    private DataAccess(int self, DataDir dir, Facts allowed, Runnable beforeFirstRead) {
        this.self = self;
        this.dir = dir;
        this.allowed = allowed;
        this.beforeFirstRead = beforeFirstRead;
    }

    /** Reads nothing, records every read. */
    public static DataAccess tracing() {
        return new DataAccess(-1, null, null, () -> { });
    }

    /** Node {@code self} reads the files the facts declare for it, from {@code dir}. */
    public static DataAccess local(int self, DataDir dir, Facts allowed) {
        return local(self, dir, allowed, () -> { });
    }

    /**
     * As {@link #local(int, DataDir, Facts)}, running {@code beforeFirstRead} (durably) before the first file is
     * opened: the job's privacy budget is spent there, since from then on whether the job succeeds, and every check
     * of the data (rows, columns, values), depends on the data.
     */
    public static DataAccess local(int self, DataDir dir, Facts allowed, Runnable beforeFirstRead) {
        return new DataAccess(self, dir, allowed, beforeFirstRead);
    }

    /**
     * The declaration of member {@code member}'s dataset {@code name} when this node is that member; {@code null}
     * elsewhere and while tracing (nothing is read).
     */
    public DatasetSpec declaration(int member, String name) {
        if (allowed == null || dir == null || member != self) {
            return null;
        }
        return dir.declaration(name);
    }

    /** The reads recorded while tracing. */
    public List<Facts.Read> traced() {
        return List.copyOf(traced);
    }

    /**
     * Party {@code party}'s dataset {@code name} of {@code rows} rows (a declared source, or a CSV file with a header
     * row), its string columns allowed only among the {@code keys} the job links or aligns by; {@code null} elsewhere.
     */
    public Table table(int party, String name, long rows, String... keys) {
        DatasetReader.Loaded l = dataset(party, name, rows, keys);
        return l == null ? null : l.table();
    }

    /** As {@link #table}, with the canonical text of the {@code keys} columns (linkage). */
    public DatasetReader.Loaded dataset(int party, String name, long rows, String... keys) {
        if (!mine(new Facts.Read(party, name, Facts.Kind.TABLE, rows))) {
            return null;
        }
        java.util.Set<String> k = new java.util.LinkedHashSet<>();
        for (String key : keys) {
            if (key != null) {
                k.add(key);
            }
        }
        DatasetReader.Loaded l = dir.load(name, k, rows); // stops at the first row beyond the declared count
        checkRows(name, l.table().rows().length, rows);
        return l;
    }

    /** Rows a stream hands over at a time. */
    public static final int CHUNK_ROWS = 4096;

    /**
     * Party {@code party}'s dataset {@code name} of {@code rows} rows streamed, never held whole: {@code choose} picks
     * the columns to stream from the dataset's value columns (in order; string columns are keys, never values), and
     * {@code sink} takes {@link #CHUNK_ROWS} rows at a time; the row count is checked at the end (a caller shares nothing
     * before this returns). Returns the columns streamed, or {@code null} at every other node.
     */
    public java.util.List<String> stream(int party, String name, long rows,
            java.util.function.UnaryOperator<java.util.List<String>> choose, DatasetReader.Chunks sink) {
        if (!mine(new Facts.Read(party, name, Facts.Kind.TABLE, rows))) {
            return null;
        }
        java.util.List<String> values = dir.declaration(name).columns().stream()
                .filter(c -> c.type() != DatasetSpec.Type.STRING)
                .map(DatasetSpec.Column::name).toList();
        java.util.List<String> cols = choose.apply(values);
        DatasetReader.Streamed s = dir.stream(name, cols, CHUNK_ROWS, sink);
        if (s.rows() != rows) {
            throw new JobError(ErrorCode.INPUT_INVALID, name + ": has " + s.rows() + " rows, the job declares " + rows);
        }
        return cols;
    }

    /** Party {@code party}'s header-less rows of {@code width} numbers, flattened; {@code null} elsewhere. */
    public double[] rows(int party, String name, int rows, int width) {
        if (!mine(new Facts.Read(party, name, Facts.Kind.ROWS, rows))) {
            return null;
        }
        try {
            double[][] table = Table.readRows(dir.resolve(name, ".csv"), width, dir.maxFileBytes());
            checkRows(name, table.length, rows);
            double[] x = new double[rows * width];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(table[r], 0, x, r * width, width);
            }
            return x;
        } catch (IOException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
    }

    /** Party {@code party}'s ONNX model {@code name}; {@code null} elsewhere. */
    public Model model(int party, String name) {
        if (!mine(new Facts.Read(party, name, Facts.Kind.MODEL, -1))) {
            return null;
        }
        try {
            return OnnxImport.load(dir.resolve(name, ".onnx"));
        } catch (RuntimeException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, "model " + name + ": " + e.getMessage(), e);
        }
    }

    /** Party {@code party}'s tree ensemble {@code name} padded to {@code depth}; {@code null} elsewhere. */
    public TreeEnsemble trees(int party, String name, int depth) {
        if (!mine(new Facts.Read(party, name, Facts.Kind.MODEL, -1))) {
            return null;
        }
        try {
            return TreeImport.load(dir.resolve(name, ".onnx"), depth);
        } catch (RuntimeException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, "model " + name + ": " + e.getMessage(), e);
        }
    }

    /** Where this node writes its own derived dataset {@code name} (a linkage's common rows). */
    public java.nio.file.Path output(String name) {
        return dir.output(name);
    }

    /** Whether this node reads {@code read} (recording it when tracing, refusing it when undeclared). */
    private boolean mine(Facts.Read read) {
        if (allowed == null) {
            if (!traced.contains(read)) { // a dataset read twice (a join's keys, then its own work's columns) is one read
                traced.add(read);
            }
            return false;
        }
        if (read.party() != self) {
            return false;
        }
        if (!allowed.reads().contains(read)) {
            throw new JobError(ErrorCode.UNDECLARED_ACCESS, "a read of " + read.name() + " is not among the job's declared reads");
        }
        if (!this.read) {
            beforeFirstRead.run();
            this.read = true;
        }
        return true;
    }

    private static void checkRows(String name, int actual, long declared) {
        if (actual != declared) {
            throw new JobError(ErrorCode.INPUT_INVALID, name + ": has " + actual + " rows, the job declares " + declared);
        }
    }
}
