package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.node.ChildProcess.Result;

/**
 * The Python client installed as its users install it: a clean virtual environment ({@code python3 -m venv}) and
 * {@code pip install} of a copy of clients/python (a copy, so that setuptools' build directory never lands in the
 * source tree). pip builds the package in an isolated environment, so it needs setuptools from its index: the
 * configured one (a local mirror here) or PyPI; without it the test fails, naming pip's error. Skips without python3 or
 * its venv module unless {@code -Dmpc.requireTools=true}, where that fails too.
 */
final class PythonPackage {
    static final Path SOURCE = Path.of("..", "clients", "python").toAbsolutePath().normalize();
    static final String DISTRIBUTION = "consortium-mpc-client";

    private PythonPackage() {
    }

    /** A venv under {@code dir} with the package installed; its {@code bin/} holds python and {@code mpc-client}. */
    static Path install(Path dir) throws IOException, InterruptedException {
        Path python3 = ExternalTools.require("python3", "apt-get install python3 python3-venv");
        Path src = Files.createDirectories(dir.resolve("mpc-client-src"));
        for (String f : List.of("pyproject.toml", "README.md", "mpc_client.py")) {
            Files.copy(SOURCE.resolve(f), src.resolve(f));
        }
        Path venv = dir.resolve("venv");
        Result made = run(dir, Duration.ofSeconds(120), python3.toString(), "-m", "venv", venv.toString());
        if (made.code() != 0) {
            ExternalTools.unavailable("python3 -m venv failed (Debian: apt-get install python3-venv): " + made.output());
        }
        Result pip = run(dir, Duration.ofSeconds(300), bin(venv, "python").toString(), "-m", "pip", "install",
                "--disable-pip-version-check", src.toString());
        assertEquals(0, pip.code(), "pip install " + SOURCE + " (it needs setuptools>=61 from pip's index): " + pip.output());
        return venv;
    }

    static Path bin(Path venv, String name) {
        return venv.resolve("bin").resolve(name);
    }

    static Result run(Path cwd, Duration timeout, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("PYTHONPATH"); // the installed package, never a source directory
        pb.environment().remove("MPC_API_CA");
        return ChildProcess.run(pb, timeout);
    }
}
