package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.consortia.mpc.config.YamlNode;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against the server: every route JobApi registers is documented and nothing else is; every
 * operation has an operationId and documents 401 and 403, except the one without authentication ({@code GET /livez},
 * {@code security: []}), which documents neither; and a standard validator (swagger-cli) accepts the file.
 */
class OpenApiTest {
    private static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
    private static final Path SERVER = Path.of("src", "main", "java", "org", "consortia", "mpc", "node", "api", "JobApi.java");

    @Test
    void everyServedRouteIsDocumentedWithItsErrors() throws Exception {
        Set<String> served = new TreeSet<>();
        // the API's routes (/v1/... and the liveness probe); /console is a web page, not part of the API
        Matcher m = Pattern.compile("\\br\\.(get|post|put|delete|patch)\\(\"(/v1/[^\"]*|/livez)\"").matcher(Files.readString(SERVER));
        while (m.find()) {
            served.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll(":(\\w+)", "{$1}"));
        }
        assertTrue(served.size() >= 8, "found the routes in " + SERVER + ": " + served);
        YamlNode paths = YamlNode.load(SPEC).child("paths");
        Set<String> documented = new TreeSet<>();
        Set<String> anonymous = new TreeSet<>();
        for (String path : paths.keys()) {
            YamlNode ops = paths.child(path);
            for (String method : ops.keys()) {
                documented.add(method.toUpperCase() + " " + path);
                YamlNode op = ops.child(method);
                assertTrue(op.has("operationId"), method + " " + path + " has no operationId");
                YamlNode responses = op.child("responses");
                if (op.has("security")) { // only 'security: []' overrides the global bearer requirement here
                    anonymous.add(method.toUpperCase() + " " + path);
                    assertTrue(!responses.has("401") && !responses.has("403"), method + " " + path + " needs no client");
                } else {
                    assertTrue(responses.has("401") && responses.has("403"), method + " " + path + " lacks 401 or 403");
                }
            }
        }
        assertEquals(served, documented, "routes served by JobApi vs documented in " + SPEC);
        assertEquals(Set.of("GET /livez"), anonymous, "the only route without authentication");
    }

    @Test
    void aStandardValidatorAcceptsTheSpec() throws Exception {
        Path swagger = ExternalTools.require("swagger-cli", "npm install -g @apidevtools/swagger-cli@4.0.4");
        Process p = new ProcessBuilder(swagger.toString(), "validate", SPEC.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "swagger-cli did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("is valid"), out);
    }
}
