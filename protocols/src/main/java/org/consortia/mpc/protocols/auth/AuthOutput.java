package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * Revealing a result in malicious mode, so that no honest party sends anything that unmasks a result before the
 * result itself has passed a MAC check:
 * <ol>
 * <li>every value opened so far is checked ({@link MacCheck});</li>
 * <li>the parties open t = x + s, with s an authenticated random value (uniform in Z_2^128: t says nothing), and
 * check that opening: an error anywhere in x's computation, or in the opening, fails here;</li>
 * <li>only then: {@link #reveal} opens u = s - 2^64 r (r another random value, so that x + 2^64 r hides the high bits
 * of x, which carry its computation's history), checks it, and every party takes the low 64 bits of t - u;
 * {@link #revealTo} instead uses an s the receiver holds in clear, so the receiver alone unmasks.</li>
 * </ol>
 * A party that cheats in the last opening of {@link #reveal} learns the correct result (it has every honest share of
 * u) but no honest party accepts a wrong one. Cost of {@link #reveal}: 3 checks (12 rounds, 13 in a session's first) and 2 openings; of
 * {@link #revealTo}: 2 checks and 1 opening; 2 words per element to each peer per opening.
 */
public final class AuthOutput {
    private AuthOutput() {
    }

    /** x's values (64-bit ring words) at every party, after every check passed; else {@link CheckFailedException}. */
    public static long[] reveal(AuthParty party, AuthShare x, String phase) {
        int n = x.size();
        MacCheck.run(party, phase);
        AuthMaterial.Mask sr = party.take(new AuthRequest.Random(2 * n), AuthMaterial.Mask.class);
        AuthShare s = sr.r().slice(0, n);
        AuthShare r = sr.r().slice(n, 2 * n);
        long[] t = AuthOpen.open(party, x.add(s));
        MacCheck.run(party, phase);
        long[] u = AuthOpen.open(party, s.sub(r.shiftLeft(64)), Tamper.Point.OUTPUT);
        MacCheck.run(party, phase);
        return Z128.low(Z128.sub(t, u));
    }

    /** x's values at {@code receiver} (null elsewhere) after every check passed; else {@link CheckFailedException}. */
    public static long[] revealTo(AuthParty party, int receiver, AuthShare x, String phase) {
        MpcArgumentException.checkParty(receiver, party.parties(), "receiver");
        int n = x.size();
        MacCheck.run(party, phase);
        AuthMaterial.Mask s = party.take(new AuthRequest.Known(receiver, n), AuthMaterial.Mask.class);
        AuthMaterial.Mask r = party.take(new AuthRequest.Random(n), AuthMaterial.Mask.class);
        long[] t = AuthOpen.open(party, x.add(s.r()).add(r.r().shiftLeft(64)));
        MacCheck.run(party, phase);
        return party.self() == receiver ? Z128.low(Z128.sub(t, s.clear())) : null;
    }
}
