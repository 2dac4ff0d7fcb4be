package io.pedigree.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs requests from many threads released by one latch at the same instant, for race tests. */
public final class AtOnce {

    private AtOnce() {
    }

    /** Runs {@code request} once per client, all released together, and answers the responses in client order. */
    public static List<Api.Response> run(int clients, IntFunction<Api.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(client);
                }));
            }
            ready.await();
            go.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                out.add(f.get(90, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    public static List<Integer> statuses(List<Api.Response> answers) {
        return answers.stream().map(Api.Response::status).toList();
    }
}
