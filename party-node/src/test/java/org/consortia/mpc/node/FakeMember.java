package org.consortia.mpc.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.runtime.netty.NettyTransport;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;

import io.vertx.core.json.JsonObject;

/**
 * A consortium member that misbehaves, for fault tests: this JVM holds the member's real credentials and
 * connects over the real TLS transport, then either never answers proposals or accepts them and never starts.
 */
final class FakeMember implements AutoCloseable {
    enum Behaviour { SILENT, ACCEPT_AND_NEVER_START }

    private final NettyTransport transport;
    private volatile Behaviour behaviour;

    FakeMember(Path dir, int id, String name, Behaviour behaviour) throws Exception {
        this.behaviour = behaviour;
        this.transport = NettyTransport.start(ConfigLoader.consortium(dir.resolve("consortium.yaml")), id,
                TlsMaterial.load(dir.resolve(name + ".key"), dir.resolve(name + ".crt"), dir.resolve("ca.crt")),
                TlsMaterial.provider("jdk"));
        transport.router().controlHandler(this::onControl);
        if (!transport.awaitAllConnected(Duration.ofSeconds(60))) {
            throw new IllegalStateException(name + " (fake) did not connect to every node");
        }
    }

    void behave(Behaviour b) {
        this.behaviour = b;
    }

    private void onControl(Frame f) {
        JsonObject msg = new JsonObject(new String(Frame.bytesOf(f.payload()), StandardCharsets.UTF_8));
        if ("propose".equals(msg.getString("type")) && behaviour == Behaviour.ACCEPT_AND_NEVER_START) {
            JsonObject vote = new JsonObject().put("session", msg.getLong("session")).put("type", "vote")
                    .put("specSha256", msg.getString("specSha256")).put("accept", true);
            transport.trySend(f.sender(), new Frame(0, 0, FrameKind.CONTROL, transport.self(),
                    Frame.wordsOf(vote.encode().getBytes(StandardCharsets.UTF_8))));
        }
        // SILENT: no vote; and a START is never acted on
    }

    @Override
    public void close() {
        transport.close();
    }
}
