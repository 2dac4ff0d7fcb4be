package io.pedigree.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.pedigree.error.PedigreeException.TooManyRequests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps tokens that do not authenticate from costing a database query each.
 *
 * <p>A refused token is remembered (by hash) for {@link #REMEMBERED}, so sending it again is refused from memory.
 * That never refuses a good token: tokens carry 256 random bits, so one refused now cannot be one issued later,
 * and the one token that can come back to life, a configured admin token installed again after a revocation,
 * clears these entries on this instance (on others it is refused for at most {@code REMEMBERED}).
 *
 * <p>Every distinct unknown token still needs one lookup, so each client address has a budget of lookups:
 * {@link #BURST} at once, refilled by one every {@link #REFILL}. A lookup that authenticates is given back; a
 * client that has spent its budget on refused tokens is told to retry later, with no lookup at all. Tokens that
 * authenticated within {@link #TRUSTED} are checked again without touching the budget, so a flood from a shared
 * address (a proxy, a NAT) does not lock out the tokens already in use behind it.
 */
final class FailedTokens {

    static final Duration REMEMBERED = Duration.ofMinutes(1);
    static final int MAX_REMEMBERED = 100_000;
    static final int BURST = 60;
    static final Duration REFILL = Duration.ofMillis(200);
    static final Duration TRUSTED = Duration.ofMinutes(10);
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Cache<String, Boolean> refused;
    private final Cache<String, Budget> budgets;
    private final Cache<String, Boolean> accepted;

    FailedTokens(Clock clock) {
        this.clock = clock;
        Ticker ticker = ticker(clock);
        this.refused = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(REMEMBERED)
                .maximumSize(MAX_REMEMBERED).build();
        this.accepted = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(TRUSTED)
                .maximumSize(MAX_REMEMBERED).build();
        this.budgets = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(REFILL.multipliedBy(BURST * 2L))
                .maximumSize(MAX_CLIENTS).build();
    }

    /** Caffeine's time from the service's clock, so tests that move the clock see cache entries expire. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** Whether this token hash was refused a moment ago. */
    boolean recentlyRefused(String hash) {
        return refused.getIfPresent(hash) != null;
    }

    /** Whether this token hash authenticated a short while ago, so checking it again needs no budget. */
    boolean recentlyAccepted(String hash) {
        return accepted.getIfPresent(hash) != null;
    }

    void accepted(String hash) {
        accepted.put(hash, Boolean.TRUE);
    }

    /** Takes one lookup from {@code client}'s budget, or throws {@link TooManyRequests} if none is left. */
    void spend(String client) {
        Duration wait = budgets.get(client, c -> new Budget(clock.instant())).take(clock.instant());
        if (!wait.isZero()) {
            throw new TooManyRequests("Too many unknown tokens from this address; retry after " + wait.toSeconds()
                    + " s", wait);
        }
    }

    /** Gives back a lookup that found a good token. */
    void refund(String client) {
        Budget b = budgets.getIfPresent(client);
        if (b != null) {
            b.giveBack();
        }
    }

    void refused(String hash) {
        refused.put(hash, Boolean.TRUE);
    }

    /** Forgets every refused token: one of them may be good now. */
    void forgetRefused() {
        refused.invalidateAll();
    }

    /** A token bucket: {@link #BURST} lookups, one more every {@link #REFILL}. */
    private static final class Budget {
        private double left = BURST;
        private Instant at;

        Budget(Instant now) {
            this.at = now;
        }

        /** Takes one lookup; answers zero, or how long until one is available. */
        synchronized Duration take(Instant now) {
            if (now.isAfter(at)) {
                left = Math.min(BURST, left + (double) Duration.between(at, now).toNanos() / REFILL.toNanos());
                at = now;
            }
            if (left >= 1) {
                left -= 1;
                return Duration.ZERO;
            }
            long nanos = (long) Math.ceil((1 - left) * REFILL.toNanos());
            return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
        }

        synchronized void giveBack() {
            left = Math.min(BURST, left + 1);
        }
    }
}
