package org.consortia.mpc.node.cli;

/**
 * SIGHUP makes a running node reload its credentials and its API clients file ({@code kill -HUP PID}, or
 * {@code systemctl reload mpc-node} with the unit in conf/). Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only way to catch a
 * signal; where it is unavailable the node runs without the handler and says so.
 */
final class ReloadSignal {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().name("reload").start(action));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("no SIGHUP handler on this platform ({}): restart the node to take new credentials", e.toString());
        }
    }
}
