package org.consortia.mpc.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Checker;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.Program;
import org.consortia.mpc.programs.ProgramException;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.Simulator;
import org.consortia.mpc.sharing.fixed.FixedPoint;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a researcher's program on this machine, on CSV files named per member, through the evaluator the nodes run:
 * secretly among the members on a local cluster (default) or in plaintext. Prints one JSON object:
 * {@code {"results": {label: {"shape": [..], "values": [..]}}, "rounds": R, "bytesPerParty": B, "estimated": {...}}}.
 */
@Command(name = "simulate", description = "Run a program (docs/programs.md) locally on CSV files, as the members' nodes would.")
public class SimulateCommand implements Callable<Integer> {
    @Option(names = "--program", required = true, description = "the program's JSON file")
    Path program;

    @Option(names = "--data", description = "MEMBER:DATASET=PATH.csv, once per dataset the program reads")
    List<String> data = List.of();

    @Option(names = "--members", required = true, split = ",", description = "the members' names, in party order")
    List<String> members;

    @Option(names = "--plain", description = "the plaintext reference instead of the secure run")
    boolean plain;

    @Option(names = "--fractional-bits", defaultValue = "" + FixedPoint.DEFAULT_FRACTIONAL_BITS,
            description = "fixed-point fractional bits (default: ${DEFAULT-VALUE})")
    int fracBits;

    @Override
    public Integer call() throws IOException {
        CheckedProgram checked;
        try {
            String json = Files.readString(program);
            checked = Checker.check(Program.parse(json, ProgramLimits.DEFAULT), new Context(members, fracBits, ProgramLimits.DEFAULT));
        } catch (ProgramException e) {
            System.err.println("simulate: " + program.getFileName() + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Simulator.Outcome out;
        try {
            var files = Simulator.files(members, data);
            out = plain ? Simulator.plaintext(checked, files) : Simulator.secure(checked, files);
        } catch (ProgramException | IllegalArgumentException e) {
            System.err.println("simulate: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        JsonObject results = new JsonObject();
        for (var e : out.results().entrySet()) {
            Evaluation.Result r = e.getValue();
            JsonArray values = new JsonArray();
            Arrays.stream(r.values()).forEach(values::add);
            results.put(e.getKey(), new JsonObject().put("shape", new JsonArray(Arrays.stream(r.dims()).boxed().toList()))
                    .put("values", values));
        }
        System.out.println(new JsonObject().put("results", results).put("rounds", out.rounds())
                .put("bytesPerParty", out.bytesPerParty())
                .put("estimated", new JsonObject().put("rounds", checked.cost().rounds()).put("bytesPerParty", checked.bytesPerParty()))
                .encode());
        return 0;
    }
}
