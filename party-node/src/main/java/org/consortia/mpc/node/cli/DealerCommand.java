package org.consortia.mpc.node.cli;

import picocli.CommandLine.Command;

/** Runs the consortium's dealer node (its own role, never inside a computing party). */
@Command(name = "dealer", description = "Run the consortium's dealer node.")
public class DealerCommand extends RunCommand {
    @Override
    boolean wantDealer() {
        return true;
    }
}
