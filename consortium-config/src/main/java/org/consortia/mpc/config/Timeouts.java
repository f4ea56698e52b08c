package org.consortia.mpc.config;

import java.time.Duration;

/**
 * Timeouts: {@code connect} bounds how long a node waits for a peer's connection before it fails a send;
 * {@code round} bounds every receive inside a job; {@code idle} is how long a connection may stay silent
 * before it is declared dead (heartbeats go out at a third of it).
 */
public record Timeouts(Duration connect, Duration round, Duration idle) {
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ROUND = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(15);

    public static Timeouts defaults() {
        return new Timeouts(DEFAULT_CONNECT, DEFAULT_ROUND, DEFAULT_IDLE);
    }
}
