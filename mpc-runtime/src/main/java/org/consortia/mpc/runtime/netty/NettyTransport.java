package org.consortia.mpc.runtime.netty;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.FrameRouter;
import org.consortia.mpc.runtime.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The consortium transport: one mutual-TLS connection per pair of nodes, multiplexing every session. The
 * node with the lower id dials (with retry and exponential backoff, so nodes may start in any order); the
 * certificate each side presents must be signed by the consortium CA and name (CN) the member it claims
 * to be. Event-loop threads only encode, decode and route frames to the {@link FrameRouter}; protocol
 * threads block in {@link #send} only for a connection to come up or for the channel to become writable
 * again (backpressure). Heartbeats keep idle connections alive; a silent or closed connection fails every
 * session waiting on that peer at once.
 */
public final class NettyTransport implements Transport {
    private final java.util.Map<Integer, X509Certificate> peerCertificates = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final ConsortiumConfig consortium;
    private final int self;
    private final FrameRouter router;
    private final EventLoopGroup group;
    private volatile LinkEmulation emulation; // tests and benchmarks only
    private final long[] linkFreeAt; // per destination: when the emulated link finishes sending what is queued
    private final java.util.ArrayDeque<Held>[] held; // per destination: frames the emulated link still holds, in order
    private final boolean[] draining;
    private final long[] heldBytes;
    /** The most an emulated link holds before its sender waits. */
    private static final long HELD_LIMIT_BYTES = 64L << 20;
    private volatile SslContext serverSsl; // replaced by reloadTls; connections up keep the context they began with
    private volatile SslContext clientSsl;
    private final SslProvider provider;
    private final Channel[] peers;
    private final long[] backoffMillis;
    private final boolean[] everConnected;
    private final Object lock = new Object();
    private final Channel server;
    private volatile boolean closed;
    private long registrations;
    private final java.util.Deque<String> securityEvents = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicLongArray sentBytes;
    private final java.util.concurrent.atomic.AtomicLongArray receivedBytes;
    private final List<RttSamples> rtt;

    private NettyTransport(ConsortiumConfig consortium, int self, TlsMaterial tls, SslProvider provider, int threads,
            String listenHost) {
        this.consortium = consortium;
        this.self = self;
        this.sentBytes = new java.util.concurrent.atomic.AtomicLongArray(consortium.nodeCount());
        this.linkFreeAt = new long[consortium.nodeCount()];
        @SuppressWarnings("unchecked")
        java.util.ArrayDeque<Held>[] queues = new java.util.ArrayDeque[consortium.nodeCount()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new java.util.ArrayDeque<>();
        }
        this.held = queues;
        this.draining = new boolean[consortium.nodeCount()];
        this.heldBytes = new long[consortium.nodeCount()];
        this.receivedBytes = new java.util.concurrent.atomic.AtomicLongArray(consortium.nodeCount());
        this.rtt = new ArrayList<>();
        for (int i = 0; i < consortium.nodeCount(); i++) {
            rtt.add(new RttSamples());
        }
        this.router = new FrameRouter(consortium.nodeCount(), Math.max(FrameRouter.DEFAULT_HIGH_WATER_BYTES,
                2L * consortium.maxFrameBytes()));
        router.backpressure(new FrameRouter.Backpressure() {
            @Override
            public void pause(int node) {
                autoRead(node, false);
            }

            @Override
            public void resume(int node) {
                autoRead(node, true);
            }
        });
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.provider = provider;
        this.serverSsl = tls.serverContext(provider, this::securityEvent);
        this.clientSsl = tls.clientContext(provider, this::securityEvent);
        this.peers = new Channel[consortium.nodeCount()];
        this.backoffMillis = new long[consortium.nodeCount()];
        this.everConnected = new boolean[consortium.nodeCount()];
        NodeAddress me = consortium.node(self);
        ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 32 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, serverSsl, -1);
                    }
                });
        try {
            this.server = sb.bind(listenHost, me.port()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + listenHost + ":" + me.port() + " for " + me.name() + ": "
                    + e.getMessage(), e);
        }
        if (listenHost.equals(me.host())) {
            LOG.info("{} listening on {}:{} (TLS engine {})", me.name(), me.host(), me.port(), provider);
        } else {
            LOG.info("{} listening on {}:{}, advertised as {}:{} (TLS engine {})", me.name(), listenHost, me.port(), me.host(),
                    me.port(), provider);
        }
        for (int peer = self + 1; peer < consortium.nodeCount(); peer++) {
            dial(peer);
        }
    }

    /** Starts listening (where the consortium file advertises this node) and dialing every node with a higher id. */
    public static NettyTransport start(ConsortiumConfig consortium, int self, TlsMaterial tls, SslProvider provider) {
        return start(consortium, self, tls, provider, consortium.node(self).host());
    }

    /** As {@link #start(ConsortiumConfig, int, TlsMaterial, SslProvider)}, bound to {@code listenHost} (e.g. 0.0.0.0). */
    public static NettyTransport start(ConsortiumConfig consortium, int self, TlsMaterial tls, SslProvider provider,
            String listenHost) {
        return new NettyTransport(consortium, self, tls, provider, 2, listenHost);
    }

    public ConsortiumConfig consortium() {
        return consortium;
    }

    /** The port the server is bound to. */
    public int boundPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void pipeline(SocketChannel ch, SslContext ssl, int expectedPeer) {
        Duration idle = consortium.timeouts().idle();
        ch.pipeline().addLast("tls", expectedPeer >= 0
                ? ssl.newHandler(ch.alloc(), consortium.node(expectedPeer).host(), consortium.node(expectedPeer).port())
                : ssl.newHandler(ch.alloc()));
        ch.pipeline().addLast("idle", new IdleStateHandler(idle.toMillis(), Math.max(1, idle.toMillis() / 3), 0,
                TimeUnit.MILLISECONDS));
        ch.pipeline().addLast("decoder", new FrameDecoder(consortium.maxFrameBytes()));
        ch.pipeline().addLast("encoder", new FrameEncoder());
        ch.pipeline().addLast("peer", new PeerHandler(this, expectedPeer));
    }

    private void dial(int peer) {
        if (closed) {
            return;
        }
        NodeAddress a = consortium.node(peer);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 << 20, 32 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch, clientSsl, peer);
                    }
                });
        b.connect(a.host(), a.port()).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("{} not reachable yet: {}", a, f.cause().getMessage());
                redial(peer);
            }
        });
    }

    /** Schedules another dial after an exponentially growing pause (100 ms up to 2 s). */
    void redial(int peer) {
        if (closed || peer <= self) {
            return;
        }
        long wait;
        synchronized (lock) {
            backoffMillis[peer] = Math.min(MAX_BACKOFF.toMillis(), Math.max(100, backoffMillis[peer] * 2));
            wait = backoffMillis[peer];
        }
        group.schedule(() -> dial(peer), wait, TimeUnit.MILLISECONDS);
    }

    /** Checks the identity a peer presented; returns its node id or -1 (and says why in the log). */
    int authenticate(Channel ch, X509Certificate cert, String cn, int expectedPeer) {
        NodeAddress n = consortium.nodeNamed(cn);
        String remote = String.valueOf(ch.remoteAddress());
        if (n == null) {
            LOG.warn("refused connection from {}: presented identity CN={} is not a member of {}", remote, cn,
                    consortium.name());
            securityEvent("refused " + remote + " presenting CN=" + cn + ": not a member");
            return -1;
        }
        if (expectedPeer >= 0 && n.id() != expectedPeer) {
            LOG.warn("refused connection to {}: it presented identity CN={}, expected CN={}", remote, cn,
                    consortium.node(expectedPeer).name());
            securityEvent("refused " + remote + " presenting CN=" + cn + ", expected CN=" + consortium.node(expectedPeer).name());
            return -1;
        }
        if (n.id() == self) {
            LOG.warn("refused connection from {}: it presented this node's own identity CN={}", remote, cn);
            securityEvent("refused " + remote + " presenting this node's own identity CN=" + cn);
            return -1;
        }
        if (n.certificate() != null) {
            try {
                X509Certificate pinned = Pki.readCertificate(n.certificate());
                if (!pinned.equals(cert)) {
                    LOG.warn("refused connection from {}: CN={} presented a certificate other than the pinned {}", remote, cn,
                            n.certificate());
                    return -1;
                }
            } catch (java.io.IOException e) {
                LOG.warn("cannot read pinned certificate {}: {}", n.certificate(), e.getMessage());
                return -1;
            }
        }
        peerCertificates.put(n.id(), cert);
        return n.id();
    }

    /** The certificate peer {@code node} presented on its latest authenticated connection, or {@code null}. */
    public X509Certificate peerCertificate(int node) {
        return peerCertificates.get(node);
    }

    /** Records a refused connection or a closed misbehaving one (the last 100 are kept for health checks). */
    void securityEvent(String what) {
        securityEvents.addLast(what);
        while (securityEvents.size() > 100) {
            securityEvents.pollFirst();
        }
    }

    /** Recent refused or misbehaving connections, oldest first. */
    public java.util.List<String> securityEvents() {
        return java.util.List.copyOf(securityEvents);
    }

    /** How many connections have been registered since start (a new one displaces an older one to the same peer). */
    public long registrations() {
        synchronized (lock) {
            return registrations;
        }
    }

    void register(int peer, Channel ch) {
        Channel old;
        synchronized (lock) {
            if (closed) { // a connection accepted or dialled while this transport closes
                ch.close();
                return;
            }
            registrations++;
            old = peers[peer];
            peers[peer] = ch;
            everConnected[peer] = true;
            backoffMillis[peer] = 0;
            lock.notifyAll();
        }
        if (old != null && old != ch) {
            old.close();
        }
        synchronized (lock) { // with autoRead(): a resume cannot slip in between the check and the pause
            if (router.paused(peer)) {
                ch.config().setAutoRead(false); // a new connection keeps the backpressure its predecessor was under
            }
        }
        try (var m = org.slf4j.MDC.putCloseable("peer", consortium.node(peer).name())) {
            LOG.info("connected to {} over TLS ({})", consortium.node(peer), ch.remoteAddress());
        }
    }

    void unregister(int peer, Channel ch, String why) {
        boolean current;
        synchronized (lock) {
            current = peers[peer] == ch;
            if (current) {
                peers[peer] = null;
            }
            lock.notifyAll();
        }
        if (current) {
            try (var m = org.slf4j.MDC.putCloseable("peer", consortium.node(peer).name())) {
                if (closed) { // this node is closing its connections: the peer closing its side is expected
                    LOG.debug("connection to {} closed while this transport closes: {}", consortium.node(peer), why);
                } else {
                    LOG.warn("connection to {} lost: {}", consortium.node(peer), why);
                }
            }
            router.nodeFailed(peer, "connection to " + consortium.node(peer).name() + " lost: " + why);
            redial(peer);
        }
    }

    void writabilityChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Stops or restarts reading from {@code peer}'s connection (backpressure from full session mailboxes). */
    private void autoRead(int peer, boolean on) {
        synchronized (lock) {
            Channel c = peers[peer];
            if (c != null) {
                c.config().setAutoRead(on);
                LOG.debug("{} reading from {}", on ? "resumed" : "paused", consortium.node(peer).name());
            }
        }
    }

    /** Whether a connection to {@code peer} is up. */
    @Override
    public boolean connected(int peer) {
        synchronized (lock) {
            Channel c = peers[peer];
            return c != null && c.isActive();
        }
    }

    /** Waits until every node is connected, or the timeout passes; returns whether all are. */
    public boolean awaitAllConnected(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                boolean all = true;
                for (int p = 0; p < peers.length; p++) {
                    all &= p == self || (peers[p] != null && peers[p].isActive());
                }
                long left = end - System.nanoTime();
                if (all || left <= 0) {
                    return all;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    @Override
    public int self() {
        return self;
    }

    @Override
    public FrameRouter router() {
        return router;
    }

    /** Emulates a wide-area link on every frame this node sends from now on (tests and benchmarks only). */
    public void emulate(LinkEmulation e) {
        LOG.warn("{}: {} (for tests and benchmarks; never in production)", consortium.node(self).name(), e);
        this.emulation = e;
    }

    /** A frame held back by the link emulation until {@code due} (System.nanoTime). */
    private record Held(Channel channel, Frame frame, long due) {
    }

    /**
     * Counts the frame for its peer and writes it now, or, under emulation, when the emulated link would deliver it
     * (in order per link).
     */
    private void write(Channel ch, int to, Frame frame) {
        sentBytes.addAndGet(to, frame.wireBytes());
        writeOverLink(ch, to, frame);
    }

    /**
     * A heartbeat (a round-trip probe or its echo): not counted as traffic, but held by an emulated link like any
     * frame, so that the probes measure the link the frames see.
     */
    void heartbeat(Channel ch, int to, Frame frame) {
        writeOverLink(ch, to, frame);
    }

    private void writeOverLink(Channel ch, int to, Frame frame) {
        LinkEmulation e = emulation;
        if (e == null) {
            writeNow(ch, to, frame);
            return;
        }
        synchronized (linkFreeAt) {
            // backpressure: a sender waits while the emulated link holds more than HELD_LIMIT bytes (as a real link's
            // full socket buffer would hold it back); the drain wakes it
            long waitUntil = System.nanoTime() + consortium.timeouts().round().toNanos();
            boolean mayWait = !ch.eventLoop().inEventLoop(); // never block an event loop (the drain runs on one)
            while (mayWait && heldBytes[to] > HELD_LIMIT_BYTES && !closed && System.nanoTime() < waitUntil) {
                try {
                    linkFreeAt.wait(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            heldBytes[to] += frame.wireBytes();
            long now = System.nanoTime();
            long start = Math.max(now, linkFreeAt[to]);
            linkFreeAt[to] = start + e.serializationNanos(frame.wireBytes());
            long due = linkFreeAt[to] + e.oneWayNanos();
            held[to].add(new Held(ch, frame, due));
            if (!draining[to]) {
                draining[to] = true;
                ch.eventLoop().schedule(() -> drain(to), due - now, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Sends the held frames of link {@code to} whose time has come, in the order they were sent, then waits again. */
    private void drain(int to) {
        while (true) {
            Held h;
            synchronized (linkFreeAt) {
                h = held[to].peek();
                if (h == null) {
                    draining[to] = false;
                    return;
                }
                long wait = h.due() - System.nanoTime();
                if (wait > 0) {
                    h.channel().eventLoop().schedule(() -> drain(to), wait, TimeUnit.NANOSECONDS);
                    return;
                }
                held[to].poll();
                heldBytes[to] -= h.frame().wireBytes();
                linkFreeAt.notifyAll();
            }
            writeNow(h.channel(), to, h.frame());
        }
    }

    private void writeNow(Channel ch, int to, Frame frame) {
        ch.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                try (var m = org.slf4j.MDC.putCloseable("peer", consortium.node(to).name())) {
                    LOG.warn("send of {} to {} failed: {}", frame, consortium.node(to).name(), f.cause().toString());
                }
            }
        });
    }

    /**
     * Takes new trust material (a renewed key and certificate, a new CA, a new list of revoked serials) for every
     * connection made from now on; connections already up carry on (the jobs on them are not dropped), except those
     * whose peer presented a certificate that is now revoked, which are closed.
     */
    public void reloadTls(TlsMaterial tls) {
        SslContext server = tls.serverContext(provider, this::securityEvent);
        SslContext client = tls.clientContext(provider, this::securityEvent);
        this.serverSsl = server;
        this.clientSsl = client;
        for (var e : peerCertificates.entrySet()) {
            if (tls.revoked().contains(e.getValue().getSerialNumber())) {
                Channel c;
                synchronized (lock) {
                    c = peers[e.getKey()];
                }
                LOG.warn("closing the connection to {}: its certificate (serial {}) is now revoked",
                        consortium.node(e.getKey()).name(), e.getValue().getSerialNumber().toString(16));
                securityEvent("closed " + consortium.node(e.getKey()).name() + ": certificate revoked");
                if (c != null) {
                    c.close();
                }
            }
        }
        LOG.info("TLS material reloaded: certificate valid until {}, {} revoked serial(s)",
                tls.certificate().getNotAfter().toInstant(), tls.revoked().size());
    }

    /** Frame bytes sent to node {@code node} over this transport's lifetime (header included, TLS overhead not). */
    public long bytesSentTo(int node) {
        return sentBytes.get(node);
    }

    /** Frame bytes received from node {@code node} over this transport's lifetime. */
    public long bytesReceivedFrom(int node) {
        return receivedBytes.get(node);
    }

    void received(int from, Frame f) {
        receivedBytes.addAndGet(from, f.wireBytes());
    }

    /** One round-trip sample to {@code peer} from a heartbeat's echo; implausible ones (negative, over a minute) dropped. */
    void rttSample(int peer, long nanos) {
        if (nanos > 0 && nanos < 60_000_000_000L) {
            rtt.get(peer).add(nanos);
        }
    }

    /**
     * The round trip to {@code node} over its connection: the least of the last {@link RttSamples#SIZE} heartbeat
     * echoes (a probe at every connection and idle period; the least, since a busy event loop only adds), or -1
     * before the first echo.
     */
    @Override
    public long rttNanos(int node) {
        return rtt.get(node).least();
    }

    /** Sends a round-trip probe to every connected peer now (their echoes become samples of {@link #rttNanos}). */
    public void probe() {
        Channel[] open;
        synchronized (lock) {
            open = peers.clone();
        }
        for (int node = 0; node < open.length; node++) {
            if (open[node] != null && open[node].isActive()) {
                heartbeat(open[node], node, new Frame(0, 0, FrameKind.HEARTBEAT, self, new long[] {System.nanoTime()}));
            }
        }
    }

    @Override
    public void send(int to, Frame frame) {
        write(channelFor(to), to, frame);
    }

    @Override
    public int maxPayloadWords() {
        return (consortium.maxFrameBytes() - 16) / 8;
    }

    @Override
    public boolean trySend(int to, Frame frame) {
        Channel c;
        synchronized (lock) {
            c = closed ? null : peers[to];
        }
        if (c == null || !c.isActive()) {
            return false;
        }
        write(c, to, frame);
        return true;
    }

    /**
     * The connection to {@code to}, once it is up and writable. Waits up to the connect timeout for a connection
     * that was never up; fails at once for one that was up and is gone; and waits up to ten round timeouts for a
     * live connection to drain (a receiver working through a large job holds its sender back by backpressure).
     */
    private Channel channelFor(int to) {
        long connectDeadline = System.nanoTime() + consortium.timeouts().connect().toNanos();
        long drainDeadline = System.nanoTime() + consortium.timeouts().round().toNanos() * 10;
        synchronized (lock) {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("transport closed");
                }
                Channel c = peers[to];
                if (c != null && c.isActive() && c.isWritable()) {
                    return c;
                }
                if ((c == null || !c.isActive()) && everConnected[to]) {
                    // the connection was up and is gone: the peer is lost now, not after the connect timeout
                    throw new IllegalStateException("connection to " + consortium.node(to).name() + " lost");
                }
                boolean draining = c != null && c.isActive();
                long left = (draining ? drainDeadline : connectDeadline) - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(!draining
                            ? "no connection to " + consortium.node(to) + " within the connect timeout of "
                                    + consortium.timeouts().connect().toMillis() + " ms"
                            : "connection to " + consortium.node(to) + " not writable within ten round timeouts (peer not reading)");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + consortium.node(to), e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channel[] open;
        synchronized (lock) {
            lock.notifyAll();
            open = peers.clone();
        }
        // frames an emulated link still holds leave now (a stopping node's ABORT frames among them)
        synchronized (linkFreeAt) {
            for (int to = 0; to < held.length; to++) {
                for (Held h; (h = held[to].poll()) != null; ) {
                    writeNow(h.channel(), to, h.frame());
                }
                heldBytes[to] = 0;
            }
            linkFreeAt.notifyAll();
        }
        server.close(); // no new connections while the open ones end (register() closes any that slipped in)
        halfCloseAndAwaitPeers(open);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Flushes what this node wrote last (a stopping node's ABORT frames) and ends its side of every connection with a
     * FIN behind it, then waits (reading on) up to {@link #CLOSE_GRACE_MS} in all for each peer to close its side.
     * Closing a socket with data still unread resets it, and a peer that is writing to this node then fails its write
     * and drops the connection before it has read this node's last frames: it would record a lost connection instead
     * of the stop. A connection whose flush did not complete within the grace is closed as it is (a half-close would
     * discard what is still queued); one whose reading was paused reads again, so that the peer's FIN is seen.
     */
    private void halfCloseAndAwaitPeers(Channel[] open) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MS);
        List<Channel> closing = new ArrayList<>();
        for (int to = 0; to < open.length; to++) {
            if (!(open[to] instanceof SocketChannel s) || !s.isActive()) {
                continue;
            }
            // an empty write completes only after every write queued before it has been flushed
            io.netty.channel.ChannelFuture flushed = s.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
            long left = deadline - System.nanoTime();
            if (!flushed.awaitUninterruptibly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) || !flushed.isSuccess()) {
                LOG.warn("closing: the last frames to {} were not flushed within {} ms", consortium.node(to).name(),
                        CLOSE_GRACE_MS);
                continue;
            }
            s.config().setAutoRead(true);
            s.shutdownOutput();
            closing.add(s);
        }
        for (Channel c : closing) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                c.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /** How long a closing transport waits for its peers to close their sides of its connections. */
    static final long CLOSE_GRACE_MS = 1000;

    @Override
    public String toString() {
        return "NettyTransport[" + consortium.node(self) + "]";
    }
}
