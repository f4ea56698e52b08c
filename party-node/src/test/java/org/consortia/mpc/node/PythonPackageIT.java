package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.consortia.mpc.node.ChildProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clients/python as a package: {@code pip install ./clients/python} into a clean venv gives the module
 * {@code mpc_client} (from site-packages, not the source tree), the {@code mpc-client} command, version 0.1.0 and no
 * dependency. PythonClientIT then uses that install against real nodes.
 */
class PythonPackageIT {

    @Test
    void pipInstallsTheClientIntoACleanVenv(@TempDir Path dir) throws Exception {
        Path venv = PythonPackage.install(dir);
        Result imported = PythonPackage.run(dir, Duration.ofSeconds(60), PythonPackage.bin(venv, "python").toString(), "-c",
                "import importlib.metadata as m, mpc_client\n"
                        + "print(mpc_client.__file__)\n"
                        + "print(m.version('" + PythonPackage.DISTRIBUTION + "'))\n"
                        + "print('requires', m.requires('" + PythonPackage.DISTRIBUTION + "'))\n"
                        + "print(sorted(mpc_client.__all__))\n");
        assertEquals(0, imported.code(), imported.output());
        String[] lines = imported.output().strip().split("\n");
        assertTrue(lines[0].startsWith(venv.toString()) && lines[0].contains("site-packages"),
                "imported from the venv: " + imported.output());
        assertEquals("0.1.0", lines[1].strip());
        assertEquals("requires None", lines[2].strip(), "standard library only");
        assertEquals("['ApiError', 'Client', 'JobFailed', 'Program', 'SimulationFailed', 'Value', 'nest', 'regroup']",
                lines[3].strip());

        Result help = PythonPackage.run(dir, Duration.ofSeconds(60), PythonPackage.bin(venv, "mpc-client").toString(), "--help");
        assertEquals(0, help.code(), help.output());
        for (String cmd : new String[] {"submit", "jobs", "status", "result", "cancel", "health"}) {
            assertTrue(help.output().contains(cmd), help.output());
        }
        Result module = PythonPackage.run(dir, Duration.ofSeconds(60), PythonPackage.bin(venv, "python").toString(), "-m",
                "mpc_client", "--help");
        assertEquals(0, module.code(), "python -m mpc_client works too: " + module.output());
        Result usage = PythonPackage.run(dir, Duration.ofSeconds(60), PythonPackage.bin(venv, "mpc-client").toString());
        assertEquals(2, usage.code(), "no command: usage, exit 2: " + usage.output());
    }
}
