package io.pedigree.mlflow;

import io.pedigree.audit.Digest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recognises a client's retry of a create whose answer was lost. MLflow's clients retry any failed call (a timeout
 * included) with the same request, so the same principal sending the same create within {@link #WINDOW} gets the
 * first result back instead of a second run or version. Past the window the same request creates anew.
 */
final class Retries {

    /** Longer than the clients' whole retry schedule (three attempts with backoff), short enough not to merge work. */
    static final Duration WINDOW = Duration.ofMinutes(10);

    private Retries() {
    }

    /** The request's fingerprint: who sent which call with which fields, as canonical JSON digested. */
    static String digest(String actor, String call, Object... fields) {
        List<Object> parts = new ArrayList<>();
        parts.add(actor);
        parts.add(call);
        parts.addAll(Arrays.asList(fields));
        return Digest.of(parts);
    }

    /** The earliest creation time (ms) a create may have had to count as the one being retried now. */
    static long since(Clock clock) {
        return clock.instant().minus(WINDOW).toEpochMilli();
    }
}
