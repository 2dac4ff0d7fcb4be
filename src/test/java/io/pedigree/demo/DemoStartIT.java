package io.pedigree.demo;

import io.pedigree.MainAccess;
import io.pedigree.testing.Api;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code serve --demo} is healthy only once the demo is loaded and the admin token printed. */
class DemoStartIT {

    @AfterEach
    void wipe() {
        TestNeo4j.wipe();
    }

    /** What one health check saw: its status, its state, and whether the token had been printed by its answer. */
    private record Seen(int status, String state, boolean tokenPrinted) {
    }

    @Test
    void healthSaysStartingUntilTheDemoIsLoadedAndTheAdminTokenPrinted() throws Exception {
        TestNeo4j.wipe();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_PORT", Integer.toString(port));
        env.put("NEO4J_URI", TestNeo4j.uri());
        env.put("NEO4J_PASSWORD", TestNeo4j.password());
        env.put("PEDIGREE_DATA_DIR", TestApp.tempDir("pedigree-demo-start").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = new Thread(() -> exit.set(MainAccess.run(new String[] {"serve", "--demo"}, env, printed,
                new PrintStream(new ByteArrayOutputStream()), stop)), "serve-demo");
        server.start();
        Api health = new Api("http://127.0.0.1:" + port, null);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> {
                        Api.Response r = health.get("/api/v1/health");
                        // Read after the answer: a token printed only after a 200 is missing here.
                        boolean token = out.toString(StandardCharsets.UTF_8).contains("Admin token (shown only");
                        seen.add(new Seen(r.status(), r.json().path("state").asText(""), token));
                        return r.status() == 200;
                    });
        } finally {
            stop.countDown();
            server.join(30_000);
        }

        assertThat(seen).filteredOn(s -> s.status() == 200).allMatch(Seen::tokenPrinted);
        assertThat(seen).filteredOn(s -> s.status() != 200).extracting(Seen::status, Seen::state)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(503, "starting"));
        assertThat(seen).as("the health check was asked while the demo loaded").anyMatch(s -> s.status() == 503);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Demo data loaded", "Demo registry loaded");
        assertThat(exit.get()).isZero();
    }
}
