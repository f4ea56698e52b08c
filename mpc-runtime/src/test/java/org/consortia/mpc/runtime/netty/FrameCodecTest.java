package org.consortia.mpc.runtime.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

/** The frame codec without sockets: round trips in arbitrary splits, bad lengths and kinds, and a fuzz run. */
class FrameCodecTest {
    private static final int MAX = 1 << 20;

    private static ByteBuf encode(List<Frame> frames) {
        EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder());
        frames.forEach(enc::writeOutbound);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null;) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    @Test
    void roundTripInRandomSplits(TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long[] p = new long[r.nextInt(0, i == 7 ? 100_000 : 300)];
            for (int j = 0; j < p.length; j++) {
                p[j] = r.nextLong();
            }
            frames.add(new Frame(r.nextLong(), i, FrameKind.values()[r.nextInt(FrameKind.values().length)], r.nextInt(0, 17), p));
        }
        ByteBuf wire = encode(frames);
        assertEquals(frames.stream().mapToLong(Frame::wireBytes).sum(), wire.readableBytes(), "wire size = wireBytes()");
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAX));
        while (wire.isReadable()) {
            dec.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), r.nextInt(1, 5000))));
        }
        for (Frame f : frames) {
            Frame g = dec.readInbound();
            assertEquals(f.sessionId(), g.sessionId());
            assertEquals(f.seq(), g.seq());
            assertEquals(f.kind(), g.kind());
            assertEquals(f.sender(), g.sender());
            assertArrayEquals(f.payload(), g.payload());
        }
        assertEquals((Object) null, dec.readInbound());
        wire.release();
    }

    private static Throwable decodeError(ByteBuf bytes) {
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAX));
        DecoderException e = assertThrows(DecoderException.class, () -> dec.writeInbound(bytes));
        return e instanceof TooLongFrameException || e instanceof CorruptedFrameException ? e : e.getCause();
    }

    @Test
    void oversizedTruncatedAndMalformedFrames() {
        ByteBuf tooLong = Unpooled.buffer().writeIntLE(MAX + 8).writeZero(16);
        Throwable e = decodeError(tooLong);
        assertInstanceOf(TooLongFrameException.class, e);
        assertEquals("frame of 1048584 bytes exceeds the maximum of 1048576", e.getMessage());
        Throwable odd = decodeError(Unpooled.buffer().writeIntLE(16 + 5).writeZero(21));
        assertEquals("frame body of 21 bytes is not 16 + 8n", odd.getMessage());
        ByteBuf badKind = Unpooled.buffer().writeIntLE(16).writeLongLE(1).writeIntLE(0).writeShortLE(99).writeShortLE(0);
        assertEquals("unknown frame kind 99", decodeError(badKind).getMessage());
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAX));
        ByteBuf truncated = encode(List.of(new Frame(1, 0, FrameKind.DATA, 0, new long[10])));
        dec.writeInbound(truncated.retainedSlice(0, truncated.readableBytes() - 3));
        assertEquals((Object) null, dec.readInbound(), "a truncated frame yields nothing until the rest arrives");
        truncated.release();
    }

    /** Random bytes either decode into frames or fail with a decoder error: never another exception or a hang. */
    @Test
    void fuzzedInputOnlyEverFailsCleanly(TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        int clean = 0;
        for (int run = 0; run < 2000; run++) {
            byte[] junk = new byte[r.nextInt(1, 400)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) r.nextInt();
            }
            if (run % 3 == 0 && junk.length >= 20) { // plausible header, junk after it
                ByteBuf b = Unpooled.wrappedBuffer(junk);
                b.setIntLE(0, 16 + 8 * r.nextInt(0, 40));
                b.setShortLE(16, r.nextInt(1, 8));
            }
            EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAX));
            try {
                dec.writeInbound(Unpooled.wrappedBuffer(junk));
                clean++;
            } catch (DecoderException expected) {
                assertFalse(expected.getMessage() != null && expected.getMessage().contains("NegativeArraySize"));
            }
            try {
                dec.finishAndReleaseAll(); // the decoder may report the same error again on close
            } catch (DecoderException again) {
                assertTrue(again instanceof TooLongFrameException || again instanceof CorruptedFrameException
                        || again.getCause() != null, again.toString());
            }
        }
        assertTrue(clean > 0, "some inputs are merely incomplete frames");
    }
}
