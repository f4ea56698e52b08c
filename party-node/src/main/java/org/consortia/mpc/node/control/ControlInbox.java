package org.consortia.mpc.node.control;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's control messages with the other nodes: CONTROL frames decoded and handed to the coordinator's handler
 * (proposals one at a time per sender, at most {@link #MAX_PENDING_CONTROL} waiting; the cheap messages at once), and
 * messages sent without waiting on a connection.
 */
final class ControlInbox {
    private static final Logger LOG = LoggerFactory.getLogger(ControlInbox.class);

    private final NodeConfig config;
    private final Transport transport;
    private final BiConsumer<Integer, ControlMessage> handler;
    private final ExecutorService[] controlQueues;
    private final AtomicInteger[] pendingControl;

    ControlInbox(NodeConfig config, Transport transport, BiConsumer<Integer, ControlMessage> handler) {
        this.config = config;
        this.transport = transport;
        this.handler = handler;
        int nodes = config.consortium().nodeCount();
        this.controlQueues = new ExecutorService[nodes];
        this.pendingControl = new AtomicInteger[nodes];
        for (int i = 0; i < nodes; i++) {
            controlQueues[i] = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("control-" + i).factory());
            pendingControl[i] = new AtomicInteger();
        }
    }

    /** Sends {@code m} to every other node. */
    void broadcast(ControlMessage m) {
        long[] words = ControlMessage.encode(m);
        for (int node = 0; node < config.consortium().nodeCount(); node++) {
            if (node != config.selfId()) {
                send(node, words);
            }
        }
    }

    /** Hands a control message to the connection, never waiting for one (a peer that is down misses it). */
    private void send(int node, long[] words) {
        try {
            if (!transport.trySend(node, new Frame(0, 0, FrameKind.CONTROL, config.selfId(), words))) {
                LOG.warn("could not send a control message to {}: not connected", config.nodeName(node));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not send a control message to {}: {}", config.nodeName(node), e.getMessage());
        }
    }

    /**
     * Hands a CONTROL frame to a virtual thread (handlers write files); called on a transport thread. Proposals,
     * which cost a dry run each, wait in their sender's queue, handled in order one at a time, at most
     * {@link #MAX_PENDING_CONTROL} of them (more are refused with a vote): a member cannot flood a node with work.
     * Votes, START, REJECT, CANCEL and audit heads are handled at once, never behind a proposal.
     */
    void onControl(Frame f) {
        ControlMessage msg;
        try {
            msg = ControlMessage.decode(f.payload());
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed control message from node {}: {}", f.sender(), e.getMessage());
            return;
        }
        int sender = f.sender();
        if (!(msg instanceof ControlMessage.Propose p)) { // cheap messages never wait behind a proposal's trace
            Thread.ofVirtual().start(() -> handler.accept(sender, msg));
            return;
        }
        if (pendingControl[sender].incrementAndGet() > MAX_PENDING_CONTROL) {
            pendingControl[sender].decrementAndGet();
            LOG.warn("refusing a proposal from {}: {} of its proposals are waiting already", config.nodeName(sender),
                    MAX_PENDING_CONTROL);
            Thread.ofVirtual().start(() -> reply(sender, new ControlMessage.Vote(p.session(), p.specSha256(), false,
                    config.self().name() + " refuses: too many proposals from " + config.nodeName(sender) + " are waiting")));
            return;
        }
        controlQueues[sender].execute(() -> {
            try {
                handler.accept(sender, msg);
            } finally {
                pendingControl[sender].decrementAndGet();
            }
        });
    }

    /** The most proposals of one sender that wait to be handled. */
    static final int MAX_PENDING_CONTROL = 64;

    /** Sends {@code m} to node {@code node}. */
    void reply(int node, ControlMessage m) {
        send(node, ControlMessage.encode(m));
    }

    /** Stops handling control messages: the queued proposals are dropped. */
    void close() {
        for (ExecutorService q : controlQueues) {
            q.shutdownNow();
        }
    }
}
