package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.node.audit.AuditLog;
import org.consortia.mpc.node.state.StateCorruptException;
import org.consortia.mpc.runtime.tls.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

class AuditLogTest {
    private static final java.security.KeyPair KEYS = Pki.newCa("audit-test",
            java.time.Duration.ofDays(1)).keys();

    private static Path fiveRecords(Path dir) throws Exception {
        Path f = dir.resolve("audit.log");
        AuditLog log = AuditLog.open(f, KEYS.getPrivate());
        for (int i = 0; i < 5; i++) {
            log.append("job-finished", new JsonObject().put("job", "j" + i).put("revealedTo", "org-" + i));
        }
        return f;
    }

    @Test
    void intactChainVerifiesAndReopens(@TempDir Path dir) throws Exception {
        Path f = fiveRecords(dir);
        AuditLog.Verification v = AuditLog.verify(f, KEYS.getPublic());
        assertTrue(v.ok());
        assertEquals(5, v.records());
        AuditLog.open(f, KEYS.getPrivate()).append("more", null);
        assertEquals(6, AuditLog.verify(f, KEYS.getPublic()).records());
    }

    @Test
    void editsRemovalsAndReorderingsAreDetected(@TempDir Path dir) throws Exception {
        Path f = fiveRecords(dir);
        List<String> lines = Files.readAllLines(f);

        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("org-2", "org-9"));
        Files.write(f, edited);
        assertEquals("line 3 was edited (its hash does not match)", AuditLog.verify(f, KEYS.getPublic()).problem());

        List<String> removed = new ArrayList<>(lines);
        removed.remove(1);
        Files.write(f, removed);
        assertEquals("line 2 has sequence 3, expected 2 (a record was removed or reordered)", AuditLog.verify(f, KEYS.getPublic()).problem());

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(1, lines.get(2));
        swapped.set(2, lines.get(1));
        Files.write(f, swapped);
        assertFalse(AuditLog.verify(f, KEYS.getPublic()).ok());

        List<String> truncatedTail = new ArrayList<>(lines.subList(0, 4));
        Files.write(f, truncatedTail); // removing the last record cannot be seen from the file alone
        assertTrue(AuditLog.verify(f, KEYS.getPublic()).ok(), "tail truncation needs the head hash kept elsewhere");

        Files.write(f, edited);
        assertThrows(StateCorruptException.class, () -> AuditLog.open(f, KEYS.getPrivate()),
                "a broken log is not appended to");

        List<String> forged = new ArrayList<>(lines);
        forged.set(2, forged.get(2).substring(0, forged.get(2).length() - 1) + ",\"event\":\"forged\"}");
        Files.write(f, forged); // text after the signature would override fields if records were parsed from whole lines
        assertEquals("line 3 is not a stored record (body, hash, signature)", AuditLog.verify(f, KEYS.getPublic()).problem());

        Files.write(f, lines);
        java.security.KeyPair other = Pki.newCa("other", java.time.Duration.ofDays(1)).keys();
        assertEquals("line 1 is not signed by the node's key", AuditLog.verify(f, other.getPublic()).problem());
    }
}
