package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** What the checker derives from a program's graph, and what it refuses, before anything runs. */
class ProgramCheckTest {
    static final Context CTX = new Context(List.of("bank", "insurer", "clinic"), 16, ProgramLimits.DEFAULT);

    static CheckedProgram check(String json) {
        return Checker.check(Program.parse(json, CTX.limits()), CTX);
    }

    static String program(String... nodes) {
        return "{\"format\":\"mpc-program\",\"version\":1,\"nodes\":[" + String.join(",", nodes) + "]}";
    }

    static final String X = "{\"id\":\"x\",\"op\":\"input\",\"member\":\"bank\",\"dataset\":\"loans\",\"columns\":[\"age\",\"income\"],\"rows\":500}";
    static final String Y = "{\"id\":\"y\",\"op\":\"input\",\"member\":1,\"dataset\":\"claims\",\"columns\":[\"amount\"],\"rows\":500}";

    @Test
    void rowsBehindFollowTheGraph() {
        CheckedProgram p = check(program(X, Y,
                "{\"id\":\"xy\",\"op\":\"concat\",\"args\":[\"x\",\"y\"],\"axis\":1}",
                "{\"id\":\"g\",\"op\":\"matmul\",\"args\":[\"xt\",\"xy\"]}".replace("xt", "t"),
                "{\"id\":\"m\",\"op\":\"mean\",\"args\":[\"xy\"],\"axis\":0}",
                "{\"id\":\"r1\",\"op\":\"reveal\",\"args\":[\"m\"],\"to\":[\"bank\"],\"label\":\"means\"}",
                "{\"id\":\"r2\",\"op\":\"reveal\",\"args\":[\"xy\"],\"label\":\"rows\"}",
                "{\"id\":\"r3\",\"op\":\"reveal\",\"args\":[\"g\"],\"label\":\"gram\"}").replace(
                "{\"id\":\"g\"", "{\"id\":\"t\",\"op\":\"transpose\",\"args\":[\"xy\"]},{\"id\":\"g\""));
        assertEquals(3, p.reveals().size());
        RevealFact means = p.reveals().get(0);
        assertEquals(500, means.rowsBehind());
        assertEquals(List.of(0), means.recipients());
        assertEquals(Set.of(new Source(0, "loans"), new Source(1, "claims")), means.raw());
        assertEquals(1, p.reveals().get(1).rowsBehind(), "a per-row value has one row behind each element");
        assertEquals(List.of(0, 1, 2), p.reveals().get(1).recipients());
        assertEquals(500, p.reveals().get(2).rowsBehind(), "X.T X aggregates the rows");
        assertEquals(2, p.reads().size());
        assertTrue(p.cost().rounds() > 0);
    }

    @Test
    void dpReleasesMoveSourcesToDp() {
        CheckedProgram p = check(program(X,
                "{\"id\":\"d\",\"op\":\"dp_mean\",\"args\":[\"x\"],\"lower\":0,\"upper\":100,\"epsilon\":0.5,\"delta\":1e-6}",
                "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"dp\"}"));
        RevealFact r = p.reveals().get(0);
        assertEquals(Set.of(), r.raw());
        assertEquals(Set.of(new Source(0, "loans")), r.dp());
        assertEquals(0.5, p.epsilon(), 1e-12);
        assertEquals(1e-6, p.delta(), 1e-18);
    }

    /** Structural tricks that would make one row look like many are counted as the rows they are. */
    @Test
    void oneRowStaysOneRow() {
        Source loans = new Source(0, "loans");
        Source claims = new Source(1, "claims");
        String row = "{\"id\":\"r\",\"op\":\"slice\",\"args\":[\"x\"],\"starts\":[7,0],\"stops\":[8,2]}";
        String zeros = "{\"id\":\"z\",\"op\":\"constant\",\"shape\":[1000,2],\"values\":" + java.util.Collections.nCopies(2000, 0)
                + "}";
        // a row stretched by broadcasting against 1000 constant rows, then summed
        CheckedProgram stretched = check(program(X, row, zeros, "{\"id\":\"s\",\"op\":\"add\",\"args\":[\"r\",\"z\"]}",
                "{\"id\":\"t\",\"op\":\"sum\",\"args\":[\"s\"],\"axis\":0}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"t\"],\"label\":\"t\"}"));
        assertEquals(1, stretched.reveals().get(0).rowsBehind(loans));
        // a row padded with 999 constant rows
        String pad = "{\"id\":\"z\",\"op\":\"constant\",\"shape\":[999,2],\"values\":" + java.util.Collections.nCopies(1998, 0) + "}";
        CheckedProgram padded = check(program(X, row, pad, "{\"id\":\"c\",\"op\":\"concat\",\"args\":[\"r\",\"z\"],\"axis\":0}",
                "{\"id\":\"t\",\"op\":\"sum\",\"args\":[\"c\"],\"axis\":0}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"t\"],\"label\":\"t\"}"));
        assertEquals(1, padded.reveals().get(0).rowsBehind(loans));
        // one member's row among another member's rows: counted per dataset
        String y2 = Y.replace("[\"amount\"]", "[\"amount\",\"region\"]");
        CheckedProgram mixed = check(program(X, y2, row, "{\"id\":\"c\",\"op\":\"concat\",\"args\":[\"r\",\"y\"],\"axis\":0}",
                "{\"id\":\"t\",\"op\":\"sum\",\"args\":[\"c\"],\"axis\":0}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"t\"],\"label\":\"t\"}"));
        assertEquals(1, mixed.reveals().get(0).rowsBehind(loans));
        assertEquals(500, mixed.reveals().get(0).rowsBehind(claims));
        // a public one-hot weight picks a row
        String hot = "{\"id\":\"h\",\"op\":\"constant\",\"shape\":[500,1],\"values\":" + java.util.Collections.nCopies(500, 0)
                + "}";
        CheckedProgram picked = check(program(X, hot, "{\"id\":\"m\",\"op\":\"mul\",\"args\":[\"x\",\"h\"]}",
                "{\"id\":\"t\",\"op\":\"sum\",\"args\":[\"m\"],\"axis\":0}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"t\"],\"label\":\"t\"}"));
        assertEquals(1, picked.reveals().get(0).rowsBehind(loans));
        // one member's row stretched over another member's rows: no DP release on it (the row would count 500 times)
        refused(program(X, y2, row, "{\"id\":\"s\",\"op\":\"add\",\"args\":[\"r\",\"y\"]}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"s\"],\"lower\":0,\"upper\":1,\"epsilon\":1,\"delta\":1e-6}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"d\"}"), "'d' field 'args'", "row-local");
        // two members' rows stacked: each row one member's, a DP release is fine
        check(program(X, y2, "{\"id\":\"c\",\"op\":\"concat\",\"args\":[\"x\",\"y\"],\"axis\":0}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"c\"],\"lower\":0,\"upper\":1,\"epsilon\":1,\"delta\":1e-6}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"d\"}"));
        // the same rows twice, and rows shifted against themselves, are not row-local: no DP release on them
        refused(program(X, "{\"id\":\"c\",\"op\":\"concat\",\"args\":[\"x\",\"x\"],\"axis\":0}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"c\"],\"lower\":0,\"upper\":1,\"epsilon\":1,\"delta\":1e-6}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"d\"}"), "'d' field 'args'", "row-local");
        refused(program(X, "{\"id\":\"a\",\"op\":\"slice\",\"args\":[\"x\"],\"starts\":[0,0],\"stops\":[499,2]}",
                "{\"id\":\"b\",\"op\":\"slice\",\"args\":[\"x\"],\"starts\":[1,0],\"stops\":[500,2]}",
                "{\"id\":\"s\",\"op\":\"add\",\"args\":[\"a\",\"b\"]}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"s\"],\"lower\":0,\"upper\":1,\"epsilon\":1,\"delta\":1e-6}",
                "{\"id\":\"o\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"d\"}"), "'d' field 'args'", "row-local");
    }

    @Test
    void refusalsNameTheNodeAndField() {
        refused(program(X, "{\"id\":\"r\",\"op\":\"frobnicate\",\"args\":[\"x\"]}"), "'r' field 'op'", "unknown op");
        refused(program(X, "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"z\"],\"label\":\"l\"}"), "'r' field 'args'", "earlier");
        refused(program(X, "{\"id\":\"c\",\"op\":\"constant\",\"shape\":[3],\"values\":[1,2,3]}",
                "{\"id\":\"s\",\"op\":\"add\",\"args\":[\"x\",\"c\"]}"), "'s' field 'args'", "do not broadcast");
        refused(program(X, "{\"id\":\"w\",\"op\":\"where\",\"args\":[\"x\",\"x\",\"x\"]}"), "'w' field 'args'", "0/1");
        refused(program(X, "{\"id\":\"m\",\"op\":\"mean\",\"args\":[\"x\"],\"axis\":0}",
                "{\"id\":\"s\",\"op\":\"sub\",\"args\":[\"x\",\"m\"]}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"s\"],\"lower\":0,\"upper\":1,\"epsilon\":1,\"delta\":1e-6}"),
                "'d' field 'args'", "row-local");
        refused(program(X, "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}",
                "{\"id\":\"q\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}"), "'q' field 'label'", "second reveal");
        refused(program(X, "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\",\"colour\":\"red\"}"),
                "'r' field 'colour'", "unknown field");
        refused(program(X.replace("\"bank\"", "\"nobody\""), "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}"),
                "'x' field 'member'", "member of this consortium");
        refused(program(X.replace("loans", "../etc/passwd"), "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}"),
                "'x' field 'dataset'", "never a path");
        refused(program(X.replace("500", "999999999"), "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}"),
                "'x' field 'rows'", "at most");
        refused(program(X, "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"x\"],\"label\":\"a\"}").replace("\"version\":1", "\"version\":2"),
                "(program)' field 'version'", "must be 1");
        refused(program(X, X), "'x' field 'id'", "second node");
        refused(program(X), "(program)' field 'nodes'", "reveals something");
        refused("{\"format\":\"mpc-program\",\"version\":1,\"nodes\":[" + "[".repeat(100) + "]", "(program)", "not valid JSON");
    }

    static void refused(String json, String where, String why) {
        ProgramException e = assertThrows(ProgramException.class, () -> check(json));
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(why), "expected " + where + " / " + why + ", got: "
                + e.getMessage());
    }

    static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9][0-9.e-]*");
    static final java.util.regex.Pattern STRING = java.util.regex.Pattern.compile("\"[a-z_0-9]+\"");
    static final String[] NUMBERS = {"0", "1", "2", "-1", "-3", "3", "500", "1e9", "0.5", "1e-20", "2147483648", "100000"};
    static final String[] NAMES = {"\"x\"", "\"y\"", "\"c\"", "\"s\"", "\"g\"", "\"l\"", "\"w\"", "\"m\"", "\"d\"",
        "\"o1\"", "\"add\"", "\"matmul\"", "\"where\"", "\"reveal\"", "\"input\"", "\"softmax\"", "\"argmax\"",
        "\"concat\"", "\"bank\"", "\"clinic\"", "\"axis\"", "\"rows\"", "\"shape\"", "\"label\"", "\"sqrt\"", "\"mean\""};

    /** 10,000 mutations of valid programs through the parser and checker: a refusal or a checked program, nothing else. */
    @Test
    void fuzzedProgramsAreRefusedOrChecked() {
        long seed = 7_202_612_05L;
        System.out.println("ProgramCheckTest fuzz seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        ProgramLimits small = new ProgramLimits(1 << 16, 200, 100_000, 1_000_000, 1L << 34);
        Context ctx = new Context(CTX.members(), 16, small);
        String base = program(X, Y, "{\"id\":\"c\",\"op\":\"constant\",\"shape\":[2],\"values\":[1.5,-2]}",
                "{\"id\":\"s\",\"op\":\"mul\",\"args\":[\"x\",\"c\"]}",
                "{\"id\":\"t\",\"op\":\"transpose\",\"args\":[\"s\"],\"perm\":[1,0]}",
                "{\"id\":\"g\",\"op\":\"matmul\",\"args\":[\"t\",\"y\"]}",
                "{\"id\":\"l\",\"op\":\"lt\",\"args\":[\"x\",\"c\"]}",
                "{\"id\":\"w\",\"op\":\"where\",\"args\":[\"l\",\"x\",\"s\"]}",
                "{\"id\":\"sl\",\"op\":\"slice\",\"args\":[\"w\"],\"starts\":[0,1],\"stops\":[10,2],\"steps\":[2,1]}",
                "{\"id\":\"m\",\"op\":\"mean\",\"args\":[\"w\"],\"axis\":-2}",
                "{\"id\":\"d\",\"op\":\"dp_sum\",\"args\":[\"x\"],\"lower\":0,\"upper\":10,\"epsilon\":1,\"delta\":1e-6}",
                "{\"id\":\"r\",\"op\":\"reshape\",\"args\":[\"g\"],\"shape\":[-1]}",
                "{\"id\":\"o1\",\"op\":\"reveal\",\"args\":[\"m\"],\"to\":[\"bank\"],\"label\":\"m\"}",
                "{\"id\":\"o2\",\"op\":\"reveal\",\"args\":[\"r\"],\"label\":\"g\"}",
                "{\"id\":\"o3\",\"op\":\"reveal\",\"args\":[\"d\"],\"label\":\"d\"}");
        check(base);
        String[] tokens = {"\"x\"", "\"y\"", "0", "-1", "1e300", "9999999999", "[]", "{}", "null", "\"relu\"", "\"matmul\"",
            "\"input\"", "[1,2]", "\"args\"", ",", ":", "\"", "[", "]", "true", "-0.0", "\"sum\"", "\"dp_mean\"", "\"to\""};
        int refused = 0;
        int accepted = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            StringBuilder s = new StringBuilder(base);
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(s.length());
                switch (rnd.nextInt(7)) {
                    case 4, 5 -> { // keep the JSON valid: another number, or another name, where one stands
                        java.util.regex.Matcher m = (rnd.nextBoolean() ? NUMBER : STRING).matcher(s);
                        List<int[]> spans = new java.util.ArrayList<>();
                        while (m.find()) {
                            spans.add(new int[] {m.start(), m.end()});
                        }
                        int[] span = spans.get(rnd.nextInt(spans.size()));
                        String[] pool = s.charAt(span[0]) == '"' ? NAMES : NUMBERS;
                        s.replace(span[0], span[1], pool[rnd.nextInt(pool.length)]);
                    }
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, tokens[rnd.nextInt(tokens.length)]);
                    case 2 -> {
                        int len = Math.min(s.length() - at, 1 + rnd.nextInt(30));
                        s.replace(at, at + len, tokens[rnd.nextInt(tokens.length)]);
                    }
                    default -> {
                        int len = Math.min(s.length() - at, 1 + rnd.nextInt(60));
                        s.insert(rnd.nextInt(s.length()), s.substring(at, at + len));
                    }
                }
            }
            try {
                CheckedProgram p = Checker.check(Program.parse(s.toString(), small), ctx);
                for (CheckedProgram.Step step : p.steps()) {
                    assertTrue(step.bound().type().size() <= small.maxElements(), "a checked value within the element limit");
                }
                accepted++;
            } catch (ProgramException expected) {
                refused++;
            } catch (RuntimeException | Error other) {
                fail("mutation " + i + " (seed " + seed + ") threw " + other + " for: " + s);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d refused, %d accepted in %.1f s%n", refused, accepted, seconds);
        assertTrue(refused > 5_000 && accepted > 100, "the mutations reach both outcomes");
        assertTrue(seconds < 60, "no mutation hangs the checker");
    }
}
