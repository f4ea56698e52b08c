package org.consortia.mpc.sharing;

/**
 * The one exception type for bad arguments: shape mismatches, shares of different sessions or
 * fractional-bit settings mixed in one operation, a party index out of range, and fixed-point values
 * outside the representable range. The message names the operands and their shapes; it never contains
 * a share or a private value.
 */
public class MpcArgumentException extends MpcException {
    private static final long serialVersionUID = 1L;

    public MpcArgumentException(String message) {
        super(message);
    }

    /** Throws unless {@code 0 <= party < parties}. */
    public static int checkParty(int party, int parties, String what) {
        if (party < 0 || party >= parties) {
            throw new MpcArgumentException(what + " = " + party + " is not a party index; expected 0.." + (parties - 1));
        }
        return party;
    }

    /** Throws unless {@code value >= 0}. */
    public static int checkNonNegative(int value, String name) {
        if (value < 0) {
            throw new MpcArgumentException(name + " = " + value + " must be >= 0");
        }
        return value;
    }
}
