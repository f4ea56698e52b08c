package org.consortia.mpc.node.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.node.ConsortiumNode;
import org.consortia.mpc.node.api.JobApi;
import org.consortia.mpc.node.state.StateCorruptException;
import org.consortia.mpc.node.state.StateUnwritableException;
import org.consortia.mpc.runtime.netty.LinkEmulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a party node until SIGTERM (or Ctrl-C), then shuts down cleanly. */
@Command(name = "run", description = "Run this organisation's party node.")
public class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", defaultValue = "${sys:mpc.home:-.}/conf/node.yaml",
            description = "the node file (YAML; default: conf/node.yaml of the installation)")
    Path config;

    @Option(names = "--tls", defaultValue = "auto", description = "TLS engine: auto (BoringSSL if available), jdk, openssl")
    String tls;

    @Option(names = "--local-dealer", description = "INSECURE: also run the dealer in this process, from this dealer node file "
            + "(refused unless the party's node file sets allowInsecureLocalDealer: true)")
    Path localDealer;

    @Option(names = "--emulate-rtt", description = "TESTS AND BENCHMARKS ONLY: delay every frame this node sends as a link "
            + "of this round-trip time would (e.g. 20ms; this kernel has no netem)")
    String emulateRtt;

    @Option(names = "--emulate-bandwidth", defaultValue = "1gbit", description = "TESTS AND BENCHMARKS ONLY: the emulated "
            + "link's bandwidth (with --emulate-rtt; default 1gbit)")
    String emulateBandwidth;

    /** Which role the node file must name: a party here, the dealer in {@link DealerCommand}. */
    boolean wantDealer() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig node;
        NodeConfig dealer = null;
        try {
            node = ConfigLoader.node(config);
            if (localDealer != null) {
                if (!node.allowInsecureLocalDealer()) {
                    System.err.println(config + ": allowInsecureLocalDealer: found false, expected true to run the dealer "
                            + "inside party " + node.self().name() + " (insecure: the dealer must collude with no party)");
                    return 2;
                }
                dealer = ConfigLoader.node(localDealer);
            }
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        // what check-config checks too: policy, API clients, role, credentials, data and state directories
        String problem = Preflight.firstProblem(node, wantDealer());
        if (problem == null && dealer != null) {
            problem = Preflight.firstProblem(dealer, true);
        }
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ConsortiumNode n;
        ConsortiumNode d;
        try {
            n = new ConsortiumNode(node, tls);
            d = dealer == null ? null : new ConsortiumNode(dealer, tls);
        } catch (StateCorruptException | StateUnwritableException | ConfigException e) {
            System.err.println("state: " + e.getMessage());
            return 2;
        }
        try (n; d; JobApi api = node.apiPort() > 0 ? JobApi.start(n, node.apiPort()) : null) {
            if (d != null) {
                LOG.warn("INSECURE: the dealer runs inside party {}; results are only as private as that party is honest",
                        node.self().name());
            }
            long want = node.maxHeapBytes();
            long have = Runtime.getRuntime().maxMemory();
            if (want > 0 && Math.abs(have - want) > want / 10) {
                LOG.warn("the node file asks for maxHeap {} but this JVM's heap limit is {} MiB: start the node with "
                        + "scripts/mpc-node, which sets it", node.maxHeap(), have >> 20);
            } else {
                LOG.info("heap limit {} MiB{}", have >> 20, want > 0 ? " (maxHeap " + node.maxHeap() + ")" : " (the JVM's default; set maxHeap)");
            }
            if (api != null) {
                LOG.info("job API on https://{}:{}/v1 (API clients only: bearer token or listed client certificate)",
                        node.apiBind(), api.port());
            }
            if (emulateRtt != null) {
                LinkEmulation wan;
                try {
                    wan = LinkEmulation.parse(emulateRtt, emulateBandwidth);
                } catch (IllegalArgumentException e) {
                    System.err.println("run: " + e.getMessage());
                    return ExitCodes.USAGE;
                }
                n.transport().emulate(wan);
                if (d != null) {
                    d.transport().emulate(wan);
                }
            }
            ReloadSignal.onHangup(() -> {
                if (api != null) { // a removed client's token stops working without a restart; first, so that the
                    api.reloadClients(); // credentials' TLS update below is built with the new client CA
                }
                LOG.info("SIGHUP: {}", n.reloadCredentials());
                if (!n.config().isDealer()) {
                    String policy = n.reloadPolicy();
                    if (policy.startsWith("policy reload refused")) {
                        LOG.warn("SIGHUP: {}", policy);
                    } else {
                        LOG.info("SIGHUP: {}", policy);
                    }
                }
                if (d != null) {
                    LOG.info("SIGHUP (dealer): {}", d.reloadCredentials());
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("shutting down {}: failing running jobs (NODE_STOPPED) and writing their outcomes", node.self().name());
                n.shutdown();
                if (d != null) {
                    d.shutdown();
                }
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }
}
