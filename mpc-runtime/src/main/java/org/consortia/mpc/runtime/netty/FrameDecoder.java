package org.consortia.mpc.runtime.netty;

import java.nio.ByteOrder;

import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Decodes the layout {@link FrameEncoder} documents. A length above the configured maximum raises
 * {@link io.netty.handler.codec.TooLongFrameException}; a length that is not 16 + 8n, or an unknown kind,
 * raises {@link CorruptedFrameException}. Messages name sizes and codes only, never payload bytes. The peer
 * handler closes the connection on either.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    public FrameDecoder(int maxFrameBytes) {
        super(ByteOrder.LITTLE_ENDIAN, maxFrameBytes + 4, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        try {
            int len = body.readableBytes();
            if (len < 16 || (len - 16) % 8 != 0) {
                throw new CorruptedFrameException("frame body of " + len + " bytes is not 16 + 8n");
            }
            long session = body.readLongLE();
            int seq = body.readIntLE();
            int code = body.readShortLE();
            int sender = body.readShortLE();
            FrameKind kind = FrameKind.of(code);
            if (kind == null) {
                throw new CorruptedFrameException("unknown frame kind " + code);
            }
            long[] payload = new long[(len - 16) / 8];
            body.nioBuffer(body.readerIndex(), 8 * payload.length).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(payload);
            return new Frame(session, seq, kind, sender, payload);
        } finally {
            body.release();
        }
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long v = buf.getUnsignedIntLE(offset);
        if (v < 16) {
            throw new CorruptedFrameException("frame length " + v + " is below the 16-byte header");
        }
        return v;
    }
}
