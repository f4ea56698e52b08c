package org.consortia.mpc.runtime.netty;

import java.nio.ByteOrder;
import java.util.List;

import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Decodes the layout {@link FrameEncoder} documents, streaming: once a header is read, the payload is copied
 * straight into its {@code long[]} as bytes arrive (in bulk, through a little-endian view), so a large frame
 * is never accumulated in a buffer first. A length above the configured maximum raises
 * {@link TooLongFrameException}; a length that is not 16 + 8n, or an unknown kind, raises
 * {@link CorruptedFrameException}. Messages name sizes and codes only, never payload bytes; the peer handler
 * closes the connection on either.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final int HEADER = 20;
    private final int maxFrameBytes;
    private long session;
    private int seq;
    private FrameKind kind;
    private int sender;
    private long[] payload;
    private int filled = -1; // words of payload received; -1 while waiting for a header

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (filled < 0) {
                if (in.readableBytes() < HEADER) {
                    return;
                }
                long len = in.readUnsignedIntLE();
                if (len > maxFrameBytes) {
                    throw new TooLongFrameException("frame of " + len + " bytes exceeds the maximum of " + maxFrameBytes);
                }
                if (len < 16 || (len - 16) % 8 != 0) {
                    throw new CorruptedFrameException("frame body of " + len + " bytes is not 16 + 8n");
                }
                session = in.readLongLE();
                seq = in.readIntLE();
                int code = in.readShortLE();
                sender = in.readShortLE();
                kind = FrameKind.of(code);
                if (kind == null) {
                    throw new CorruptedFrameException("unknown frame kind " + code);
                }
                payload = new long[(int) ((len - 16) / 8)];
                filled = 0;
            }
            int words = Math.min(payload.length - filled, in.readableBytes() / 8);
            if (words > 0) {
                in.nioBuffer(in.readerIndex(), 8 * words).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                        .get(payload, filled, words);
                in.skipBytes(8 * words);
                filled += words;
            }
            if (filled < payload.length) {
                return;
            }
            out.add(new Frame(session, seq, kind, sender, payload));
            payload = null;
            filled = -1;
        }
    }
}
