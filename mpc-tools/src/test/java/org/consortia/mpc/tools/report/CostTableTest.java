package org.consortia.mpc.tools.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's cost table is the one generated from the declarations. */
class CostTableTest {
    @Test
    void readmeCarriesTheGeneratedTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(CostTable.markdown()), "regenerate the README's cost table with CostTable:\n"
                + CostTable.markdown());
    }
}
