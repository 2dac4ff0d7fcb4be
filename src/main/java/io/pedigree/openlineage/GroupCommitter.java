package io.pedigree.openlineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Group commit: callers hand over their event and wait; one writer thread takes every event waiting (up to a cap)
 * and writes them together in one transaction (single posts: stores them pending, see {@link Inbox}), so concurrent
 * producers share its statements and its commit instead of queueing for them one by one. Each caller gets its own answer.
 * Nothing here makes the result correct: the transaction's locks do, so several instances on one Neo4j are safe.
 */
final class GroupCommitter {

    private record Pending(OlEvent event, String actor, CompletableFuture<Object> answer) {
    }

    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor writer;
    private final int cap;
    private final BiFunction<List<OlEvent>, String, List<Object>> apply;

    /**
     * {@code apply} writes a group of one actor's events and answers, per event, an {@link Views.Ingested} or the
     * {@link RuntimeException} that event is refused with.
     */
    GroupCommitter(int cap, BiFunction<List<OlEvent>, String, List<Object>> apply) {
        this.cap = cap;
        this.apply = apply;
        // One writer, started when events come and gone when they stop, so an idle instance holds no thread.
        this.writer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "openlineage-group-commit");
            t.setDaemon(true);
            return t;
        });
        writer.allowCoreThreadTimeOut(true);
    }

    /** Applies {@code e} with whatever else is waiting; returns once it is committed, or throws its refusal. */
    Views.Ingested submit(OlEvent e, String actor) {
        Pending p = new Pending(e, actor, new CompletableFuture<>());
        waiting.add(p);
        writer.execute(this::drain);
        Object answer;
        try {
            answer = p.answer().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException r ? r : failed;
        }
        if (answer instanceof RuntimeException refused) {
            // Thrown on the caller's thread, so its stack and the HTTP mapping are the caller's own.
            throw refused;
        }
        return (Views.Ingested) answer;
    }

    private void drain() {
        List<Pending> group = new ArrayList<>();
        waiting.drainTo(group, cap);
        if (group.isEmpty()) {
            return;
        }
        Map<String, List<Pending>> byActor = new LinkedHashMap<>();
        group.forEach(p -> byActor.computeIfAbsent(p.actor(), a -> new ArrayList<>()).add(p));
        byActor.forEach((actor, pending) -> {
            try {
                List<Object> answers = apply.apply(pending.stream().map(Pending::event).toList(), actor);
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).answer().complete(answers.get(i));
                }
            } catch (RuntimeException | Error failed) {
                pending.forEach(p -> p.answer().completeExceptionally(failed));
            }
        });
    }
}
