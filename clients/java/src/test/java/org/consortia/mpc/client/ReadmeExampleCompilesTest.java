package org.consortia.mpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the coordinates gets: the example in clients/java/README.md compiles against this module's classes
 * and Jackson's three jars and nothing else (no node module, no Netty, no Vert.x), and the client's classes load and
 * initialise from those alone. In seconds, in every 'test' run; MavenCoordinatesIT checks the same through the
 * coordinates with a separate Maven project.
 */
class ReadmeExampleCompilesTest {
    private static final Path README = Path.of("README.md");

    /** This module's classes (or jar) and the Jackson jars: the class path a user's build resolves for the coordinates. */
    static List<Path> clientClassPath() throws Exception {
        Set<Path> cp = new LinkedHashSet<>();
        for (Class<?> c : List.of(MpcClient.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return new ArrayList<>(cp);
    }

    @Test
    void theReadmeExampleCompilesAgainstTheClientAndJacksonOnly(@TempDir Path dir) throws Exception {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        assertTrue(m.find(), "README.md has a java example");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the example is a public class");
        Path file = Files.writeString(dir.resolve(cls.group(1) + ".java"), source);
        List<Path> cp = clientClassPath();
        assertEquals(4, cp.size(), "the client and three Jackson jars: " + cp);
        for (Path p : cp) {
            String name = p.toString();
            assertFalse(name.matches(".*(netty|vertx|party-node|mpc-runtime).*"), name);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK's compiler");
        StringWriter out = new StringWriter();
        List<String> args = List.of("--release", "21", "-Xlint:all", "-Werror", "-d", dir.resolve("classes").toString(),
                "-classpath", String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()));
        boolean ok = javac.getTask(out, null, null, args, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        assertTrue(ok, "the README's example compiles against " + cp + ":\n" + out);
        assertTrue(Files.exists(dir.resolve("classes").resolve(cls.group(1) + ".class")));

        // and the client's classes load and initialise (the JSON mapper included) from those jars alone
        URL[] urls = new URL[cp.size() + 1];
        for (int i = 0; i < cp.size(); i++) {
            urls[i] = cp.get(i).toUri().toURL();
        }
        urls[cp.size()] = dir.resolve("classes").toUri().toURL();
        try (URLClassLoader alone = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class.forName(cls.group(1), true, alone);
            Class<?> mapping = Class.forName(JsonMapping.class.getName(), true, alone);
            assertTrue(mapping.getClassLoader() == alone, "loaded from the jars, not from the test's class path");
            var job = mapping.getDeclaredMethod("job", String.class);
            job.setAccessible(true);
            Object j = job.invoke(null, JsonMappingTest.SUCCEEDED);
            assertEquals("SUCCEEDED", j.getClass().getMethod("state").invoke(j).toString());
        }
    }
}
