package org.consortia.mpc.node.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.node.state.StateCorruptException;
import org.consortia.mpc.node.state.StateHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The node's job records, kept in memory and appended to {@code jobs.jsonl} in the state directory at every
 * change, the phase included (the last line of a job wins when reloading); a result is written first to
 * {@code results/ID.json} (atomically), so records stay small. A torn last line (a crash or a full disk
 * mid-write) is moved aside at start; any other bad line stops the node with one line naming the file, the line
 * and the recovery command. A job that was proposed or running when the node stopped is failed at the next
 * start ({@code NODE_STOPPED}, in the phase it was in) and listed in {@link #interrupted()} so that the node
 * writes its missing audit outcome. A failed write is reported to the {@link StateHealth}; the record stays in
 * memory and its next change writes it whole. The state directory is locked while the store is open: a second
 * node process on the same directory stops at once.
 */
public final class JobStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    public static final String RECOVERY = "'mpc-node state repair --config NODE.yaml' moves bad job records aside";

    private final AppendOnlyFile file;
    private final Path results;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final List<JobRecord> interrupted = new ArrayList<>();
    private final AppendOnlyFile.Recovery recovery;
    private final FileChannel lockFile;
    private final FileLock lock;

    /** @param self this node's name, the party of the failures a restart records */
    public JobStore(Path stateDir, StateHealth health, String self) throws IOException {
        Files.createDirectories(stateDir);
        this.lockFile = FileChannel.open(stateDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockFile.close();
            throw new StateCorruptException(stateDir + ": another node process is using this state directory; stop it first");
        }
        this.lock = l;
        Path path = stateDir.resolve("jobs.jsonl");
        this.results = stateDir.resolve("results");
        this.recovery = AppendOnlyFile.recover(path, JobStore::wellFormed, RECOVERY);
        this.file = new AppendOnlyFile(path, health);
        try (BufferedReader r = AuditLog.lenientReader(path)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JobRecord rec = JobRecord.fromStored(new JsonObject(line));
                    jobs.put(rec.id(), rec);
                }
            }
        }
        for (JobRecord r : jobs.values()) {
            Path result = results.resolve(r.id() + ".json");
            if (r.state() == JobRecord.State.SUCCEEDED && Files.exists(result)) {
                r.resultLoader(() -> readResult(result));
            }
            r.onChange(() -> save(r));
            if (!r.finished()) {
                interrupted.add(r);
                r.fail(new JobRecord.Failure(ErrorCode.NODE_STOPPED, r.phase(), self), "the node stopped while the job was "
                        + r.state().name().toLowerCase() + " (phase " + r.phase() + "); it was not resumed");
            }
        }
    }

    /** Whether a line of {@code jobs.jsonl} is a job record the node can load (also what 'state repair' keeps). */
    public static boolean wellFormed(String line) {
        try {
            JobRecord.fromStored(new JsonObject(line));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Jobs that were unfinished when the node last stopped (now failed), for their audit outcome. */
    public List<JobRecord> interrupted() {
        return List.copyOf(interrupted);
    }

    /** A torn last record moved aside at start, if any. */
    public AppendOnlyFile.Recovery recovery() {
        return recovery;
    }

    public JobRecord add(JobRecord r) {
        if (jobs.putIfAbsent(r.id(), r) != null) {
            throw new IllegalStateException("job " + r.id() + " exists already");
        }
        r.onChange(() -> save(r));
        save(r);
        return r;
    }

    public JobRecord get(String id) {
        return jobs.get(id);
    }

    public Collection<JobRecord> all() {
        return jobs.values();
    }

    public long running() {
        return jobs.values().stream().filter(j -> !j.finished()).count();
    }

    private volatile java.util.function.Consumer<JobRecord> onFinished = r -> { };

    /** Called (after the record is saved) whenever a record changes while finished: the job ended. */
    public void onFinished(java.util.function.Consumer<JobRecord> listener) {
        this.onFinished = listener;
    }

    private void save(JobRecord r) {
        saveRecord(r);
        if (r.finished()) {
            onFinished.accept(r);
        }
    }

    private void saveRecord(JobRecord r) {
        try {
            if (r.state() == JobRecord.State.SUCCEEDED && r.result() != null) {
                writeResult(r);
            }
            file.append(r.toStored().encode());
        } catch (IOException e) {
            LOG.warn("could not write the record of job {}: {}", r.id(), e.getMessage());
        }
    }

    /** The result file, written whole (temporary file, forced, renamed) before the record that announces it. */
    private void writeResult(JobRecord r) throws IOException {
        Path target = results.resolve(r.id() + ".json");
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(results);
        Path tmp = results.resolve(r.id() + ".json.tmp");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.toFile(), "rw")) { // an interrupt cannot close it
            f.setLength(0);
            f.write(r.resultJson().encode().getBytes(StandardCharsets.UTF_8));
            f.getFD().sync();
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static double[] readResult(Path file) {
        try {
            JsonArray a = new JsonArray(Files.readString(file, StandardCharsets.UTF_8));
            return a.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the stored result {}: {}", file, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            LOG.debug("releasing the state lock: {}", e.getMessage());
        }
    }
}
