package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files' shape, where no engine can build them (ContainerImageIT builds and starts them where one runs):
 * the Dockerfile runs the distribution's launcher as an unprivileged user; the compose file has the three members and
 * the dealer, each with its own node file from setup.sh, its own state directory, running as the user who owns them,
 * and only org-0's API published on loopback;
 * setup.sh writes every node file the compose file names.
 */
class ContainerFilesTest {
    @Test
    void theDockerfileAndComposeFileFitTheDistributionAndSetup() throws Exception {
        String docker = Files.readString(Path.of("src/container/Dockerfile"));
        assertTrue(docker.contains("ENTRYPOINT [\"/opt/mpc-node/bin/mpc-node\"]"), docker);
        assertTrue(docker.contains("USER mpc"), "runs unprivileged");
        assertTrue(docker.contains("COPY mpc-node-${VERSION}.tar.gz"), "the distribution as packaged");
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("src/container/compose.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertEquals(List.of("dealer", "org-0", "org-1", "org-2"), List.copyOf(services.keySet()));
        String setup = Files.readString(Path.of("src/container/setup.sh"));
        for (var e : services.entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) e.getValue().get("command");
            assertEquals("/etc/mpc/" + e.getKey() + ".yaml", command.get(2), e.getKey());
            assertEquals(e.getKey().equals("dealer") ? "dealer" : "run", command.get(0));
            assertTrue(setup.contains("for m in org-0 org-1 org-2 dealer"), "setup.sh writes " + e.getKey() + ".yaml");
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) e.getValue().get("volumes");
            assertTrue(volumes.contains("./state/" + e.getKey() + ":/var/lib/mpc"), e.getKey() + ": its own state directory");
            assertEquals("${MPC_UID:-1000}:${MPC_GID:-1000}", e.getValue().get("user"), "runs as the owner of setup.sh's files");
            Object ports = e.getValue().get("ports");
            assertEquals(e.getKey().equals("org-0") ? List.of("127.0.0.1:8101:8101") : null, ports, e.getKey());
        }
    }
}
