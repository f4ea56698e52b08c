package org.consortia.mpc.node.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.node.data.DataException;
import org.consortia.mpc.node.data.DatasetReader;

/**
 * A node's data directory. Dataset, model and input names from a job are plain file names inside it:
 * {@link #checkName} refuses separators, absolute paths, {@code ..} and hidden names before any file access (at
 * every node, when a job is parsed); {@link #resolve} also refuses a name whose real path (after links) leads out
 * of the directory, a file that is not a regular file, and a file larger than the node's limit. Datasets the node file
 * declares ({@link DatasetSpec}: CSV, Parquet or a database table) are read from their sources by name.
 */
public final class DataDir {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final long maxFileBytes;
    private final Map<String, DatasetSpec> declared;

    public DataDir(Path root, long maxFileBytes) {
        this(root, maxFileBytes, Map.of());
    }

    /** The directory with the datasets the node file declares (a name not declared is a CSV file in the directory). */
    public DataDir(Path root, long maxFileBytes, Map<String, DatasetSpec> declared) {
        this.root = root.toAbsolutePath().normalize();
        this.maxFileBytes = maxFileBytes;
        this.declared = Map.copyOf(declared);
    }

    /** The datasets the node file declares. */
    public Map<String, DatasetSpec> declared() {
        return declared;
    }

    /**
     * Dataset {@code name} read and converted ({@link DatasetReader}): a declared source, or {@code name}.csv in the
     * directory; with the canonical text of {@code keys}. At most {@code maxFileBytes / 8} cells and {@code maxRows} rows
     * (the read stops at the first row beyond). A read that fails is a
     * {@link JobError} whose detail (dataset, row, column) stays in the local log.
     */
    public DatasetReader.Loaded load(String name, Set<String> keys, long maxRows) {
        checkName("name", name);
        try {
            DatasetSpec spec = declared.get(name);
            if (spec != null) {
                return DatasetReader.read(spec, keys, maxFileBytes, maxFileBytes / Double.BYTES, maxRows);
            }
            Path file = resolve(name, ".csv");
            return DatasetReader.readUndeclared(name, file, keys, maxFileBytes, maxFileBytes / Double.BYTES, maxRows);
        } catch (DataException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Refuses anything but a plain file name; {@code field} names the job parameter in the error. */
    public static String checkName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new SpecException(field, "a plain file name in the node's data directory (letters, digits, '.', '_', '-'; "
                    + "no separators, no '..')");
        }
        return name;
    }

    /** Where a job writes a new dataset {@code name}.csv of this member's own rows (a linked dataset), in the directory. */
    public Path output(String name) {
        checkName("as", name);
        return root.resolve(name.endsWith(".csv") ? name : name + ".csv");
    }

    /** The declaration of dataset {@code name}: the node file's, or an undeclared CSV file's header, all numbers. */
    public DatasetSpec declaration(String name) {
        checkName("name", name);
        DatasetSpec spec = declared.get(name);
        if (spec != null) {
            return spec;
        }
        try {
            return DatasetReader.declaration(name, resolve(name, ".csv"), maxFileBytes);
        } catch (DataException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
    }

    /** Streams the value columns {@code columns} of dataset {@code name} in chunks ({@link DatasetReader#stream}). */
    public DatasetReader.Streamed stream(String name, java.util.List<String> columns, int chunkRows, DatasetReader.Chunks sink) {
        DatasetSpec spec = declaration(name);
        try {
            return DatasetReader.stream(spec, columns, chunkRows, maxFileBytes, sink);
        } catch (DataException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
    }

    /**
     * The file {@code name} (with {@code extension} added unless present), checked: inside the directory after
     * links, a regular file, at most the size limit. Errors are {@link JobError}s with the detail for the local
     * log only.
     */
    public Path resolve(String name, String extension) {
        checkName("name", name);
        String file = name.endsWith(extension) ? name : name + extension;
        Path p = root.resolve(file).normalize();
        try {
            if (!p.getParent().equals(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                throw new JobError(ErrorCode.INPUT_INVALID, "data file " + file + " does not exist in the data directory");
            }
            Path real = p.toRealPath();
            if (!real.getParent().equals(root.toRealPath()) || !Files.isRegularFile(real)) {
                throw new JobError(ErrorCode.INPUT_INVALID, "data file " + file + " leads out of the data directory");
            }
            if (Files.size(real) > maxFileBytes) {
                throw new JobError(ErrorCode.INPUT_INVALID, "data file " + file + " is larger than the node's limit");
            }
            return real;
        } catch (IOException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, "data file " + file + " is not readable: " + e.getMessage());
        }
    }
}
