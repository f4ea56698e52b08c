package org.consortia.mpc.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The router's bounds: unexpected sessions, the cap on mailboxes opened by frames, and backpressure. */
class FrameRouterTest {
    private static Frame data(long session, int seq, int sender, int words) {
        return new Frame(session, seq, FrameKind.DATA, sender, new long[words]);
    }

    @Test
    void framesForSessionsNobodyExpectsAreDroppedAtOnce() {
        FrameRouter r = new FrameRouter(3);
        r.expectedSessionsOnly();
        for (int i = 0; i < 1000; i++) {
            r.deliver(data(1000 + i, 0, 1, 1 << 10));
        }
        assertEquals(0, r.openSessions());
        assertEquals(1000, r.droppedFrames());
        r.expect(7);
        r.deliver(data(7, 0, 1, 4));
        assertEquals(1, r.openSessions());
        r.release(7);
        r.deliver(data(7, 1, 1, 4)); // late frame of a finished session
        assertEquals(0, r.openSessions());
    }

    @Test
    void subSessionsAreExpectedAndReleasedWithTheirSession() {
        FrameRouter r = new FrameRouter(3);
        r.expectedSessionsOnly();
        long session = 0x0034_5678_9abc_def1L;
        for (int k = 0; k < FrameRouter.MAX_SUB_SESSIONS; k++) {
            assertNotEquals(session, FrameRouter.subSession(session, k), "a sub-session is never its session");
        }
        long link01 = FrameRouter.subSession(session, 16 * 0 + 1); // party 0 sends, party 1 receives
        long link21 = FrameRouter.subSession(session, 16 * 2 + 1);
        r.deliver(data(link01, 0, 1, 4)); // not expected yet
        assertEquals(0, r.openSessions());
        r.expect(session);
        assertTrue(r.familyInUse(session ^ (7L << 56)), "a proposal reusing the low 56 bits is seen");
        r.deliver(data(link01, 0, 1, 4));
        r.deliver(data(link21, 0, 2, 4));
        assertEquals(2, r.openSessions());
        r.deliver(data(FrameRouter.subSession(session + 2, 1), 0, 1, 4)); // another session's
        r.deliver(data(link01, 0, 2, 4)); // node 2 is not on the link between 0 and 1
        r.deliver(data(FrameRouter.subSession(session, 16 * 1 + 1), 0, 1, 4)); // no link from a party to itself
        r.deliver(data(FrameRouter.subSession(session, 16 * 7 + 1), 0, 1, 4)); // node 7 does not exist
        assertEquals(2, r.openSessions(), "only the links a sender takes part in open mailboxes");
        r.release(session);
        assertEquals(0, r.openSessions(), "the session's end releases its sub-sessions");
        assertFalse(r.familyInUse(session));
        r.deliver(data(link01, 1, 1, 4));
        r.deliver(data(link21, 1, 2, 4));
        assertEquals(0, r.openSessions(), "late frames of a finished session's links are dropped");
        assertThrows(IllegalArgumentException.class, () -> FrameRouter.subSession(session, FrameRouter.MAX_SUB_SESSIONS));
    }

    @Test
    void withoutExpectationsFramesOpenAtMostABoundedNumberOfMailboxes() {
        FrameRouter r = new FrameRouter(2);
        for (int i = 0; i < 3 * FrameRouter.MAX_UNCLAIMED_SESSIONS; i++) {
            r.deliver(data(i + 1, 0, 1, 1));
        }
        assertEquals(FrameRouter.MAX_UNCLAIMED_SESSIONS, r.openSessions());
        assertEquals(2L * FrameRouter.MAX_UNCLAIMED_SESSIONS, r.droppedFrames());
    }

    @Test
    void aFullMailboxPausesItsSenderUntilItDrains() throws Exception {
        FrameRouter r = new FrameRouter(3, 10_000);
        List<String> events = new ArrayList<>();
        r.backpressure(new FrameRouter.Backpressure() {
            @Override
            public void pause(int node) {
                events.add("pause " + node);
            }

            @Override
            public void resume(int node) {
                events.add("resume " + node);
            }
        });
        SessionMailbox box = r.mailbox(5);
        for (int i = 0; i < 20; i++) {
            r.deliver(data(5, i, 2, 125)); // 1,000 payload bytes + header each
        }
        assertEquals(List.of("pause 2"), events);
        for (int i = 0; i < 15; i++) {
            assertNotNull(box.poll(2, 1_000_000));
        }
        assertEquals(List.of("pause 2"), events, "5 frames (over half the high-water mark) still queued");
        assertNotNull(box.poll(2, 1_000_000));
        assertEquals(List.of("pause 2", "resume 2"), events, "resumes below half the high-water mark");
        for (int i = 0; i < 20; i++) {
            r.deliver(data(5, 20 + i, 2, 125));
        }
        r.release(5); // a finished session resumes the sender it paused
        assertEquals(List.of("pause 2", "resume 2", "pause 2", "resume 2"), events);
    }
}
