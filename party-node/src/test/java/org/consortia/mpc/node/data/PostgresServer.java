package org.consortia.mpc.node.data;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for a test: Debian's {@code postgresql} package ({@code initdb} and {@code pg_ctl} under
 * /usr/lib/postgresql/VERSION/bin; .ci/run installs it) initialised into a temporary directory, password authentication,
 * listening on loopback at a free port, run as the {@code postgres} user when the test runs as root (PostgreSQL refuses
 * root). Missing, it fails the test under {@code -Dmpc.requireTools=true} (CI) and skips it elsewhere.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "mpc";
    public static final String PASSWORD = "s3cret-for-tests";

    private final Path bin;
    private final Path dir;
    private final boolean asPostgres;
    public final int port;
    private boolean running = true;

    private PostgresServer(Path bin, Path dir, boolean asPostgres, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgres = asPostgres;
        this.port = port;
    }

    /** Starts a server in a new temporary directory. */
    public static PostgresServer start() throws Exception {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("mpc-pg");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()), dir);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer pg = new PostgresServer(bin, dir, root, port);
        pg.as(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pw,
                "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"));
        pg.as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"));
        return pg;
    }

    /** The JDBC URL of database {@code postgres}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    /** Stops the server (fast) and removes its directory. */
    @Override
    public void close() throws Exception {
        try {
            if (running) {
                stop();
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Stops the server, keeping its directory (a database that is down). */
    public void stop() throws Exception {
        running = false;
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    }

    private void as(List<String> command) throws Exception {
        List<String> c = new ArrayList<>();
        if (asPostgres) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(command);
        run(c, dir);
    }

    private static void run(List<String> command, Path dir) throws Exception {
        Path out = Files.createTempFile("mpc-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(command.get(0) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                Assertions.fail(String.join(" ", command) + " failed: " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path binDir() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            }
        }
        String why = "PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it)";
        if (Boolean.getBoolean("mpc.requireTools")) {
            Assertions.fail(why);
        }
        Assumptions.abort(why);
        return null;
    }
}
