package org.consortia.mpc.node.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonObject;

/**
 * The node's job records, kept in memory and appended to {@code jobs.jsonl} in the state directory at every
 * change (the last line of a job wins when reloading). A job that was proposed or running when the node
 * stopped is marked failed at the next start, with the reason; finished results stay available.
 */
public final class JobStore {
    private final Path file;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();

    public JobStore(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        this.file = stateDir.resolve("jobs.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JobRecord r = JobRecord.fromStored(new JsonObject(line));
                    jobs.put(r.id(), r);
                }
            }
        }
        for (JobRecord r : jobs.values()) {
            r.onChange(() -> save(r));
            if (!r.finished()) {
                r.fail(new JobRecord.Failure(org.consortia.mpc.node.analysis.ErrorCode.INTERNAL, r.phase(), ""),
                        "the node stopped while the job was " + r.state().name().toLowerCase() + "; it was not resumed");
            }
        }
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

    private synchronized void save(JobRecord r) {
        byte[] line = (r.toStored().encode() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(line));
            ch.force(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the job store " + file + ": " + e.getMessage(), e);
        }
    }
}
