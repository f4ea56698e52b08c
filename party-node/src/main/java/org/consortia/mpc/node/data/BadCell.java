package org.consortia.mpc.node.data;

/** A cell that does not fit its column's declared type: what is wrong with it, never its value. */
final class BadCell extends Exception {
    private static final long serialVersionUID = 1L;

    BadCell(String reason) {
        super(reason, null, false, false);
    }
}
