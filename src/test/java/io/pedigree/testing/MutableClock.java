package io.pedigree.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, so events that must happen at different times do, without sleeping. It starts
 * at the real time and, like a real clock, never answers the same instant twice: each reading is a millisecond
 * after the last, so events stay ordered and distinct while the test decides how far apart they are.
 */
public final class MutableClock extends Clock {

    private static final Duration TICK = Duration.ofMillis(1);

    private Instant now;

    public MutableClock() {
        this(Instant.now());
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward and answers the new time. */
    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(TICK);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("A test clock is always UTC");
    }
}
