package org.consortia.mpc.node.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.node.state.AppendOnlyFile;
import org.consortia.mpc.node.state.StateHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonObject;

/**
 * The node's job records, kept in memory and appended to {@code jobs.jsonl} in the state directory at every
 * change, the phase included (the last line of a job wins when reloading). A torn last line (a crash or a full
 * disk mid-write) is moved aside at start; any other bad line stops the node with one line naming the file, the
 * line and the recovery command. A job that was proposed or running when the node stopped is failed at the next
 * start ({@code NODE_STOPPED}, in the phase it was in) and listed in {@link #interrupted()} so that the node
 * writes its missing audit outcome. A failed write is reported to the {@link StateHealth}; the record stays in
 * memory and its next change writes it whole.
 */
public final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    public static final String RECOVERY = "'mpc-node state repair --config NODE.yaml' moves bad job records aside";

    private final AppendOnlyFile file;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final List<JobRecord> interrupted = new ArrayList<>();
    private final AppendOnlyFile.Recovery recovery;

    /** @param self this node's name, the party of the failures a restart records */
    public JobStore(Path stateDir, StateHealth health, String self) throws IOException {
        Files.createDirectories(stateDir);
        Path path = stateDir.resolve("jobs.jsonl");
        this.recovery = AppendOnlyFile.recover(path, JobStore::wellFormed, RECOVERY);
        this.file = new AppendOnlyFile(path, health);
        try (var lines = Files.lines(path)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                JobRecord r = JobRecord.fromStored(new JsonObject(l));
                jobs.put(r.id(), r);
            });
        }
        for (JobRecord r : jobs.values()) {
            r.onChange(() -> save(r));
            if (!r.finished()) {
                interrupted.add(r);
                r.fail(new JobRecord.Failure(ErrorCode.NODE_STOPPED, r.phase(), self), "the node stopped while the job was "
                        + r.state().name().toLowerCase() + " (phase " + r.phase() + "); it was not resumed");
            }
        }
    }

    private static boolean wellFormed(String line) {
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

    private void save(JobRecord r) {
        try {
            file.append(r.toStored().encode());
        } catch (IOException e) {
            LOG.warn("could not write the record of job {}: {}", r.id(), e.getMessage());
        }
    }
}
