package org.consortia.mpc.runtime.netty;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of a connection: authenticates the peer from its certificate once TLS is up, then checks
 * that every frame's sender is that peer and routes it; answers idleness with heartbeats and closes
 * connections that stay silent, send malformed frames or claim another sender. Logs name the peer, never
 * payloads. A heartbeat doubles as a round-trip probe: one that carries the sender's clock reading (one word) is
 * echoed at once with a second word, and the echo gives its sender one sample of the link's round trip
 * ({@link NettyTransport#rttNanos}); both ends probe when a connection comes up and whenever it idles.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PeerHandler.class);

    private final NettyTransport transport;
    private final int expectedPeer;
    private int authenticated = -1;
    private int peer = -1;

    PeerHandler(NettyTransport transport, int expectedPeer) {
        this.transport = transport;
        this.expectedPeer = expectedPeer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (!hs.isSuccess()) {
                LOG.warn("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), hs.cause().getMessage());
                ctx.close();
                if (expectedPeer >= 0) {
                    transport.redial(expectedPeer);
                }
                return;
            }
            Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            X509Certificate cert = (X509Certificate) chain[0];
            int id = transport.authenticate(ctx.channel(), cert, Pki.commonName(cert), expectedPeer);
            if (id < 0) {
                ctx.close();
                if (expectedPeer >= 0) {
                    transport.redial(expectedPeer);
                }
                return;
            }
            authenticated = id;
            if (expectedPeer >= 0) {
                // the dialer says hello at once; the acceptor registers the connection on the first frame, so a
                // probe that only completes the handshake (check-config) never displaces a live connection
                peer = id;
                transport.register(peer, ctx.channel());
                probe(ctx);
            }
        } else if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE && peer >= 0) {
                probe(ctx);
            } else if (idle.state() == IdleState.READER_IDLE && !ctx.channel().config().isAutoRead()) {
                LOG.debug("{} is paused by backpressure; its silence is ours", who(ctx));
            } else if (idle.state() == IdleState.READER_IDLE) {
                LOG.warn("closing connection with {}: silent for the idle timeout", who(ctx));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame f = (Frame) msg;
        if (peer < 0 && authenticated >= 0 && f.sender() == authenticated) {
            peer = authenticated;
            transport.register(peer, ctx.channel());
            probe(ctx);
        }
        if (peer < 0) {
            LOG.warn("closing connection with {}: {} before authentication", who(ctx), f);
            ctx.close();
            return;
        }
        if (f.sender() != peer) {
            LOG.warn("closing connection with {}: frame claims sender {} on a connection authenticated as {}", who(ctx),
                    f.sender(), peer);
            transport.securityEvent("closed " + who(ctx) + ": frame claims sender " + f.sender());
            ctx.close();
            return;
        }
        transport.received(peer, f);
        if (f.kind() != FrameKind.HEARTBEAT) {
            transport.router().deliver(f);
        } else if (f.payload().length == 1) { // a probe: echo the peer's clock reading
            transport.heartbeat(ctx.channel(), peer, new Frame(0, 0, FrameKind.HEARTBEAT, transport.self(),
                    new long[] {f.payload()[0], 0}));
        } else if (f.payload().length == 2) { // the echo of our probe
            transport.rttSample(peer, System.nanoTime() - f.payload()[0]);
        }
    }

    /** A heartbeat that asks for an echo (see the class comment). */
    private void probe(ChannelHandlerContext ctx) {
        transport.heartbeat(ctx.channel(), peer, new Frame(0, 0, FrameKind.HEARTBEAT, transport.self(),
                new long[] {System.nanoTime()}));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        transport.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (peer >= 0) {
            transport.unregister(peer, ctx.channel(), "connection closed");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException ? cause.getCause() : cause;
        LOG.warn("closing connection with {}: {}: {}", who(ctx), c.getClass().getSimpleName(), c.getMessage());
        transport.securityEvent("closed " + who(ctx) + ": " + c.getClass().getSimpleName() + ": " + c.getMessage());
        ctx.close();
    }

    private String who(ChannelHandlerContext ctx) {
        return peer >= 0 ? transport.consortium().node(peer).name() + " (" + ctx.channel().remoteAddress() + ")"
                : String.valueOf(ctx.channel().remoteAddress());
    }
}
