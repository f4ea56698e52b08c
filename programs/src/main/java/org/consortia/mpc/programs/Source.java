package org.consortia.mpc.programs;

/** A member's dataset whose data flow into a value. */
public record Source(int member, String dataset) implements Comparable<Source> {
    @Override
    public int compareTo(Source o) {
        return member != o.member ? Integer.compare(member, o.member) : dataset.compareTo(o.dataset);
    }
}
