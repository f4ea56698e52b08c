package org.consortia.mpc.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.CredentialCheck;
import org.consortia.mpc.node.data.DatasetReader;
import org.consortia.mpc.node.api.ApiClients;
import org.consortia.mpc.node.policy.Policy;

/**
 * Every check {@code run} (and {@code dealer}) makes on a node's files before it starts, in one place, so that
 * {@code check-config} catches whatever {@code run} would refuse: the node's role, its policy, its API clients file and
 * the token files and client CA it names, its key and certificates, its data and state directories, and every dataset
 * its node file declares (reachable, with its declared columns: a warning, since a database may come later). Each problem
 * is one line naming the file (and field) and the fix.
 */
final class Preflight {
    private Preflight() {
    }

    /**
     * One check's outcome: what was checked, its problem ({@code null}: ok), and how {@code run} prefixes the problem
     * in its one line.
     */
    record Check(String what, String problem, String prefix, boolean warningOnly) {
        Check(String what, String problem) {
            this(what, problem, "configuration error: ", false);
        }

        Check(String what, String problem, String prefix) {
            this(what, problem, prefix, false);
        }
    }

    /** Every check for {@code node}, to run as a party ({@code wantDealer} false) or as the dealer. */
    static List<Check> all(NodeConfig node, boolean wantDealer) {
        return all(node, wantDealer, true);
    }

    /** As {@link #all(NodeConfig, boolean)}; {@code probeData}: also open every declared dataset (check-config only). */
    static List<Check> all(NodeConfig node, boolean wantDealer, boolean probeData) {
        List<Check> out = new ArrayList<>();
        out.add(new Check("policy", node.policy() == null ? null : problem(() -> Policy.load(node.policy()))));
        out.add(new Check("API clients", node.apiClients() == null ? null
                : problem(() -> ApiClients.load(node.apiClients(), System::getenv))));
        out.add(new Check("role", node.isDealer() == wantDealer ? null : node.source() + ": identity: found "
                + node.self().name() + ", expected " + (wantDealer ? "the dealer (use 'run' for a party)"
                : "a party (use 'dealer' for the dealer)"), ""));
        out.add(new Check("key and certificates", CredentialCheck.problem(node), "credentials: "));
        if (!node.isDealer()) {
            // a warning: the node runs without it (jobs that read data fail until it exists)
            out.add(new Check("data directory", readableDirectory(node.source(), "dataDir", node.dataDir()), "", true));
            // warnings: a source may come up after the node (a job that reads it fails until then, naming the dataset)
            node.datasets().values().stream().filter(d -> probeData).forEach(d -> out.add(new Check("dataset " + d.name(),
                    prefixed(node.source(), DatasetReader.probe(d, ConsortiumNode.MAX_DATA_FILE_BYTES)), "", true)));
        }
        out.add(new Check("state directory", writableDirectory(node.source(), "stateDir", node.stateDir())));
        return out;
    }

    /** The first problem of {@link #all} as {@code run} prints it, or {@code null}. */
    static String firstProblem(NodeConfig node, boolean wantDealer) {
        for (Check c : all(node, wantDealer, false)) { // run does not wait for the members' databases
            if (c.problem() != null && !c.warningOnly()) {
                return c.prefix() + c.problem();
            }
        }
        return null;
    }

    private static String prefixed(Path file, String problem) {
        return problem == null ? null : file + ": datasets." + problem;
    }

    private static String problem(Runnable load) {
        try {
            load.run();
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    static String readableDirectory(Path file, String field, Path dir) {
        if (!Files.isDirectory(dir)) {
            return file + ": " + field + ": " + dir + " is not a directory (create it and put the member's data files there)";
        }
        if (!Files.isReadable(dir)) {
            return file + ": " + field + ": " + dir + " is not readable by this user (fix its permissions)";
        }
        return null;
    }

    /** An existing writable directory, or one that can be created (the node creates it at start). */
    static String writableDirectory(Path file, String field, Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null || !Files.isDirectory(p)) {
            return file + ": " + field + ": " + dir + " cannot be created (a file stands in its path)";
        }
        if (!Files.isWritable(p)) {
            return file + ": " + field + ": " + p + " is not writable by this user (fix its permissions or choose another "
                    + "directory)";
        }
        try {
            if (Files.isDirectory(dir)) { // a probe: the file system may be read-only even where the bits allow writing
                Path probe = Files.createTempFile(dir, ".check-config", ".tmp");
                Files.delete(probe);
            }
        } catch (IOException e) {
            return file + ": " + field + ": " + dir + " cannot be written (" + e.getMessage() + ")";
        }
        return null;
    }
}
