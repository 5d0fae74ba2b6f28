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
    private double seconds = 30; // a safety net for a loaded machine: a quiet one needs about 4 s

    /** A range {@code Throttle} checks; its terminal option's help names the same constant. */
    public static final String REQUESTS_RANGE = "1..10000";

    private Throttle(int requests) {
        this.requests = Require.inRange("requests", requests, REQUESTS_RANGE);
    }

    public static Throttle of(int requests) {
        return new Throttle(requests);
    }

    /** A range {@code limit} checks; its terminal option's help names the same constant. */
    public static final String LIMIT_RANGE = "1..1000";

    /** The server's limit, and the client's semaphore permits ({@value #LIMIT_RANGE}). */
    public Throttle limit(int n) {
        this.limit = Require.inRange("limit", n, LIMIT_RANGE);
        return this;
    }

    /** A range {@code serviceMillis} checks; its terminal option's help names the same constant. */
    public static final String SERVICE_MILLIS_RANGE = "1..5000";

    public Throttle serviceMillis(int ms) {
        Require.inRange("service time (ms)", ms, SERVICE_MILLIS_RANGE);
        this.service = Duration.ofMillis(ms);
        return this;
    }

    public Throttle seconds(double s) {
        this.seconds = Require.inRange("time budget (s)", s, 0.1, 600);
        return this;
    }

    /** One client run: statuses, most in flight (client and server side), wall time, in-flight over time. */
    record Round(int ok, int tooMany, int other, int clientMax, int serverMax, double wallMs, double[] tMs, double[] inFlight,
                 int attempts) {}

    /** First back-off after a 429; doubled (with jitter) after each further 429 of the same request. */
    static final int BACKOFF_MS = 10;
    /** A request gives up after this many attempts. */
    static final int MAX_ATTEMPTS = 10;
    /** The back-off stops doubling here. */
    static final int MAX_BACKOFF_MS = 200;

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
             Progress progress = Progress.start("throttle", 3)) {
            // without a cap: repeated (at most 3 times) until the server turned some away, so the
            // comparison below never rests on one lucky round
            Round free = null;
            for (int round = 1; round <= 3 && (free == null || free.tooMany == 0); round++) {
                server.resetStats();
                free = round(client, server, requests, null, false, deadline);
                t.add("uncapped", round, free.ok, free.tooMany, free.other, free.clientMax, free.serverMax, free.wallMs);
            }
            series.add(new Series("no cap", free.tMs, free.inFlight));
            progress.set(1);
            server.resetStats();
            Round capped = round(client, server, requests, new Semaphore(limit), false, deadline);
            t.add("Semaphore(" + limit + ")", 1, capped.ok, capped.tooMany, capped.other, capped.clientMax,
                    capped.serverMax, capped.wallMs);
            series.add(new Series("Semaphore(" + limit + ")", capped.tMs, capped.inFlight));
            progress.set(2);
            server.resetStats();
            Round retry = round(client, server, requests, null, true, deadline);
            t.add("no cap, retry after 429", 1, retry.ok, retry.tooMany, retry.other, retry.clientMax, retry.serverMax,
                    retry.wallMs);
            series.add(new Series("no cap, retry with back-off", retry.tMs, retry.inFlight));
            progress.set(3);
            b.figure("retry_200", retry.ok, "responses");
            b.figure("retry_429", retry.tooMany, "responses");
            b.figure("retry_gave_up", requests - retry.ok - retry.other, "requests");
            b.figure("retry_other", retry.other, "responses");
            b.figure("retry_attempts", retry.attempts, "requests sent");
            b.figure("retry_wall_ms", retry.wallMs, "ms");
            b.figure("capped_attempts", capped.attempts, "requests sent");
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
                    + "the handler (a 429 leaves at once). The retrying client waits " + BACKOFF_MS + " ms after a 429, "
                    + "doubling (with jitter) after each further one up to " + MAX_BACKOFF_MS + " ms, at most " + MAX_ATTEMPTS
                    + " attempts per request.");
        }
        b.samples(t).showSamples().explainer(ThrottleExplain::explain);
        double limitLine = limit;
        b.chart(r -> {
            List<Series> all = new ArrayList<>(series);
            double end = series.stream().mapToDouble(s -> s.x().length == 0 ? 0 : s.x()[s.x().length - 1]).max().orElse(1);
            all.add(new Series("server limit", new double[] {0, end}, new double[] {limitLine, limitLine}));
            return Charts.reference(Charts.lines("Requests in flight (client side), " + requests + " requests",
                    "ms since the first request", "requests in flight", all, false, false), all.size() - 1);
        });
        return b.build();
    }

    /** Fires every request from its own virtual thread; with {@code permits}, each holds one while in flight. */
    static Round round(HttpClient client, LocalServer server, int requests, Semaphore permits, boolean retry, long deadline) {
        AtomicInteger ok = new AtomicInteger(), tooMany = new AtomicInteger(), other = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
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
                            long backoff = BACKOFF_MS;
                            for (int attempt = 1; ; attempt++) {
                                int code;
                                attempts.incrementAndGet();
                                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                try {
                                    code = client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                                if (code == 429 && retry && attempt < MAX_ATTEMPTS) {
                                    tooMany.incrementAndGet();
                                    Thread.sleep(backoff + java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff + 1));
                                    backoff = Math.min(2 * backoff, MAX_BACKOFF_MS);
                                    continue;
                                }
                                (code == 200 ? ok : code == 429 ? tooMany : other).incrementAndGet();
                                break;
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
        return new Round(ok.get(), tooMany.get(), other.get(), most.get(), server.maxInFlight(), wall, ts, vs, attempts.get());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
