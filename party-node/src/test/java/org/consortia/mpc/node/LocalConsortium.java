package org.consortia.mpc.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.node.api.ApiClients;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.ring.RingMatmul;

import io.vertx.core.json.JsonObject;

/**
 * A consortium of real node processes for tests: a CA and credentials, the YAML files, and one JVM per node
 * (`mpc-node run` / `mpc-node dealer`) started from this test's class path; jobs go through the nodes' job API.
 */
final class LocalConsortium implements AutoCloseable {
    final Path dir;
    final int parties;
    final int[] ports;
    final int[] apiPorts;
    final Process[] processes;
    final Pki.Credential ca;
    /** An admin's token at every party's API. */
    static final String TOKEN = "test-token-0123456789abcdef";
    /** Tokens of clients with one role each. */
    static final String SUBMITTER_TOKEN = "submitter-token-0123456789";
    static final String READER_TOKEN = "reader-token-0123456789abc";
    static final String AUDITOR_TOKEN = "auditor-token-0123456789ab";
    /** A client certificate from the consortium CA, allowed by fingerprint as a reader. */
    final Pki.Credential clientCert;
    private final HttpClient http;

    LocalConsortium(Path dir, int parties, String roundTimeout) throws IOException {
        this(dir, parties, roundTimeout, new String[parties]);
    }

    /** A policy that allows everything, the load generator included (what a test consortium runs by default). */
    static final String OPEN_POLICY = "analyses: any\ndatasets: any\nresultRecipients: any\nloadGenerator: true\n"
            + "maxConcurrentJobs: 64\n";

    /** @param policies per party: policy YAML text, or null for {@link #OPEN_POLICY} */
    LocalConsortium(Path dir, int parties, String roundTimeout, String[] policies) throws IOException {
        this(dir, parties, roundTimeout, policies, true);
    }

    /** Whether the consortium has a dealer node; without one its file says {@code protocol: {offline: ot}}. */
    final boolean withDealer;

    LocalConsortium(Path dir, int parties, String roundTimeout, String[] policies, boolean withDealer) throws IOException {
        this(dir, parties, roundTimeout, policies, withDealer, !withDealer);
    }

    /** @param otByDefault whether the consortium file says {@code protocol: {offline: ot}} (always so without a dealer) */
    LocalConsortium(Path dir, int parties, String roundTimeout, String[] policies, boolean withDealer, boolean otByDefault)
            throws IOException {
        this.dir = dir;
        this.parties = parties;
        this.withDealer = withDealer;
        this.ports = new int[parties + 1];
        this.apiPorts = new int[parties];
        this.processes = new Process[parties + 1];
        this.ca = Pki.newCa("test", Pki.DEFAULT_VALIDITY);
        Pki.writeCertificate(ca.certificate(), dir.resolve("ca.crt"));
        this.clientCert = Pki.issue(ca, "coordinator", Pki.DEFAULT_VALIDITY);
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        Files.writeString(dir.resolve("clients.yaml"), "clients:\n"
                + "  - {name: admin, roles: [admin], tokenFile: admin.token}\n"
                + "  - {name: submitter, roles: [submitter], tokenSha256: " + sha(SUBMITTER_TOKEN) + "}\n"
                + "  - {name: reader, roles: [reader], tokenSha256: " + sha(READER_TOKEN) + "}\n"
                + "  - {name: auditor, roles: [auditor], tokenSha256: " + sha(AUDITOR_TOKEN) + "}\n"
                + "  - {name: coordinator, roles: [reader], certificateSha256: "
                + ApiClients.fingerprint(clientCert.certificate()) + "}\n");
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca.certificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).sslContext(ctx).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        StringBuilder c = new StringBuilder("name: test\nca: ca.crt\nparties:\n");
        for (int i = 0; i < nodes(); i++) {
            String name = name(i);
            Pki.Credential cred = Pki.issue(ca, name, Pki.DEFAULT_VALIDITY);
            Pki.writeCertificate(cred.certificate(), dir.resolve(name + ".crt"));
            Pki.writePrivateKey(cred.keys().getPrivate(), dir.resolve(name + ".key"));
            ports[i] = TlsCluster.freePort();
            if (i < parties) {
                apiPorts[i] = TlsCluster.freePort();
                c.append("  - {id: ").append(i).append(", name: ").append(name).append(", host: 127.0.0.1, port: ")
                        .append(ports[i]).append("}\n");
            }
            String node = "consortium: consortium.yaml\nidentity: " + name + "\nkey: " + name + ".key\ncertificate: " + name
                    + ".crt\n" + (i < parties ? "apiPort: " + apiPorts[i] + "\napiClients: clients.yaml\n" : "");
            if (i < parties) {
                Files.writeString(dir.resolve(name + "-policy.yaml"), policies[i] == null ? OPEN_POLICY : policies[i]);
                node += "policy: " + name + "-policy.yaml\n";
            }
            Files.createDirectories(dir.resolve("data-" + name));
            node += "dataDir: data-" + name + "\n";
            Files.writeString(dir.resolve(name + ".yaml"), node);
        }
        if (withDealer) {
            c.append("dealer: {name: dealer, host: 127.0.0.1, port: ").append(ports[parties]).append("}\n");
        }
        if (otByDefault || !withDealer) {
            c.append("protocol: {offline: ot}\n");
        }
        c.append("timeouts: {connect: 10s, round: ").append(roundTimeout).append(", idle: 6s}\n");
        Files.writeString(dir.resolve("consortium.yaml"), c.toString());
    }

    String name(int i) {
        return i == parties ? "dealer" : "org-" + i;
    }

    /** Sets the consortium file's connect timeout (10 s unless set), before the nodes start. */
    void connectTimeout(String timeout) throws IOException {
        Path file = dir.resolve("consortium.yaml");
        String before = Files.readString(file);
        String after = before.replace("timeouts: {connect: 10s,", "timeouts: {connect: " + timeout + ",");
        if (after.equals(before)) {
            throw new IllegalStateException("the consortium file's connect timeout is set already");
        }
        Files.writeString(file, after);
    }

    /**
     * A class-data-sharing archive of the node's classes in target/, written by the first org-0 a test run starts and
     * mapped by every later node (JDK 19+: {@code -XX:+AutoCreateSharedArchive}, rewritten when the jars change): the
     * suite starts about a hundred node processes, and each would otherwise parse and verify the same few thousand
     * classes of Netty, Vert.x and Bouncy Castle again. Only org-0 may write it (nodes that exit together must not
     * write one file at once); the others only map it. {@code -Dmpc.it.cds=false} turns it off.
     */
    static final boolean CDS = Boolean.parseBoolean(System.getProperty("mpc.it.cds", "true"));

    private static final String CDS_ARCHIVE = Path.of(System.getProperty("mpc.dist", "target/none"))
            .resolveSibling("node-classes.jsa").toString();

    /**
     * The nodes' class path: this JVM's, with the module's classes as the packaged jar and without the test classes
     * (class-data sharing maps jars only; a node runs none of the tests' classes).
     */
    static final String NODE_CLASS_PATH = nodeClassPath();

    private static String nodeClassPath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.endsWith(Path.of("target", "test-classes"))) {
                continue;
            }
            Path jar = p.resolveSibling("party-node.jar");
            out.add(p.endsWith(Path.of("target", "classes")) && Files.isRegularFile(jar) ? jar.toString() : entry);
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /**
     * Whether the nodes compile with C1 only ({@code -XX:TieredStopAtLevel=1}): most ITs run small jobs on nodes that
     * live for seconds, where C2's compiler threads cost more CPU than they save (a node's start-up here: 3.3 s of CPU
     * with the full JIT, 2.0 s with C1). ITs that run long jobs (oblivious transfer of a million rows, LeNet by OT or
     * in malicious mode) set it false and get the JIT a deployed node has.
     */
    boolean quickJit = true;

    /** The node processes' maximum heap ({@code -Xmx}). */
    String heap = "512m";

    /** Adds lines to node {@code i}'s node file (before it starts). */
    void appendToNodeFile(int i, String yaml) throws IOException {
        Files.writeString(dir.resolve(name(i) + ".yaml"), yaml, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The peak resident set of node {@code i}'s process so far, in MiB (Linux: VmHWM), or -1 when unknown. */
    long peakRssMb(int i) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(processes[i].pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Extra JVM options for node {@code i}'s next {@link #start(int)} (a fault-injection property, say). */
    void jvmOptions(int i, String... options) {
        jvmOptions.put(i, List.of(options));
    }

    private final java.util.Map<Integer, List<String>> jvmOptions = new java.util.HashMap<>();

    void start(int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        cmd.addAll(jvmOptions.getOrDefault(i, List.of()));
        if (CDS && i == 0) {
            cmd.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + CDS_ARCHIVE));
        } else if (CDS && Files.isRegularFile(Path.of(CDS_ARCHIVE))) {
            cmd.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE);
        }
        if (quickJit) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.addAll(RingMatmul.VECTOR_JVM_OPTIONS); // as bin/mpc-node starts 'run' and 'dealer'
        cmd.addAll(List.of("-cp", NODE_CLASS_PATH, "org.consortia.mpc.node.cli.MpcNode",
                i == parties ? "dealer" : "run", "--config", dir.resolve(name(i) + ".yaml").toString()));
        processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name(i) + ".log").toFile()).start();
    }

    /**
     * Starts node {@code i} with a launcher instead of this JVM's class path: {@code launcher run|dealer --config FILE}
     * (the distribution's bin/mpc-node), with {@code JAVA_HOME} set to this JVM's.
     */
    void startWith(int i, Path launcher) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), i == parties ? "dealer" : "run", "--config",
                dir.resolve(name(i) + ".yaml").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name(i) + ".log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        processes[i] = pb.start();
    }

    /** Stops node {@code i} with SIGTERM (as an operator would) and waits for it to exit; returns its exit code. */
    int stop(int i) throws InterruptedException {
        processes[i].destroy();
        if (!processes[i].waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            processes[i].destroyForcibly();
            throw new AssertionError(name(i) + " did not stop within 30 s of SIGTERM");
        }
        return processes[i].exitValue();
    }

    /** Node {@code i}'s state directory. */
    Path stateDir(int i) {
        return dir.resolve("state-" + name(i));
    }

    /** The nodes: the parties, and the dealer if there is one. */
    int nodes() {
        return parties + (withDealer ? 1 : 0);
    }

    void startAll() throws IOException {
        for (int i = 0; i < nodes(); i++) {
            start(i);
        }
    }

    /** Starts every node and waits until every party is connected to every other node. */
    void startAllAndAwaitMesh() throws Exception {
        startAll();
        for (int i = 0; i < parties; i++) {
            awaitMesh(i, Duration.ofSeconds(60));
        }
    }

    /** Party i's job API base URL. */
    String api(int party) {
        return "https://127.0.0.1:" + apiPorts[party];
    }

    /** Waits until party i's API reports every peer connected. */
    void awaitMesh(int party, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                JsonObject h = get(party, "/v1/health");
                last = h.encode();
                if (h.getJsonArray("peers").stream().allMatch(p -> ((JsonObject) p).getBoolean("connected"))) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("org-" + party + " not fully connected: " + last + "\n" + log(party));
    }

    JsonObject get(int party, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + apiPorts[party] + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    /** A raw request: {status, body}. */
    String[] request(int party, String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + apiPorts[party] + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new String[] {String.valueOf(r.statusCode()), r.body()};
    }

    /** A request with client certificate {@code me} and no token: {status, body}. */
    String[] requestWithCertificate(int party, String method, String path, Pki.Credential me) throws Exception {
        TlsMaterial m = new TlsMaterial(me.keys().getPrivate(),
                me.certificate(), ca.certificate());
        HttpClient client = HttpClient.newBuilder().sslContext(m.jdkContext()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + apiPorts[party] + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        return new String[] {String.valueOf(r.statusCode()), r.body()};
    }

    /** Node {@code i}'s own key and certificate (a party's or the dealer's). */
    Pki.Credential memberCredential(int i) throws IOException {
        java.security.PrivateKey key = Pki.readPrivateKey(dir.resolve(name(i) + ".key"));
        java.security.cert.X509Certificate cert = Pki.readCertificate(dir.resolve(name(i) + ".crt"));
        return new Pki.Credential(new java.security.KeyPair(cert.getPublicKey(), key), cert);
    }

    static String sha(String token) {
        return java.util.HexFormat.of().formatHex(ApiClients.sha256(token));
    }

    Path dataDir(int party) {
        return dir.resolve("data-" + name(party));
    }

    String submit(int party, JsonObject spec) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + apiPorts[party] + "/v1/jobs"))
                .header("Authorization", "Bearer " + TOKEN).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new AssertionError("submit refused: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("id");
    }

    /** Polls party's record of the job until it leaves RUNNING (or the timeout); returns the record. */
    JsonObject awaitJob(int party, String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonObject rec = null;
        while (System.nanoTime() < end) {
            rec = get(party, "/v1/jobs/" + id);
            String st = rec.getString("state", "");
            if (!st.isEmpty() && !"RUNNING".equals(st) && !"PROPOSED".equals(st)) {
                if ("SUCCEEDED".equals(st) && rec.getBoolean("hasResult", false)) {
                    rec.put("result", get(party, "/v1/jobs/" + id + "/result").getJsonArray("result"));
                }
                return rec;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " still running at org-" + party + ": " + rec + "\n" + log(party));
    }

    String log(int i) throws IOException {
        Path f = dir.resolve(name(i) + ".log");
        return Files.exists(f) ? Files.readString(f) : "(no log)";
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.destroyForcibly();
            }
        }
    }
}
