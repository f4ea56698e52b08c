package org.consortia.mpc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            # a three-party consortium
            name: demo
            ca: ca.crt
            parties:
              - {id: 0, name: hospital-a, host: 127.0.0.1, port: 7101, certificate: a.crt}
              - {id: 1, name: hospital-b, host: 127.0.0.1, port: 7102}
              - {id: 2, name: insurer-c, host: 127.0.0.1, port: 7103}
            dealer: {name: dealer, host: 127.0.0.1, port: 7100}
            protocol: {fractionalBits: 20}
            timeouts: {connect: 5s, round: 1500ms, idle: 1m}
            """;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "x");
        Files.writeString(dir.resolve("a.crt"), "x");
        Files.writeString(dir.resolve("a.key"), "x");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private ConfigException fails(String text) throws IOException {
        Path f = write("c.yaml", text);
        return assertThrows(ConfigException.class, () -> ConfigLoader.consortium(f));
    }

    @Test
    void readsAValidConsortiumAndNode() throws IOException {
        ConsortiumConfig c = ConfigLoader.consortium(write("consortium.yaml", GOOD));
        assertEquals(3, c.partyCount());
        assertEquals("insurer-c", c.node(2).name());
        assertEquals(3, c.dealer().id());
        assertEquals(20, c.protocol().fractionalBits());
        assertEquals(Duration.ofMillis(1500), c.timeouts().round());
        assertEquals(Duration.ofMinutes(1), c.timeouts().idle());
        assertEquals(dir.resolve("a.crt"), c.node(0).certificate());
        NodeConfig n = ConfigLoader.node(write("node.yaml", """
                consortium: consortium.yaml
                identity: hospital-a
                key: a.key
                certificate: a.crt
                """));
        assertEquals(0, n.self().id());
        assertEquals(false, n.isDealer());
        assertEquals(false, n.allowInsecureLocalDealer());
        assertEquals(n.self().host(), n.listen(), "by default a node binds the address it is advertised at");
        assertEquals("127.0.0.1", n.apiBind(), "the API binds loopback by default");
    }

    /** revoked: quoted hexadecimal serials (colons allowed); anything else names the field. */
    @Test
    void revokedSerialsAreReadAndChecked() throws IOException {
        Path f = write("consortium.yaml", GOOD + "revoked: [\"1f2e3d\", \"0A:0B\"]\n");
        assertEquals(java.util.Set.of(new java.math.BigInteger("1f2e3d", 16), new java.math.BigInteger("0a0b", 16)),
                ConfigLoader.consortium(f).revokedSerials());
        Path bad = write("bad.yaml", GOOD + "revoked: [\"xyz\"]\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.consortium(bad));
        assertEquals(bad + ": revoked: found \"xyz\", expected a hexadecimal serial number (as 'mpc-node ca sign' prints it)",
                e.getMessage());
    }

    /** listen (the peer transport's bind address) apart from the advertised host; the API's bind address. */
    @Test
    void listenAndApiBindAreTheNodesOwn() throws IOException {
        write("consortium.yaml", GOOD);
        Files.writeString(dir.resolve("clients.yaml"), "clients: []\n");
        NodeConfig n = ConfigLoader.node(write("node.yaml", """
                consortium: consortium.yaml
                identity: hospital-a
                key: a.key
                certificate: a.crt
                listen: 0.0.0.0
                apiPort: 8101
                apiBind: 10.1.2.3
                apiClients: clients.yaml
                """));
        assertEquals("0.0.0.0", n.listen());
        assertEquals("10.1.2.3", n.apiBind());
        Path bad = write("bad.yaml", "consortium: consortium.yaml\nidentity: hospital-a\nkey: a.key\ncertificate: a.crt\n"
                + "listen: \"every where\"\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.node(bad));
        assertEquals(bad + ": listen: found \"every where\", expected an IP address of this machine (0.0.0.0 for every "
                + "interface) or its host name", e.getMessage());
        Path noPort = write("noport.yaml", "consortium: consortium.yaml\nidentity: hospital-a\nkey: a.key\ncertificate: a.crt\n"
                + "apiBind: 0.0.0.0\n");
        var e2 = assertThrows(ConfigException.class, () -> ConfigLoader.node(noPort));
        assertTrue(e2.getMessage().contains("apiBind"), e2.getMessage());
    }

    /** datasets: names mapped to CSV, Parquet and JDBC sources with typed columns; errors name file, field and fix. */
    @Test
    void datasetsMapNamesToSourcesAndColumns() throws IOException {
        write("consortium.yaml", GOOD);
        Files.writeString(dir.resolve("pg.pw"), "pw\n");
        String head = "consortium: consortium.yaml\nidentity: hospital-a\nkey: a.key\ncertificate: a.crt\ndataDir: data\n";
        NodeConfig n = ConfigLoader.node(write("node.yaml", head + """
                datasets:
                  customers:
                    source: jdbc
                    url: jdbc:postgresql://127.0.0.1:5432/bank
                    table: crm.customers
                    user: reader
                    passwordFile: pg.pw
                    columns: {id: string, age: number, region: [north, south], opened: date, active: boolean}
                  claims: {source: parquet, path: "lake/*.parquet", columns: {id: string, amount: number}}
                  visits: {source: csv, path: visits.csv, delimiter: ";", badRows: skip, maxString: 64, columns: {v: number}}
                """));
        DatasetSpec c = n.datasets().get("customers");
        assertEquals(DatasetSpec.Source.JDBC, c.source());
        assertEquals("crm.customers", c.table());
        assertEquals(dir.resolve("pg.pw"), c.passwordFile());
        assertEquals(java.util.List.of("north", "south"), c.column("region").labels());
        assertEquals(DatasetSpec.Type.DATE, c.column("opened").type());
        assertEquals("DatasetSpec[customers, jdbc, 5 columns]", c.toString(), "never a URL, a path or a credential");
        assertEquals(dir.resolve("data/lake/*.parquet").toString(), n.datasets().get("claims").location());
        DatasetSpec v = n.datasets().get("visits");
        assertEquals(';', v.delimiter());
        assertEquals(DatasetSpec.BadRows.SKIP, v.badRows());
        assertEquals(64, v.maxString());
        String[][] bad = {
            {"x: {source: excel, path: a, columns: {a: number}}", "datasets.x.source: found \"excel\", expected csv, parquet or jdbc"},
            {"x: {source: csv, path: a, columns: {a: text}}", "datasets.x.columns.a: found \"text\", expected number, string, "
                + "date, boolean, or a category's labels as a list"},
            {"x: {source: jdbc, url: \"jdbc:postgresql://h/db?password=p\", table: t, columns: {a: number}}",
                "datasets.x.url: found a password in the URL, expected the password in passwordFile or passwordEnv"},
            {"x: {source: jdbc, url: \"jdbc:postgresql://h/db\", table: \"t; drop table t\", columns: {a: number}}",
                "datasets.x.table: found \"t; drop table t\", expected a table or view name: name or schema.name (letters, digits, '_')"},
            {"x: {source: csv, path: a.csv, table: t, columns: {a: number}}",
                "datasets.x.table: found a key a csv source does not use, expected path"},
            {"x: {source: csv, path: a.csv, columns: {a: [p, p]}}",
                "datasets.x.columns.a: found a list of 2 labels, expected a category's labels: 1 to 65536 distinct strings"},
        };
        for (String[] b : bad) {
            Path f = write("bad.yaml", head + "datasets:\n  " + b[0] + "\n");
            var e = assertThrows(ConfigException.class, () -> ConfigLoader.node(f));
            assertEquals(f + ": " + b[1], e.getMessage());
        }
    }

    @Test
    void missingKeyWrongTypeAndUnknownKeyNameTheField() throws IOException {
        Path f = dir.resolve("c.yaml");
        var e = fails(GOOD.replace("name: demo\n", ""));
        assertEquals(f + ": name: found nothing (the key is missing), expected a non-empty string", e.getMessage());
        e = fails(GOOD.replace("port: 7102", "port: seven"));
        assertEquals(f + ": parties[1].port: found \"seven\", expected an integer in 1..65535", e.getMessage());
        e = fails(GOOD.replace("protocol: {fractionalBits: 20}", "protocol: {fractionalbits: 20}"));
        assertEquals(f + ": protocol.fractionalbits: found an unknown key, expected one of fractionalBits, offline, comparisons, "
                + "security",
                e.getMessage());
        e = fails(GOOD.replace("round: 1500ms", "round: 1500"));
        assertEquals(f + ": timeouts.round: found 1500, expected a positive duration such as 500ms, 30s, 5m, 1h or 30d",
                e.getMessage());
    }

    @Test
    void offlineModeAndAConsortiumWithoutADealer() throws IOException {
        Path f = dir.resolve("c.yaml");
        assertEquals(OfflineMode.DEALER, ConfigLoader.consortium(write("c.yaml", GOOD)).protocol().offline());
        String noDealer = GOOD.replace("dealer: {name: dealer, host: 127.0.0.1, port: 7100}\n", "")
                .replace("protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, offline: ot}");
        ConsortiumConfig c = ConfigLoader.consortium(write("c.yaml", noDealer));
        assertEquals(OfflineMode.OT, c.protocol().offline());
        assertFalse(c.hasDealer());
        assertEquals(3, c.nodeCount(), "the parties only");
        assertEquals("insurer-c", c.node(2).name());
        assertThrows(IndexOutOfBoundsException.class, () -> c.node(3));
        ConsortiumConfig both = ConfigLoader.consortium(write("c.yaml", GOOD.replace("protocol: {fractionalBits: 20}",
                "protocol: {fractionalBits: 20, offline: ot}")));
        assertTrue(both.hasDealer(), "OT by default, the dealer for jobs that ask for it");
        assertEquals(4, both.nodeCount());
        var e = fails(GOOD.replace("dealer: {name: dealer, host: 127.0.0.1, port: 7100}\n", ""));
        assertEquals(f + ": dealer: found nothing, expected the dealer node {name, host, port}, or protocol.offline: ot for "
                + "a consortium without one", e.getMessage());
        e = fails(GOOD.replace("protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, offline: tee}"));
        assertTrue(e.getMessage().startsWith(f + ": protocol.offline: found \"tee\", expected dealer"), e.getMessage());
    }

    @Test
    void comparisonModes() throws IOException {
        Path f = dir.resolve("c.yaml");
        assertEquals(ComparisonMode.BOOLEAN, ConfigLoader.consortium(write("c.yaml", GOOD)).protocol().comparisons());
        for (ComparisonMode m : ComparisonMode.values()) {
            assertEquals(m, ConfigLoader.consortium(write("c.yaml", GOOD.replace("protocol: {fractionalBits: 20}",
                    "protocol: {fractionalBits: 20, comparisons: " + m.word() + "}"))).protocol().comparisons());
        }
        var e = fails(GOOD.replace("protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, comparisons: gc}"));
        assertTrue(e.getMessage().startsWith(f + ": protocol.comparisons: found \"gc\", expected boolean"), e.getMessage());
    }

    /**
     * {@code protocol.security}: semi-honest by default, malicious on request; malicious with the dealer-free offline
     * phase is refused in one line naming the field and the fix, as is an unknown word.
     */
    @Test
    void securityModes() throws IOException {
        Path f = dir.resolve("c.yaml");
        assertEquals(SecurityMode.SEMI_HONEST, ConfigLoader.consortium(write("c.yaml", GOOD)).protocol().security());
        assertEquals(SecurityMode.MALICIOUS, ConfigLoader.consortium(write("c.yaml", GOOD.replace(
                "protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, security: malicious}"))).protocol().security());
        var e = fails(GOOD.replace("protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, offline: ot, security: "
                + "malicious}"));
        assertEquals(f + ": protocol.security: found malicious with offline: ot, expected offline: dealer (malicious "
                + "security needs the dealer's authenticated material; a dealer-free malicious mode is not built yet), or "
                + "security: semi-honest", e.getMessage());
        e = fails(GOOD.replace("protocol: {fractionalBits: 20}", "protocol: {fractionalBits: 20, security: covert}"));
        assertTrue(e.getMessage().startsWith(f + ": protocol.security: found \"covert\", expected semi-honest"), e.getMessage());
        assertThrows(ConfigException.class, () -> ProtocolParameters.defaults().withOffline(OfflineMode.OT)
                .withSecurity(SecurityMode.MALICIOUS));
    }

    /** A consortium of n parties, ids 0..n-1 on ports 7101.., and the given protocol line (no dealer). */
    private static String parties(int n, String protocol) {
        StringBuilder c = new StringBuilder("name: big\nca: ca.crt\nparties:\n");
        for (int i = 0; i < n; i++) {
            c.append("  - {id: ").append(i).append(", name: org-").append(i).append(", host: 127.0.0.1, port: ")
                    .append(7101 + i).append("}\n");
        }
        return c.append(protocol).append("\n").toString();
    }

    /**
     * Oblivious transfer links at most OfflineMode.OT_MAX_PARTIES parties: a consortium file with more and offline: ot
     * is refused when it is loaded (today the cap on every consortium, the same 16, refuses it first; the OT check
     * keeps it refused if that cap rises), naming the file and the limit; 16 parties load.
     */
    @Test
    void obliviousTransferForMoreThanSixteenPartiesIsRefusedAtLoad() throws IOException {
        Path f = dir.resolve("c.yaml");
        ConsortiumConfig sixteen = ConfigLoader.consortium(write("c.yaml", parties(OfflineMode.OT_MAX_PARTIES,
                "protocol: {offline: ot}")));
        assertEquals(16, sixteen.partyCount());
        assertEquals(OfflineMode.OT, sixteen.protocol().offline());
        var e = fails(parties(OfflineMode.OT_MAX_PARTIES + 1, "protocol: {offline: ot}"));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("at most 16 parties") || e.getMessage().contains("2 to 16 parties"), e.getMessage());
    }

    @Test
    void duplicatesOrderAndFilesAreChecked() throws IOException {
        Path f = dir.resolve("c.yaml");
        var e = fails(GOOD.replace("name: insurer-c", "name: hospital-b"));
        assertEquals(f + ": parties[2].name: found \"hospital-b\" a second time, expected a name no other member uses",
                e.getMessage());
        e = fails(GOOD.replace("{id: 1,", "{id: 2,"));
        assertEquals(f + ": parties[1].id: found 2, expected 1 (parties are listed in id order 0, 1, 2, ...)", e.getMessage());
        e = fails(GOOD.replace("ca: ca.crt", "ca: missing.crt"));
        assertTrue(e.getMessage().startsWith(f + ": ca: found \"missing.crt\" (no such file: "), e.getMessage());
        e = fails(GOOD.replace("port: 7103", "port: 7102"));
        assertEquals(f + ": parties[2].port: found 127.0.0.1:7102 a second time, expected an address no other member listens on",
                e.getMessage());
        e = fails("name: [unclosed");
        assertTrue(e.getMessage().startsWith(f + ": (line 1, column "), e.getMessage());
    }

    @Test
    void unknownIdentityListsTheMembers() throws IOException {
        write("consortium.yaml", GOOD);
        Path n = write("node.yaml", "consortium: consortium.yaml\nidentity: bank-x\nkey: a.key\ncertificate: a.crt\n");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.node(n));
        assertEquals(n + ": identity: found \"bank-x\", expected one of the consortium's members: hospital-a, hospital-b, "
                + "insurer-c, dealer", e.getMessage());
    }
}
