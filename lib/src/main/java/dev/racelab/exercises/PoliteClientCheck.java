package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Require;
import dev.racelab.models.LocalServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** The check behind {@code Checks} for a polite client (notebook 08); see the facade for what it asks of the learner. */
final class PoliteClientCheck {
    private PoliteClientCheck() {}

    /**
     * A client that sends 200 requests concurrently but never more than 10 at once: a local server (loopback, 20 ms
     * per request) answers 429 above 10 in flight. Passes when all 200 get 200 OK, the server never saw more than
     * 10, and more than one was in flight at some moment.
     */
    static Verdict politeClient(String title, Client client) {
        Require.notNull("client", client);
        int n = 200, limit = 10;
        return Exercise.check(title, () -> {
            try (LocalServer server = LocalServer.start(limit, Duration.ofMillis(20));
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpRequest get = HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(10)).GET().build();
                AtomicInteger calls = new AtomicInteger();
                AtomicInteger fromVirtual = new AtomicInteger();
                List<Callable<Integer>> requests = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    requests.add(() -> {
                        calls.incrementAndGet();
                        if (Thread.currentThread().isVirtual()) fromVirtual.incrementAndGet();
                        return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                    });
                }
                long t0 = System.nanoTime();
                List<Integer> statuses = Exercise.runWithin(() -> client.fetchAll(requests), Duration.ofSeconds(8));
                double ms = (System.nanoTime() - t0) / 1e6;
                if (statuses == null) return Exercise.fail("fetchAll returned null instead of the %d statuses", n);
                long ok = statuses.stream().filter(s -> s != null && s == 200).count();
                long tooMany = statuses.stream().filter(s -> s != null && s == 429).count();
                if (tooMany > 0 || server.rejected() > 0) {
                    return Exercise.fail("the server answered 429 Too Many Requests %,d times: it saw %d requests in "
                            + "flight at once (allowed: %d)", server.rejected(), server.maxInFlight(), limit);
                }
                if (calls.get() != n || statuses.size() != n || ok != n) {
                    return Exercise.fail("%,d of %,d requests were sent and %,d statuses came back, %,d of them 200 OK",
                            calls.get(), n, statuses.size(), ok);
                }
                if (server.maxInFlight() < 2) {
                    return Exercise.fail("all %d requests got 200 OK, but one at a time (%.0f ms): send them "
                            + "concurrently, from virtual threads, at most %d at once", n, ms, limit);
                }
                Exercise.Outcome o = Exercise.pass("%d of %d requests got 200 OK, no 429; the server saw at most %d in "
                        + "flight (allowed: %d); %.0f ms in all", ok, n, server.maxInFlight(), limit, ms);
                if (fromVirtual.get() < n) {
                    o.detail("%d of %d requests ran on platform threads. That works (a pool of 10 threads is a cap too), "
                            + "but the exercise asked for one virtual thread per request, capped by a semaphore: the "
                            + "way to keep thousands of waiting requests cheap.", n - fromVirtual.get(), n);
                }
                return o;
            }
        });
    }
}
