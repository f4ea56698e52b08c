package org.consortia.mpc.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * Reads and validates the consortium file and a node file (YAML, comments welcome). Relative paths are
 * resolved against the directory of the file that names them. Every error is a {@link ConfigException}
 * naming the file, the field path, what was found and what is expected.
 *
 * <pre>
 * # consortium.yaml
 * name: demo
 * ca: certs/ca.crt
 * parties:
 *   - {id: 0, name: hospital-a, host: 127.0.0.1, port: 7101, certificate: certs/hospital-a.crt}
 *   - {id: 1, name: hospital-b, host: 127.0.0.1, port: 7102}
 * dealer: {name: dealer, host: 127.0.0.1, port: 7100}   # optional with offline: ot
 * protocol: {fractionalBits: 16, offline: dealer}      # offline: dealer (default) or ot (no third party)
 *                                                      # comparisons: boolean (default), fss or auto
 *                                                      # security: semi-honest (default) or malicious (needs the dealer)
 * timeouts: {connect: 30s, round: 30s, idle: 15s}
 * limits: {maxFrameBytes: 67108864}
 *
 * # node.yaml
 * consortium: consortium.yaml
 * identity: hospital-a
 * key: certs/hospital-a.key
 * certificate: certs/hospital-a.crt
 * dataDir: data
 * allowInsecureLocalDealer: false
 * listen: 0.0.0.0          # where the peer transport binds (default: the host the consortium file advertises)
 * apiPort: 8101            # the job API's port; 0 or absent: none
 * apiBind: 127.0.0.1       # the job API's bind address (default loopback; clients always authenticate)
 * apiClients: clients.yaml # required with apiPort: API clients, hashed tokens or certificate fingerprints, roles
 * stateDir: state          # job records and the audit log (default state-IDENTITY)
 * policy: policy.yaml      # what this node allows (default: permissive, logged)
 * maxHeap: 2g              # the JVM heap limit scripts/mpc-node sets (m or g); default: the JVM's
 * jobMemory: 512m          # the memory a job's micro-batches are sized for (default 512m; a job may set microBatch)
 * datasets: {...}          # dataset names mapped to CSV, Parquet or JDBC sources and their columns ({@link DatasetsLoader})
 * </pre>
 */
public final class ConfigLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private ConfigLoader() {
    }

    public static ConsortiumConfig consortium(Path file) {
        YamlNode root = YamlNode.load(file);
        root.allowOnly("name", "ca", "parties", "dealer", "protocol", "timeouts", "limits", "revoked");
        Path dir = dirOf(file);
        String name = name(root, "name");
        Path ca = existingFile(root, "ca", dir);
        List<YamlNode> list = root.list("parties");
        if (list.size() < ConsortiumConfig.MIN_PARTIES || list.size() > ConsortiumConfig.MAX_PARTIES) {
            throw root.error("parties", list.size() + " parties", ConsortiumConfig.MIN_PARTIES + " to "
                    + ConsortiumConfig.MAX_PARTIES + " parties");
        }
        List<NodeAddress> parties = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            YamlNode p = list.get(i);
            p.allowOnly("id", "name", "host", "port", "certificate");
            int id = p.integer("id", 0, ConsortiumConfig.MAX_PARTIES);
            if (id != i) {
                throw p.error("id", String.valueOf(id), i + " (parties are listed in id order 0, 1, 2, ...)");
            }
            parties.add(address(p, id, dir, names, endpoints));
        }
        YamlNode proto = root.childOrEmpty("protocol");
        proto.allowOnly("fractionalBits", "offline", "comparisons", "security");
        String sword = proto.has("security") ? proto.string("security") : SecurityMode.SEMI_HONEST.word();
        SecurityMode security = SecurityMode.of(sword);
        if (security == null) {
            throw proto.error("security", "\"" + sword + "\"", "semi-honest (the default) or malicious (a deviating "
                    + "member is caught and the job aborts; needs the dealer)");
        }
        String cword = proto.has("comparisons") ? proto.string("comparisons") : ComparisonMode.BOOLEAN.word();
        ComparisonMode comparisons = ComparisonMode.of(cword);
        if (comparisons == null) {
            throw proto.error("comparisons", "\"" + cword + "\"", "boolean (any party count), fss (function secret "
                    + "sharing: 2 parties and a dealer, one round per comparison) or auto");
        }
        String word = proto.has("offline") ? proto.string("offline") : OfflineMode.DEALER.word();
        OfflineMode offline = OfflineMode.of(word);
        if (offline == null) {
            throw proto.error("offline", "\"" + word + "\"", "dealer (a dealer node makes the correlated randomness) or ot "
                    + "(the parties make it themselves by oblivious transfer; no dealer needed)");
        }
        if (offline == OfflineMode.OT && list.size() > OfflineMode.OT_MAX_PARTIES) {
            throw proto.error("offline", "ot for " + list.size() + " parties", "dealer, with a dealer node (oblivious "
                    + "transfer links at most " + OfflineMode.OT_MAX_PARTIES + " parties)");
        }
        if (security == SecurityMode.MALICIOUS && offline == OfflineMode.OT) {
            throw proto.error("security", "malicious with offline: ot", ProtocolParameters.MALICIOUS_NEEDS_DEALER);
        }
        NodeAddress dealer = null;
        if (root.has("dealer") || offline == OfflineMode.DEALER) {
            if (!root.has("dealer")) {
                throw root.error("dealer", "nothing", "the dealer node {name, host, port}, or protocol.offline: ot for a "
                        + "consortium without one");
            }
            YamlNode d = root.child("dealer");
            d.allowOnly("name", "host", "port", "certificate");
            dealer = address(d, list.size(), dir, names, endpoints);
        }
        YamlNode t = root.childOrEmpty("timeouts");
        t.allowOnly("connect", "round", "idle");
        Timeouts timeouts = new Timeouts(t.duration("connect", Timeouts.DEFAULT_CONNECT),
                t.duration("round", Timeouts.DEFAULT_ROUND), t.duration("idle", Timeouts.DEFAULT_IDLE));
        int bits = proto.integer("fractionalBits", ProtocolParameters.MIN_FRACTIONAL_BITS,
                ProtocolParameters.MAX_FRACTIONAL_BITS, ProtocolParameters.DEFAULT_FRACTIONAL_BITS);
        YamlNode limits = root.childOrEmpty("limits");
        limits.allowOnly("maxFrameBytes");
        int maxFrame = (int) limits.longValue("maxFrameBytes", 1 << 16, 1L << 30, ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES);
        return new ConsortiumConfig(file, name, ca, parties, dealer, new ProtocolParameters(bits, timeouts.round(), offline, comparisons,
                security),
                timeouts, maxFrame, revoked(root));
    }

    /** {@code revoked: ["1f2e...", ...]}: serial numbers (hexadecimal, quoted) of certificates no member may use. */
    private static Set<java.math.BigInteger> revoked(YamlNode root) {
        if (!root.has("revoked")) {
            return Set.of();
        }
        List<String> serials;
        try {
            serials = root.strings("revoked");
        } catch (ConfigException e) {
            throw root.error("revoked", "a list that is not of quoted strings",
                    "quoted hexadecimal serial numbers, e.g. [\"1f2e3d\"] (as 'mpc-node ca sign' prints them)");
        }
        Set<java.math.BigInteger> out = new java.util.HashSet<>();
        for (String v : serials) {
            String hex = v.replace(":", "").trim();
            if (!hex.matches("[0-9a-fA-F]{1,64}")) {
                throw root.error("revoked", "\"" + v + "\"", "a hexadecimal serial number (as 'mpc-node ca sign' prints it)");
            }
            out.add(new java.math.BigInteger(hex, 16));
        }
        return out;
    }

    public static NodeConfig node(Path file) {
        YamlNode root = YamlNode.load(file);
        root.allowOnly("consortium", "identity", "key", "certificate", "dataDir", "allowInsecureLocalDealer", "apiPort",
                "apiToken", "apiClients", "stateDir", "policy", "maxHeap", "jobMemory", "listen", "apiBind", "datasets");
        Path dir = dirOf(file);
        Path consortiumFile = dir.resolve(root.string("consortium"));
        if (!Files.isRegularFile(consortiumFile)) {
            throw root.error("consortium", "\"" + root.string("consortium") + "\" (no such file: " + consortiumFile + ")",
                    "the path of the consortium file, relative to " + dir);
        }
        ConsortiumConfig consortium = consortium(consortiumFile);
        String identity = root.string("identity");
        NodeAddress self = consortium.nodeNamed(identity);
        if (self == null) {
            List<String> known = new ArrayList<>();
            consortium.parties().forEach(p -> known.add(p.name()));
            if (consortium.hasDealer()) {
                known.add(consortium.dealer().name());
            }
            throw root.error("identity", "\"" + identity + "\"", "one of the consortium's members: " + String.join(", ", known));
        }
        Path key = existingFile(root, "key", dir);
        Path cert = existingFile(root, "certificate", dir);
        Path data = dir.resolve(root.string("dataDir", "."));
        boolean insecure = root.bool("allowInsecureLocalDealer", false);
        int apiPort = root.integer("apiPort", 0, 65535, 0);
        if (root.has("apiToken")) {
            throw root.error("apiToken", "an inline bearer token", "no token in the node file: list API clients with hashed "
                    + "tokens in an apiClients file (apiClients: clients.yaml; see the README, 'API clients')");
        }
        Path clients = root.has("apiClients") ? existingFile(root, "apiClients", dir) : null;
        if (apiPort > 0 && clients == null) {
            throw root.error("apiClients", "nothing", "the file of API clients when apiPort is set (see the README, 'API clients')");
        }
        Path state = dir.resolve(root.string("stateDir", "state-" + identity));
        Path policy = root.has("policy") ? existingFile(root, "policy", dir) : null;
        String heap = root.has("maxHeap") ? root.string("maxHeap") : null;
        if (heap != null && !heap.matches("[1-9][0-9]{0,5}[mMgG]")) {
            throw root.error("maxHeap", "\"" + heap + "\"", "a heap size such as 512m or 2g");
        }
        long jobMemory = NodeConfig.DEFAULT_JOB_MEMORY_BYTES;
        if (root.has("jobMemory")) {
            String m = root.string("jobMemory");
            if (!m.matches("[1-9][0-9]{0,5}[mMgG]")) {
                throw root.error("jobMemory", "\"" + m + "\"", "a size such as 256m or 2g");
            }
            long n = Long.parseLong(m.substring(0, m.length() - 1));
            jobMemory = Character.toLowerCase(m.charAt(m.length() - 1)) == 'g' ? n << 30 : n << 20;
        }
        String listen = root.has("listen") ? bindAddress(root, "listen") : null;
        String apiBind = root.has("apiBind") ? bindAddress(root, "apiBind") : null;
        if (apiBind != null && apiPort == 0) {
            throw root.error("apiBind", "\"" + apiBind + "\" without apiPort", "apiPort as well (or no apiBind)");
        }
        java.util.Map<String, DatasetSpec> datasets = DatasetsLoader.load(root, dir, data);
        return new NodeConfig(file, consortium, self, key, cert, data, insecure, apiPort, clients, state, policy, heap,
                jobMemory, listen, apiBind, datasets);
    }

    /** A local bind address: an IP literal (0.0.0.0 or :: for every interface) or a host name of this machine. */
    private static String bindAddress(YamlNode root, String field) {
        String v = root.string(field);
        if (!v.matches("[A-Za-z0-9.:\\-]{1,253}")) {
            throw root.error(field, "\"" + v + "\"", "an IP address of this machine (0.0.0.0 for every interface) or its host name");
        }
        return v;
    }

    private static NodeAddress address(YamlNode n, int id, Path dir, Set<String> names, Set<String> endpoints) {
        String name = name(n, "name");
        if (!names.add(name)) {
            throw n.error("name", "\"" + name + "\" a second time", "a name no other member uses");
        }
        String host = n.string("host");
        int port = n.integer("port", 1, 65535);
        if (!endpoints.add(host + ":" + port)) {
            throw n.error("port", host + ":" + port + " a second time", "an address no other member listens on");
        }
        Path cert = n.has("certificate") ? existingFile(n, "certificate", dir) : null;
        return new NodeAddress(id, name, host, port, cert);
    }

    private static String name(YamlNode n, String key) {
        String s = n.string(key);
        if (!NAME.matcher(s).matches()) {
            throw n.error(key, "\"" + s + "\"", "letters, digits, '.', '_' or '-' (at most 63, starting with a letter or digit)");
        }
        return s;
    }

    private static Path existingFile(YamlNode n, String key, Path dir) {
        String s = n.string(key);
        Path p = dir.resolve(s);
        if (!Files.isRegularFile(p)) {
            throw n.error(key, "\"" + s + "\" (no such file: " + p + ")", "an existing file, relative to " + dir);
        }
        return p;
    }

    private static Path dirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

}
