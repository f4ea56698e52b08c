package org.consortia.mpc.node;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools some tests use (Debian's promtool, swagger-cli from npm). .ci/run installs them and runs with
 * -Dmpc.requireTools=true, where a missing tool fails the test; elsewhere the check is skipped, saying how to get it.
 */
final class ExternalTools {
    private ExternalTools() {
    }

    /** The tool's path; fails (CI) or skips (elsewhere) when it is not installed. */
    static Path require(String name, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return unavailable(name + " is not installed (" + install + "; .ci/run installs it)");
    }

    /** A tool that is there but lacks a part (Debian's python3 without python3-venv): fails (CI) or skips. */
    static <T> T unavailable(String why) {
        if (Boolean.getBoolean("mpc.requireTools")) {
            Assertions.fail(why);
        }
        Assumptions.abort(why);
        return null;
    }
}
