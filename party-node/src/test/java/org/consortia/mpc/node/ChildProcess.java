package org.consortia.mpc.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a child process to its end within a timeout, its standard output going to a file (so a hung child cannot hang the read). */
final class ChildProcess {
    /** The exit code and what the child wrote on standard output (and on standard error where the builder merges it). */
    record Result(int code, String output) {
    }

    private ChildProcess() {
    }

    /** Starts {@code pb} (its directory, environment and error stream as the caller set them) and waits for it. */
    static Result run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("child", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + pb.command());
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
