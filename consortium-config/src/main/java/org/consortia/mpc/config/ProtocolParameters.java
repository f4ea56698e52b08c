package org.consortia.mpc.config;

import java.time.Duration;

/**
 * Protocol parameters of a session: fixed-point fractional bits, the per-round receive timeout, and where the
 * correlated randomness comes from ({@link OfflineMode}: the dealer by default), and how comparisons are computed
 * ({@link ComparisonMode}: boolean by default), and against whom jobs are secure ({@link SecurityMode}: semi-honest by
 * default; malicious needs the dealer). Validated on construction;
 * {@code source} names where the values came from for error messages.
 */
public record ProtocolParameters(int fractionalBits, Duration roundTimeout, OfflineMode offline, ComparisonMode comparisons,
        SecurityMode security) {
    public static final int DEFAULT_FRACTIONAL_BITS = 16;
    public static final int MIN_FRACTIONAL_BITS = 8;
    public static final int MAX_FRACTIONAL_BITS = 30;
    public static final Duration DEFAULT_ROUND_TIMEOUT = Duration.ofSeconds(60);

    public ProtocolParameters {
        validate("protocol parameters", fractionalBits, roundTimeout);
        if (offline == null) {
            throw new ConfigException("protocol parameters", "protocol.offline", "null", "dealer or ot");
        }
        if (comparisons == null) {
            throw new ConfigException("protocol parameters", "protocol.comparisons", "null", "boolean, fss or auto");
        }
        if (security == null) {
            throw new ConfigException("protocol parameters", "protocol.security", "null", "semi-honest or malicious");
        }
        if (security == SecurityMode.MALICIOUS && offline == OfflineMode.OT) {
            throw new ConfigException("protocol parameters", "protocol.security", "malicious with offline: ot",
                    MALICIOUS_NEEDS_DEALER);
        }
    }

    /** The fix a config or a job that asks for malicious security without the dealer is told. */
    public static final String MALICIOUS_NEEDS_DEALER = "offline: dealer (malicious security needs the dealer's "
            + "authenticated material; a dealer-free malicious mode is not built yet), or security: semi-honest";

    /** Semi-honest. */
    public ProtocolParameters(int fractionalBits, Duration roundTimeout, OfflineMode offline, ComparisonMode comparisons) {
        this(fractionalBits, roundTimeout, offline, comparisons, SecurityMode.SEMI_HONEST);
    }

    /** With boolean comparisons. */
    public ProtocolParameters(int fractionalBits, Duration roundTimeout, OfflineMode offline) {
        this(fractionalBits, roundTimeout, offline, ComparisonMode.BOOLEAN);
    }

    /** With the dealer's offline phase. */
    public ProtocolParameters(int fractionalBits, Duration roundTimeout) {
        this(fractionalBits, roundTimeout, OfflineMode.DEALER);
    }

    public static ProtocolParameters defaults() {
        return new ProtocolParameters(DEFAULT_FRACTIONAL_BITS, DEFAULT_ROUND_TIMEOUT);
    }

    public ProtocolParameters withFractionalBits(int bits) {
        return new ProtocolParameters(bits, roundTimeout, offline, comparisons, security);
    }

    public ProtocolParameters withRoundTimeout(Duration timeout) {
        return new ProtocolParameters(fractionalBits, timeout, offline, comparisons, security);
    }

    public ProtocolParameters withOffline(OfflineMode mode) {
        return new ProtocolParameters(fractionalBits, roundTimeout, mode, comparisons, security);
    }

    public ProtocolParameters withComparisons(ComparisonMode mode) {
        return new ProtocolParameters(fractionalBits, roundTimeout, offline, mode, security);
    }

    public ProtocolParameters withSecurity(SecurityMode mode) {
        return new ProtocolParameters(fractionalBits, roundTimeout, offline, comparisons, mode);
    }

    /** Validates values read from {@code source}, naming the offending field. */
    public static void validate(String source, int fractionalBits, Duration roundTimeout) {
        if (fractionalBits < MIN_FRACTIONAL_BITS || fractionalBits > MAX_FRACTIONAL_BITS) {
            throw new ConfigException(source, "protocol.fractionalBits", String.valueOf(fractionalBits),
                    "an integer in " + MIN_FRACTIONAL_BITS + ".." + MAX_FRACTIONAL_BITS + " (default " + DEFAULT_FRACTIONAL_BITS + ")");
        }
        if (roundTimeout == null || roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new ConfigException(source, "timeouts.round", String.valueOf(roundTimeout), "a positive duration such as 30s");
        }
    }
}
