package org.consortia.mpc.node.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A document in {@code docs/} that a test generates from the code: written to {@code target/NAME} on every run,
 * written over {@code docs/NAME} with {@code -Dmpc.writeDocs=true}, and otherwise required to equal it.
 */
final class GeneratedDoc {
    private GeneratedDoc() {
    }

    static void check(String name, String content) throws IOException {
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, content);
        Path doc = Path.of("..", "docs", name);
        if (Boolean.getBoolean("mpc.writeDocs")) {
            Files.writeString(doc, content);
        }
        assertEquals(content, Files.exists(doc) ? Files.readString(doc) : "", "docs/" + name + " is out of date: "
                + "regenerate it with -Dmpc.writeDocs=true");
    }
}
