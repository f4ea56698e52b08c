package org.consortia.mpc.runtime.netty;

import java.time.Duration;

/**
 * A wide-area link emulated inside the transport, for tests and benchmarks only (this kernel has no netem): every
 * frame a node sends is held back by half the round-trip time plus its serialization time at the given bandwidth,
 * and frames on one link leave in order, one after another, as on a real link of that rate. Both ends of a link
 * should emulate it (each delays what it sends), so a message and its answer take one emulated RTT. Never for
 * production: a node runs with it only when started with {@code --emulate-rtt}, and logs it as such.
 *
 * @param rtt           round-trip time of every link
 * @param bitsPerSecond bandwidth of every link (per direction)
 */
public record LinkEmulation(Duration rtt, long bitsPerSecond) {
    public LinkEmulation {
        if (rtt.isNegative() || bitsPerSecond <= 0) {
            throw new IllegalArgumentException("link emulation: rtt " + rtt + " and bandwidth " + bitsPerSecond
                    + " bit/s must be >= 0 and > 0");
        }
    }

    /** Nanoseconds a frame of {@code bytes} occupies the link. */
    long serializationNanos(long bytes) {
        return (long) (bytes * 8.0 * 1e9 / bitsPerSecond);
    }

    long oneWayNanos() {
        return rtt.toNanos() / 2;
    }

    /** Parses "20ms" and "1gbit" (also kbit, mbit, bit; and 500us, 1s). */
    public static LinkEmulation parse(String rtt, String bandwidth) {
        return new LinkEmulation(duration(rtt), bits(bandwidth));
    }

    private static Duration duration(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofNanos((long) (Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6));
            }
            if (v.endsWith("us")) {
                return Duration.ofNanos((long) (Double.parseDouble(v.substring(0, v.length() - 2)) * 1e3));
            }
            if (v.endsWith("s")) {
                return Duration.ofNanos((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("emulated RTT '" + s + "': expected e.g. 20ms, 500us or 1s");
    }

    private static long bits(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = v.endsWith("gbit") ? 1_000_000_000L : v.endsWith("mbit") ? 1_000_000L : v.endsWith("kbit") ? 1_000L
                : v.endsWith("bit") ? 1L : -1;
        if (unit > 0) {
            String num = v.substring(0, v.length() - (unit == 1 ? 3 : 4));
            try {
                return (long) (Double.parseDouble(num) * unit);
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new IllegalArgumentException("emulated bandwidth '" + s + "': expected e.g. 1gbit, 100mbit or 512kbit");
    }

    @Override
    public String toString() {
        return "EMULATED link: rtt " + rtt.toNanos() / 1e6 + " ms, " + bitsPerSecond / 1e6 + " Mbit/s";
    }
}
