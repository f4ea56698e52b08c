package org.consortia.mpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate Maven project that depends on {@code org.consortia.mpc:mpc-client:0.1.0-SNAPSHOT} compiles the README's
 * example, with the project's ./mvnw, offline. The client is installed as the README says (the parent pom, then the
 * module) from a copy of their sources into a repository of this test's own, whose read-only tail is the build's
 * local repository ({@code -Dmaven.repo.local.tail}, Maven 3.9): the shared local repository is never written. The
 * consumer's class path is the client and Jackson's three jars, nothing else.
 */
class MavenCoordinatesIT {
    private static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    @Test
    void aSeparateProjectCompilesAgainstTheCoordinates(@TempDir Path dir) throws Exception {
        String tail = System.getProperty("mpc.localRepo");
        assertNotNull(tail, "failsafe sets mpc.localRepo to the build's local repository");
        Path repo = dir.resolve("repo");
        // a copy of the parent pom and the client's sources: the build running this test keeps its target/ untouched
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("clients/java"));
        Files.copy(ROOT.resolve("pom.xml"), src.resolve("pom.xml"));
        Files.copy(ROOT.resolve("clients/java/pom.xml"), src.resolve("clients/java/pom.xml"));
        copyTree(ROOT.resolve("clients/java/src/main"), src.resolve("clients/java/src/main"));
        mvn(dir, repo, tail, "-N", "install", "-f", src.resolve("pom.xml").toString());
        mvn(dir, repo, tail, "install", "-DskipTests", "-f", src.resolve("clients/java/pom.xml").toString());
        assertTrue(Files.exists(repo.resolve("org/consortia/mpc/mpc-client/0.1.0-SNAPSHOT/mpc-client-0.1.0-SNAPSHOT.jar")));

        Path consumer = dir.resolve("consumer");
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README.md has a java example");
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(m.group(1));
        assertTrue(cls.find());
        Files.createDirectories(consumer.resolve("src/main/java"));
        Files.writeString(consumer.resolve("src/main/java").resolve(cls.group(1) + ".java"), m.group(1));
        Files.writeString(consumer.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId><artifactId>consumer</artifactId><version>1</version>
                  <properties>
                    <maven.compiler.release>21</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency><groupId>org.consortia.mpc</groupId><artifactId>mpc-client</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
                  </dependencies>
                  <build><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
                  </plugins></build>
                </project>
                """);
        mvn(dir, repo, tail, "-f", consumer.resolve("pom.xml").toString(), "compile", "dependency:build-classpath",
                "-Dmdep.outputFile=" + consumer.resolve("cp.txt"));
        assertTrue(Files.exists(consumer.resolve("target/classes").resolve(cls.group(1) + ".class")));
        List<String> cp = Arrays.stream(Files.readString(consumer.resolve("cp.txt")).strip().split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString().replaceAll("-[0-9][0-9.]*(-SNAPSHOT)?\\.jar$", ""))
                .sorted().toList();
        assertEquals(List.of("jackson-annotations", "jackson-core", "jackson-databind", "mpc-client"), cp,
                "the client and Jackson, nothing else: " + Files.readString(consumer.resolve("cp.txt")));
        assertTrue(Files.readString(consumer.resolve("cp.txt")).contains(repo.toString()), "the client from this test's repository");
    }

    private static void mvn(Path cwd, Path repo, String tail, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-o", "-B", "-q",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = Files.createTempFile(cwd, "mvn", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no answer in 300 s: " + cmd);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        assertFalse(out.contains("[ERROR]"), out);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
