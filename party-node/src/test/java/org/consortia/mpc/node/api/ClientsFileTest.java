package org.consortia.mpc.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import org.consortia.mpc.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API clients file reloaded (as on SIGHUP): a removed client's token and a changed token file's old token stop
 * authenticating at once, the new token works; a wrong file (a bad field, a token file gone) is refused naming the
 * file and the field, and the current clients stay.
 */
class ClientsFileTest {
    private static final String OPS = "ops-token-0123456789abcdef";
    private static final String OPS_NEW = "ops-token-rotated-0123456789";
    private static final String COORDINATOR = "coordinator-token-0123456789";

    private static String sha(String token) {
        return HexFormat.of().formatHex(ApiClients.sha256(token));
    }

    private static Path write(Path dir, String clients) throws Exception {
        Path f = dir.resolve("clients.yaml");
        Files.writeString(f, clients);
        return f;
    }

    @Test
    void aRemovedOrRotatedTokenStopsWorkingOnReload(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ops.token"), OPS + "\n");
        Path f = write(dir, "clients:\n  - {name: ops, roles: [admin], tokenFile: ops.token}\n"
                + "  - {name: coordinator, roles: [submitter], tokenSha256: " + sha(COORDINATOR) + "}\n");
        ClientsFile clients = new ClientsFile(f, Map.<String, String>of()::get);
        assertEquals("coordinator", clients.current().byToken(COORDINATOR).name());
        assertEquals("ops", clients.current().byToken(OPS).name());

        write(dir, "clients:\n  - {name: ops, roles: [admin], tokenFile: ops.token}\n"); // the coordinator's token leaked
        Files.writeString(dir.resolve("ops.token"), OPS_NEW + "\n");
        ApiClients now = clients.reload();
        assertEquals(1, now.size());
        assertNull(clients.current().byToken(COORDINATOR), "the removed client's token still authenticates");
        assertNull(clients.current().byToken(OPS), "the replaced token still authenticates");
        assertEquals("ops", clients.current().byToken(OPS_NEW).name());
    }

    @Test
    void aWrongFileIsRefusedAndTheCurrentClientsStay(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ops.token"), OPS + "\n");
        Path f = write(dir, "clients:\n  - {name: ops, roles: [admin], tokenFile: ops.token}\n"
                + "  - {name: coordinator, roles: [submitter], tokenSha256: " + sha(COORDINATOR) + "}\n");
        ClientsFile clients = new ClientsFile(f, Map.<String, String>of()::get);
        ApiClients before = clients.current();

        write(dir, "clients:\n  - {name: ops, roles: [admin], tokenFile: ops.token}\n"
                + "  - {name: coordinator, roles: [submitter], tokenSha256: 3f7a}\n");
        ConfigException bad = assertThrows(ConfigException.class, clients::reload);
        assertEquals(f.toString(), bad.source());
        assertEquals("clients[1].tokenSha256", bad.field());
        assertTrue(bad.getMessage().startsWith(f + ": clients[1].tokenSha256: found not 64 hex digits"), bad.getMessage());
        assertEquals(before, clients.current());

        write(dir, "clients:\n  - {name: ops, roles: [admin], tokenFile: gone.token}\n");
        ConfigException gone = assertThrows(ConfigException.class, clients::reload);
        assertEquals("clients[0].tokenFile", gone.field());
        assertEquals(before, clients.current());
        assertEquals("coordinator", clients.current().byToken(COORDINATOR).name());
        assertEquals("ops", clients.current().byToken(OPS).name());
    }
}
