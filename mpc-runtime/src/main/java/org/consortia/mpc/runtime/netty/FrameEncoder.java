package org.consortia.mpc.runtime.netty;

import java.nio.ByteOrder;

import org.consortia.mpc.runtime.transport.Frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes a {@link Frame} as (all integers little-endian except where the codec says otherwise: every field
 * here is little-endian):
 * <pre>
 *  offset  size  field
 *  0       4     length   = 16 + 8n, the bytes after this field
 *  4       8     session id
 *  12      4     sequence number (per sender, receiver and session, from 0)
 *  16      2     kind     (FrameKind code)
 *  18      2     sender   (node id)
 *  20      8n    payload: n longs
 * </pre>
 * The payload is copied in bulk from the {@code long[]} into a direct buffer through a little-endian
 * {@code LongBuffer} view (no per-element work in Java code).
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    public FrameEncoder() {
        super(Frame.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame f, boolean preferDirect) {
        return ctx.alloc().directBuffer((int) f.wireBytes());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame f, ByteBuf out) {
        long[] p = f.payload();
        out.writeIntLE(16 + 8 * p.length);
        out.writeLongLE(f.sessionId());
        out.writeIntLE(f.seq());
        out.writeShortLE(f.kind().code());
        out.writeShortLE(f.sender());
        int at = out.writerIndex();
        out.ensureWritable(8 * p.length);
        out.nioBuffer(at, 8 * p.length).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(p);
        out.writerIndex(at + 8 * p.length);
    }
}
