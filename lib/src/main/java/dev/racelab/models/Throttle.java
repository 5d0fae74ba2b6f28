package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The semaphore, Java's answer to "at most N at once" (a Go buffered channel used as a token bucket, Python's
 * {@code asyncio.Semaphore}): a client fires many requests from virtual threads at a local server that answers 429
 * above 10 in flight — once without a cap, once with a {@code Semaphore(10)}.
 * {@code Throttle.of(200).run()}
 */
public final class Throttle {
    private int requests;
    private int limit = 10;
    private Duration service = Duration.ofMillis(50);
    private double seconds = 8;

    private Throttle(int requests) {
        this.requests = Require.inRange("requests", requests, 1, 10_000);
    }

    public static Throttle of(int requests) {
        return new Throttle(requests);
    }

    /** The server's limit, and the client's semaphore permits (1..1,000). */
    public Throttle limit(int n) {
        this.limit = Require.inRange("limit", n, 1, 1_000);
        return this;
    }

    public Throttle serviceMillis(int ms) {
        Require.inRange("service time (ms)", ms, 1, 5_000);
        this.service = Duration.ofMillis(ms);
        return this;
    }

    public Throttle seconds(double s) {
        this.seconds = Require.inRange("time budget (s)", s, 0.1, 600);
        return this;
    }

    /** One client run: statuses, most in flight (client and server side), wall time, in-flight over time. */
    record Round(int ok, int tooMany, int other, int clientMax, int serverMax, double wallMs, double[] tMs, double[] inFlight) {}

    public Result run() {
        Result.Builder b = Result.builder("throttle", requests + " requests at a server that allows " + limit + " in flight")
                .param("requests", requests).param("server_limit", limit).param("service_ms", service.toMillis());
        DataTable t = new DataTable("client", "round", "ok_200", "too_many_429", "other", "max_in_flight_client",
                "max_in_flight_server", "wall_ms");
        List<Series> series = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        try (LocalServer server = LocalServer.start(limit, service);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build();
             Progress progress = Progress.start("throttle", 2)) {
            // without a cap: repeated (at most 3 times) until the server turned some away, so the
            // comparison below never rests on one lucky round
            Round free = null;
            for (int round = 1; round <= 3 && (free == null || free.tooMany == 0); round++) {
                server.resetStats();
                free = round(client, server, requests, null, deadline);
                t.add("uncapped", round, free.ok, free.tooMany, free.other, free.clientMax, free.serverMax, free.wallMs);
            }
            series.add(new Series("no cap", free.tMs, free.inFlight));
            progress.set(1);
            server.resetStats();
            Round capped = round(client, server, requests, new Semaphore(limit), deadline);
            t.add("Semaphore(" + limit + ")", 1, capped.ok, capped.tooMany, capped.other, capped.clientMax,
                    capped.serverMax, capped.wallMs);
            series.add(new Series("Semaphore(" + limit + ")", capped.tMs, capped.inFlight));
            progress.set(2);
            b.figure("uncapped_429", free.tooMany, "responses");
            b.figure("uncapped_200", free.ok, "responses");
            b.figure("uncapped_max_in_flight", free.clientMax, "requests");
            b.figure("uncapped_max_in_flight_server", free.serverMax, "requests");
            b.figure("uncapped_wall_ms", free.wallMs, "ms");
            b.figure("capped_429", capped.tooMany, "responses");
            b.figure("capped_200", capped.ok, "responses");
            b.figure("capped_max_in_flight", capped.clientMax, "requests");
            b.figure("capped_max_in_flight_server", capped.serverMax, "requests");
            b.figure("capped_wall_ms", capped.wallMs, "ms");
            b.figure("uncapped_rounds", t.where("client", "uncapped").size(), "");
            b.note("Server on " + server.uri() + " (loopback only), stopped when the cell ended; each request takes "
                    + service.toMillis() + " ms. In flight, client side: sent and not yet answered; server side: inside "
                    + "the handler (a 429 leaves at once).");
        }
        b.samples(t).showSamples();
        double limitLine = limit;
        b.chart(r -> {
            List<Series> all = new ArrayList<>(series);
            double end = series.stream().mapToDouble(s -> s.x().length == 0 ? 0 : s.x()[s.x().length - 1]).max().orElse(1);
            all.add(new Series("server limit", new double[] {0, end}, new double[] {limitLine, limitLine}));
            return Charts.lines("Requests in flight (client side), " + requests + " requests", "ms since the first request",
                    "requests in flight", all, false, false);
        });
        return b.build();
    }

    /** Fires every request from its own virtual thread; with {@code permits}, each holds one while in flight. */
    static Round round(HttpClient client, LocalServer server, int requests, Semaphore permits, long deadline) {
        AtomicInteger ok = new AtomicInteger(), tooMany = new AtomicInteger(), other = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger(), most = new AtomicInteger();
        HttpRequest get = HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(20)).GET().build();
        List<double[]> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Crew crew = Crew.virtual("throttle-client")) {
            Thread sampler = Thread.ofVirtual().name("racelab-throttle-sampler").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    synchronized (samples) {
                        samples.add(new double[] {(System.nanoTime() - t0) / 1e6, inFlight.get()});
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                for (int i = 0; i < requests; i++) {
                    crew.start(() -> {
                        boolean held = false;
                        try {
                            if (permits != null) {
                                permits.acquire();
                                held = true;
                            }
                            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            try {
                                int code = client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                                (code == 200 ? ok : code == 429 ? tooMany : other).incrementAndGet();
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException e) {
                            other.incrementAndGet();
                        } finally {
                            if (held) permits.release();
                        }
                    });
                }
                if (!crew.joinUntil(deadline)) {
                    throw new IllegalStateException("the requests did not finish within the time budget");
                }
            } finally {
                sampler.interrupt();
                try {
                    sampler.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        double[] ts, vs;
        synchronized (samples) {
            samples.add(new double[] {wall, 0});
            ts = samples.stream().mapToDouble(s -> s[0]).toArray();
            vs = samples.stream().mapToDouble(s -> s[1]).toArray();
        }
        Budget.checkInterrupt();
        return new Round(ok.get(), tooMany.get(), other.get(), most.get(), server.maxInFlight(), wall, ts, vs);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
