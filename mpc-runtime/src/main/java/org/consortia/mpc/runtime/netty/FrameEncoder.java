package org.consortia.mpc.runtime.netty;

import java.nio.ByteOrder;
import java.util.List;

import org.consortia.mpc.runtime.transport.Frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

/**
 * Encodes a {@link Frame}; every field is little-endian:
 * <pre>
 *  offset  size  field
 *  0       4     length   = 16 + 8n, the bytes after this field
 *  4       8     session id
 *  12      4     sequence number (per sender, receiver and session, from 0)
 *  16      2     kind     (FrameKind code)
 *  18      2     sender   (node id)
 *  20      8n    payload: n longs
 * </pre>
 * The payload is copied in bulk from the {@code long[]} into pooled direct buffers of at most
 * {@link #CHUNK_BYTES} through a little-endian {@code LongBuffer} view (no per-element work in Java code);
 * large frames therefore leave as a sequence of chunks that never needs one huge allocation.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
    static final int CHUNK_BYTES = 256 << 10;
    private static final int HEADER = 20;

    public FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame f, List<Object> out) {
        long[] p = f.payload();
        int firstWords = Math.min(p.length, (CHUNK_BYTES - HEADER) / 8);
        ByteBuf head = ctx.alloc().directBuffer(HEADER + 8 * firstWords);
        head.writeIntLE(16 + 8 * p.length);
        head.writeLongLE(f.sessionId());
        head.writeIntLE(f.seq());
        head.writeShortLE(f.kind().code());
        head.writeShortLE(f.sender());
        put(head, p, 0, firstWords);
        out.add(head);
        for (int from = firstWords; from < p.length; from += CHUNK_BYTES / 8) {
            int words = Math.min(CHUNK_BYTES / 8, p.length - from);
            ByteBuf chunk = ctx.alloc().directBuffer(8 * words);
            put(chunk, p, from, words);
            out.add(chunk);
        }
    }

    private static void put(ByteBuf buf, long[] p, int from, int words) {
        int at = buf.writerIndex();
        buf.nioBuffer(at, 8 * words).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(p, from, words);
        buf.writerIndex(at + 8 * words);
    }
}
