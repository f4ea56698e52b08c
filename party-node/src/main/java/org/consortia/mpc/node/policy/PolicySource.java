package org.consortia.mpc.node.policy;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.consortia.mpc.config.ConfigException;

/**
 * The node's policy as it stands now: loaded at start, re-read on SIGHUP. A new file is checked as at start and taken
 * whole, for the next proposal and vote (a job already accepted keeps the verdict it got); a wrong file is refused and
 * the current policy stays.
 */
public final class PolicySource implements Supplier<Policy> {
    private final Path file;
    private volatile Policy current;

    /** The policy of {@code file}, or the permissive default when the node file names none. */
    public PolicySource(Path file) {
        this.file = file;
        this.current = file == null ? Policy.permissive() : Policy.load(file);
    }

    @Override
    public Policy get() {
        return current;
    }

    /** Re-reads the policy file: one line saying what happened (for the log). */
    public synchronized String reload() {
        if (file == null) {
            return "no policy file: the permissive default stays";
        }
        try {
            current = Policy.load(file);
            return "policy reloaded from " + file + "; it applies to the next proposals and votes";
        } catch (ConfigException e) {
            return "policy reload refused, keeping the current policy: " + e.getMessage();
        }
    }
}
