package org.consortia.mpc.node.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.node.analysis.AnalysisParser;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.FactsTracer;
import org.consortia.mpc.node.analysis.SpecLimits;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.ProgramBuilder;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.sql.SqlCatalog;
import org.consortia.mpc.programs.sql.SqlCompiler;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy rules against facts: own rows, exact model names, the load generator, and files that cannot loosen them. */
class PolicyTest {
    private static Policy load(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, yaml);
        return Policy.load(f);
    }

    private static Facts regression(long ownRows, long totalRows) {
        return new Facts(List.of(new Facts.Read(0, "cohort", Facts.Kind.TABLE, totalRows - ownRows),
                new Facts.Read(1, "cohort", Facts.Kind.TABLE, ownRows)),
                List.of(new Facts.Reveal(Facts.Purpose.RESULT, "result", List.of(0), 4, totalRows)));
    }

    @Test
    void minRowsCountsThisMembersOwnRowsNotOnlyTheTotal(@TempDir Path dir) throws Exception {
        Policy p = load(dir, "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: cohort, minRows: 100}\n");
        assertNull(p.check("linear-regression", regression(200, 5200), 1, i -> "org-" + i, 0));
        assertEquals("rule 'datasets[cohort].minRows' is not met by the rows behind a revealed value",
                p.check("linear-regression", regression(1, 5001), 1, i -> "org-" + i, 0), "[5000, 1] rows");
    }

    /**
     * A regression over the rows members have in common, joined inside the computation: its traced facts say a secret
     * linkage (one bit to every member, whether at least minMatched rows are common), which a dataset's linkage rule
     * allows or refuses by name; minRows holds against minMatched, the rows guaranteed behind the fit.
     */
    @Test
    void aSecretLinkageIsAllowedOrRefusedByTheDatasetsLinkageRule(@TempDir Path dir) throws Exception {
        var spec = new JobSpec("linear-regression", java.util.Map.of("dataset", "cohort",
                "partition", "columns", "key", "id", "linkage", "intersect", "rows", "300,200", "columns", "2,1", "target", "y",
                "minMatched", "50"));
        var job = AnalysisParser.parse(spec, 2, SpecLimits.DEFAULT);
        Facts facts = FactsTracer.trace(job, 2,
                new FixedPoint(16)).facts();
        assertTrue(facts.linksSecretly());
        assertEquals(List.of(Facts.Purpose.LINKAGE, Facts.Purpose.RESULT), facts.reveals().stream().map(Facts.Reveal::purpose).toList(),
                "one bit of linkage to every member, then the fit: no membership");
        String head = "analyses: any\nresultRecipients: any\ndatasets:\n";
        assertNull(load(dir, head + "  - {name: cohort, minRows: 50}\n").check("linear-regression", facts, 1, i -> "org-" + i, 0));
        assertNull(load(dir, head + "  - {name: cohort, linkage: [secret]}\n").check("linear-regression", facts, 1, i -> "org-" + i, 0));
        assertEquals("rule 'datasets[cohort].linkage' does not allow secret", load(dir, head + "  - {name: cohort, linkage: "
                + "[intersection, cardinality]}\n").check("linear-regression", facts, 1, i -> "org-" + i, 0));
        assertEquals("rule 'datasets[cohort].minRows' is not met by the rows behind a revealed value",
                load(dir, head + "  - {name: cohort, minRows: 51}\n").check("linear-regression", facts, 1, i -> "org-" + i, 0));
    }

    /**
     * A gbdt job reveals its whole model (every split) to its recipient unless its splits are held by their features'
     * members: a dataset rule {@code treeSplits: holder} refuses the first and takes the second, naming the rule.
     */
    @Test
    void treeSplitsHolderTakesOnlyHeldSplits(@TempDir Path dir) throws Exception {
        String head = "analyses: any\nresultRecipients: any\ndatasets:\n";
        Policy strict = load(dir, head + "  - {name: accounts, treeSplits: holder}\n");
        for (String splits : new String[] {"reveal", "holder"}) {
            var spec = new JobSpec("gbdt", java.util.Map.of("dataset", "accounts", "key", "id",
                    "rows", "500", "columns", "3,2", "target", "y", "trees", "2", "depth", "2", "splits", splits));
            var job = AnalysisParser.parse(spec, 2, SpecLimits.DEFAULT);
            Facts facts = FactsTracer.trace(job, 2,
                    new FixedPoint(16)).facts();
            String verdict = strict.check("gbdt", facts, 1, i -> "org-" + i, 0);
            if (splits.equals("holder")) {
                assertNull(verdict, "held splits under treeSplits: holder");
            } else {
                assertEquals("rule 'datasets[accounts].treeSplits' requires splits: holder (each split known to its feature's "
                        + "member only)", verdict);
            }
            assertNull(load(dir, head + "  - {name: accounts}\n").check("gbdt", facts, 1, i -> "org-" + i, 0), splits);
        }
        var bad = assertThrows(RuntimeException.class, () -> load(dir, head + "  - {name: accounts, treeSplits: secret}\n"));
        assertTrue(bad.getMessage().contains("treeSplits"), bad.getMessage());
    }

    /** A link job's mode as the rule names it: cardinality (only the leader can tell its own rows) or intersection. */
    @Test
    void aLinkJobIsCardinalityOrIntersectionAsItsRevealsSay(@TempDir Path dir) throws Exception {
        String head = "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: cohort, linkage: [cardinality]}\n";
        Policy p = load(dir, head);
        for (String mode : new String[] {"cardinality", "intersection"}) {
            var spec = new JobSpec("link", java.util.Map.of("dataset", "cohort", "key", "id",
                    "rows", "300,200", "as", "linked", "reveal", mode));
            var job = AnalysisParser.parse(spec, 2, SpecLimits.DEFAULT);
            Facts facts = FactsTracer.trace(job, 2,
                    new FixedPoint(16)).facts();
            String verdict = p.check("link", facts, 1, i -> "org-" + i, 0);
            if (mode.equals("cardinality")) {
                assertNull(verdict, "a cardinality link under linkage: [cardinality]");
            } else {
                assertEquals("rule 'datasets[cohort].linkage' does not allow intersection", verdict);
            }
        }
    }

    @Test
    void aModelIsExposedOnlyUnderItsOnnxName(@TempDir Path dir) throws Exception {
        Policy p = load(dir, "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: cohort}\n  - {name: lenet.onnx}\n");
        assertNull(p.exposes("lenet.onnx", Facts.Kind.MODEL, "inference"));
        assertNull(p.exposes("lenet", Facts.Kind.MODEL, "inference"));
        assertEquals("rule 'datasets' does not expose 'cohort'", p.exposes("cohort", Facts.Kind.MODEL, "inference"));
        assertEquals("rule 'datasets' does not expose 'cohort.onnx'", p.exposes("cohort.onnx", Facts.Kind.TABLE, "x"));
        assertNull(p.exposes("cohort.csv", Facts.Kind.TABLE, "x"));
    }

    @Test
    void theLoadGeneratorIsOffUnlessEnabled(@TempDir Path dir) throws Exception {
        assertEquals("rule 'loadGenerator' is off", Policy.permissive().precheck("matmul-loop", 0));
        assertNull(load(dir, "analyses: any\nloadGenerator: true\n").precheck("matmul-loop", 0));
    }

    @Test
    void typosAndRepeatedKeysCannotLoosenAPolicy(@TempDir Path dir) {
        var typo = assertThrows(ConfigException.class, () -> load(dir, "datasets:\n  - {name: vec, minrows: 100}\n"));
        assertTrue(typo.getMessage().contains("datasets[0].minrows: found an unknown key"), typo.getMessage());
        var twice = assertThrows(ConfigException.class, () -> load(dir, "resultRecipients: [org-0]\nresultRecipients: any\n"));
        assertTrue(twice.getMessage().contains("duplicate key"), twice.getMessage());
        var rule = assertThrows(ConfigException.class, () -> load(dir,
                "datasets:\n  - {name: vec, minRows: 100}\n  - {name: vec, minRows: 1}\n"));
        assertTrue(rule.getMessage().contains("datasets[1].name: found \"vec\" a second time"), rule.getMessage());
    }

    @Test
    void theOfflineRuleNamesWhatItAllows(@TempDir Path dir) throws Exception {
        OfflineMode dealerConsortium = OfflineMode.DEALER;
        assertNull(Policy.permissive().allowsOffline(OfflineMode.DEALER, dealerConsortium));
        assertNull(Policy.permissive().allowsOffline(OfflineMode.OT, dealerConsortium), "a stronger mode than the consortium's");
        Policy otOnly = load(dir, "offline: [ot]\n");
        assertNull(otOnly.allowsOffline(OfflineMode.OT, dealerConsortium));
        assertEquals("rule 'offline' does not allow dealer (allowed: [ot])",
                otOnly.allowsOffline(OfflineMode.DEALER, dealerConsortium));
        assertNull(load(dir, "offline: any\n").allowsOffline(OfflineMode.DEALER, dealerConsortium));
        var e = assertThrows(ConfigException.class,
                () -> load(dir, "offline: [tee]\n"));
        assertTrue(e.getMessage().contains("offline: found \"tee\", expected a list of dealer and ot, or any"), e.getMessage());
    }

    /** {@code security: malicious} takes only jobs secure against a deviating member; {@code any} (the default) all. */
    @Test
    void theSecurityRuleRequiresMalicious(@TempDir Path dir) throws Exception {
        var semi = SecurityMode.SEMI_HONEST;
        var mal = SecurityMode.MALICIOUS;
        assertNull(Policy.permissive().allowsSecurity(semi));
        assertNull(load(dir, "security: any\n").allowsSecurity(semi));
        Policy strict = load(dir, "security: malicious\n");
        assertNull(strict.allowsSecurity(mal));
        assertEquals("rule 'security' requires malicious; the job runs semi-honest", strict.allowsSecurity(semi));
        var e = assertThrows(ConfigException.class, () -> load(dir, "security: semi-honest\n"));
        assertTrue(e.getMessage().contains("security: found \"semi-honest\", expected malicious"), e.getMessage());
    }

    /**
     * The consortium's mode is a floor: where it makes its correlated randomness by OT, a job asking for the dealer is
     * refused by a member without an offline rule (the permissive default too) or with {@code any}, naming the rule,
     * and taken only by one whose rule lists dealer; OT jobs are taken as before.
     */
    @Test
    void aJobMayNotAskForAWeakerModeThanTheConsortiumsUnlessTheRuleListsIt(@TempDir Path dir) throws Exception {
        OfflineMode otConsortium = OfflineMode.OT;
        String floor = "rule 'offline': this consortium makes its correlated randomness by OT; the job asks for the dealer "
                + "(taken only where the offline rule lists dealer)";
        assertEquals(floor, Policy.permissive().allowsOffline(OfflineMode.DEALER, otConsortium));
        assertEquals(floor, load(dir, "analyses: any\n").allowsOffline(OfflineMode.DEALER, otConsortium), "no offline rule");
        assertEquals(floor, load(dir, "offline: any\n").allowsOffline(OfflineMode.DEALER, otConsortium));
        assertEquals("rule 'offline' does not allow dealer (allowed: [ot])",
                load(dir, "offline: [ot]\n").allowsOffline(OfflineMode.DEALER, otConsortium));
        assertNull(load(dir, "offline: [dealer, ot]\n").allowsOffline(OfflineMode.DEALER, otConsortium));
        assertNull(load(dir, "offline: [dealer]\n").allowsOffline(OfflineMode.DEALER, otConsortium));
        assertNull(Policy.permissive().allowsOffline(OfflineMode.OT, otConsortium));
        assertNull(load(dir, "offline: any\n").allowsOffline(OfflineMode.OT, otConsortium));
    }

    /**
     * programs.maxBytes bounds the program's bytes as its job's session sends them: a program of comparisons whose cost
     * with the dealer's codes is within the limit and whose bit-by-bit cost (offline: ot) is not passes for a dealer job
     * and is refused for a dealer-free one, naming the rule.
     */
    @Test
    void programBytesAreCheckedForTheJobsOfflineMode(@TempDir Path dir) throws Exception {
        var b = new ProgramBuilder();
        var x = b.concat(List.of(b.input(0, "d", List.of("a"), 500, null), b.input(1, "d", List.of("a"), 500, null)), 0);
        b.reveal(b.relu(x).sum(0), List.of(), "s");
        var program = b.build(new Context(List.of("org-0", "org-1"), 16, ProgramLimits.DEFAULT));
        long dealer = program.bytesPerParty(true);
        long without = program.bytesPerParty(false);
        assertTrue(without > dealer, "bit by bit " + without + " vs codes " + dealer);
        Policy p = load(dir, "analyses: any\nresultRecipients: any\nprograms: {maxBytes: " + (dealer + without) / 2 + "}\n");
        java.util.function.IntFunction<String> names = i -> "org-" + i;
        assertNull(p.checkProgram(program, 0, names, false, true));
        assertTrue(p.checkProgram(program, 0, names, false, false).contains("rule 'programs.maxBytes'"));
    }

    /** Column rules: each refuses the use it forbids, naming the rule and the clause; a program may not read a ruled column. */
    @Test
    void columnRulesRefuseTheUsesTheyForbid(@TempDir Path dir) throws Exception {
        Policy p = load(dir, "analyses: any\nresultRecipients: any\ndatasets:\n  - name: customers\n    analyses: [query, program]\n"
                + "    columnRules: {id: join-key, age: filter-only, region: group-key, income: {aggregate-only: 5}, ssn: never,"
                + " notes: {plaintext-to: [org-0]}}\n");
        var catalog = SqlCatalog.parse(java.util.Map.of("customers", java.util.Map.of("member",
                "org-0", "dataset", "customers", "rows", 100L, "columns", java.util.Map.of("id", "number", "age", "number",
                        "region", List.of("n", "s"), "income", "number", "ssn", "number", "notes", "number"))));
        java.util.function.IntFunction<String> names = i -> "org-" + i;
        List<String> members = List.of("org-0", "org-1");
        java.util.function.BiFunction<String, Integer, String> check = (sql, minGroup) -> p.checkQuery(
                SqlCompiler.compile(sql, catalog,
                        new SqlCompiler.Options(List.of("org-0"), minGroup)), 0, names, members);
        assertNull(check.apply("SELECT region, AVG(income) FROM customers WHERE age > 40 GROUP BY region", 5));
        assertTrue(check.apply("SELECT AVG(income) FROM customers", 4).contains("columnRules.income: {aggregate-only: 5}' needs"));
        assertTrue(check.apply("SELECT MAX(income) FROM customers", 5).contains("as extremum in SELECT MAX(income)"));
        assertTrue(check.apply("SELECT SUM(age) FROM customers", 5).contains("columnRules.age: filter-only' does not allow"));
        assertTrue(check.apply("SELECT COUNT(*) FROM customers WHERE id <> 7", 5).contains("columnRules.id: join-key"));
        assertTrue(check.apply("SELECT COUNT(*) FROM customers WHERE ssn > 0", 5).contains("columnRules.ssn: never"));
        assertTrue(check.apply("SELECT COUNT(region) FROM customers", 5).contains("columnRules.region: group-key"));
        assertNull(check.apply("SELECT SUM(notes) FROM customers", 5), "plaintext-to org-0, the query's recipient");
        assertTrue(p.checkQuery(SqlCompiler.compile("SELECT SUM(notes) FROM customers", catalog,
                new SqlCompiler.Options(List.of(), 1)), 0, names, members)
                .contains("allows results only to [org-0]"));
        var b = new ProgramBuilder();
        b.reveal(b.input(0, "customers", List.of("age"), 100, null).sum(0), List.of(), "s");
        var program = b.build(new Context(members, 16, ProgramLimits.DEFAULT));
        assertTrue(p.checkProgram(program, 0, names, false).contains("allows the column only in joint queries"));
    }
}
