package io.pedigree.openlineage;

import io.pedigree.error.PedigreeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies accepted events to the graph behind the answers: one thread takes every event waiting (up to a group)
 * and applies them in one transaction, so under load the groups grow and a commit is shared by hundreds of
 * events instead of the handful of producers waiting at once. Accepted events are numbered; {@link #await} lets a
 * request wait until everything accepted before it is applied, which keeps read-your-writes on this instance.
 * The backlog is bounded: when it is full, accepting waits for room, so the sustained rate is the rate of
 * applying and memory stays bounded. Events stay marked pending in Neo4j until applied, so a crash loses none of
 * them: {@link Work#sweep} picks them up on any instance.
 */
final class Applier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** An accepted event, numbered in the order it was accepted on this instance (0: found by a sweep). */
    record Accepted(long seq, OlEvent event, String actor) {
    }

    /** What the applier does with the database; the thread, the queue and the numbering are this class's. */
    interface Work {
        /** Claims and applies {@code group} in one transaction; throws what the transaction failed with. */
        void apply(List<Accepted> group);

        /** Applies each event of {@code group} alone; marks refused those that cannot be applied. */
        void applyEach(List<Accepted> group);

        /** Applies pending events older than {@code olderThan} that no instance applies (left by a crash). */
        int sweep(Duration olderThan, int limit);
    }

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);
    /**
     * Pending this long, an event is taken as an orphan: far longer than a full backlog takes to drain, and
     * harmless when wrong, because claiming is exclusive and the owner then finds it claimed.
     */
    private static final Duration ORPHAN_AFTER = Duration.ofSeconds(60);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);
    /**
     * How long the applier waits for a short group to fill while no request is waiting to read: a group's cost is
     * mostly per group, so under a steady stream applying 8 events the moment they arrive leaves less of the
     * machine for accepting than applying a hundred a few milliseconds later.
     */
    private static final Duration LINGER = Duration.ofMillis(50);
    private static final long LINGER_STEP_MS = 5;

    private final LinkedBlockingQueue<Accepted> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final int group;
    private final Work work;
    private final AtomicLong accepted = new AtomicLong();
    private final Object progress = new Object();
    private final AtomicInteger readers = new AtomicInteger();
    private final Semaphore held = new Semaphore(1);
    private volatile long applied;
    private volatile boolean running = true;
    private final Thread thread;

    Applier(int backlog, int group, Work work) {
        this.room = new Semaphore(backlog);
        this.group = group;
        this.work = work;
        this.thread = new Thread(this::loop, "openlineage-apply");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Takes room for one event, waiting up to {@code patience} while the backlog is full; false when there was
     * none. Each room taken is given back by {@link #giveBack} or once its event is applied.
     */
    boolean reserve(Duration patience) throws InterruptedException {
        return room.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    void giveBack() {
        room.release();
    }

    /** Queues events stored as pending; called by one thread at a time, in the order they were stored. */
    synchronized void handOver(List<OlEvent> events, String actor) {
        for (OlEvent e : events) {
            queue.add(new Accepted(accepted.incrementAndGet(), e, actor));
        }
    }

    /** Events accepted here and not yet applied. */
    long backlog() {
        return accepted.get() - applied;
    }

    /**
     * Waits until every event accepted on this instance before the call is applied (or refused), at most
     * {@code patience}; answers whether it got there. Two volatile reads when nothing is pending.
     */
    boolean await(Duration patience) throws InterruptedException {
        long target = accepted.get();
        if (applied >= target) {
            return true;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        readers.incrementAndGet();
        try {
            synchronized (progress) {
                while (applied < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                }
            }
        } finally {
            readers.decrementAndGet();
        }
        return true;
    }

    /** Stops applying (after the group in hand) until {@link #resume}: for maintenance and tests. */
    void pause() throws InterruptedException {
        held.acquire();
    }

    void resume() {
        held.release();
    }

    private void loop() {
        long lastSweep = System.nanoTime();
        while (running) {
            try {
                Accepted first = queue.poll(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                held.acquire();
                try {
                    if (first != null) {
                        List<Accepted> taken = new ArrayList<>();
                        taken.add(first);
                        queue.drainTo(taken, group - 1);
                        fill(taken);
                        applyAll(taken);
                    } else if (System.nanoTime() - lastSweep > SWEEP_EVERY.toNanos()) {
                        // Even at start only events pending for long are orphans: newer ones may be another
                        // running instance's, which it is about to apply.
                        work.sweep(ORPHAN_AFTER, group);
                        lastSweep = System.nanoTime();
                    }
                } finally {
                    held.release();
                }
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException | Error failed) {
                LOG.warn("Sweeping pending OpenLineage events failed; they stay pending", failed);
            }
        }
    }

    /**
     * Waits up to {@link #LINGER} for {@code taken} to grow to a full group while events keep coming, unless a
     * request is waiting to read them (then it is applied at once) or the instance is stopping.
     */
    private void fill(List<Accepted> taken) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (taken.size() < group && readers.get() == 0 && running && System.nanoTime() < deadline) {
            Accepted next = queue.poll(LINGER_STEP_MS, TimeUnit.MILLISECONDS);
            if (next == null) {
                // Nothing came in a step: no stream to wait for.
                return;
            }
            taken.add(next);
            queue.drainTo(taken, group - taken.size());
        }
    }

    /** Applies {@code taken}, halving the group on a timeout and retrying while Neo4j is away, then records it. */
    private void applyAll(List<Accepted> taken) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        List<List<Accepted>> parts = new ArrayList<>(List.of(taken));
        try {
            while (!parts.isEmpty()) {
                List<Accepted> part = parts.remove(0);
                try {
                    work.apply(part);
                    backoff = Duration.ofMillis(100);
                } catch (PedigreeException.QueryTimeout slow) {
                    if (part.size() == 1) {
                        work.applyEach(part);
                    } else {
                        parts.add(0, part.subList(part.size() / 2, part.size()));
                        parts.add(0, part.subList(0, part.size() / 2));
                    }
                } catch (PedigreeException.Unavailable away) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("Applying {} accepted events failed; they stay pending and are retried in {} ms: {}",
                            part.size(), backoff.toMillis(), away.getMessage());
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF
                            : backoff.multipliedBy(2);
                    parts.add(0, part);
                } catch (RuntimeException refused) {
                    if (!running) {
                        // Stopping may be why it failed: the events stay pending for a sweep, none is refused.
                        return;
                    }
                    // A conflict or a mapping failure: the group's events are applied one by one, so only the bad
                    // ones are refused.
                    work.applyEach(part);
                }
            }
        } finally {
            // Applied, refused, or (stopping) left pending for a sweep: either way no longer this instance's.
            synchronized (progress) {
                applied = Math.max(applied, taken.get(taken.size() - 1).seq());
                progress.notifyAll();
            }
            room.release(taken.size());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
