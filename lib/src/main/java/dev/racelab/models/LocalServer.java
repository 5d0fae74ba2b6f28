package dev.racelab.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.racelab.core.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP server on this machine only (the JDK's {@code com.sun.net.httpserver}): each request takes
 * {@code service} time, and when more than {@code limit} requests are in flight it answers {@code 429 Too Many
 * Requests} at once, like a rate-limited API. It binds to loopback on a free port and refuses any other address.
 * <pre>{@code try (LocalServer server = LocalServer.start(10, Duration.ofMillis(50))) { ... server.uri() ... }}</pre>
 * A server nobody closes (a cell that failed before its {@code close}) stops by itself after its lifetime.
 */
public final class LocalServer implements AutoCloseable {
    /** Servers still running, so {@link #stopAll()} (and a test) can find them. */
    private static final Set<LocalServer> RUNNING = ConcurrentHashMap.newKeySet();
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(2);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Thread reaper;
    private final int limit;
    private final Duration service;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean closed;

    private LocalServer(InetAddress address, int port, int limit, Duration service, Duration lifetime) throws IOException {
        this.limit = limit;
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(address, port), 1024);
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("racelab-server-", 0).factory());
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        RUNNING.add(this);
        this.reaper = Thread.ofVirtual().name("racelab-server-lifetime").start(() -> {
            try {
                Thread.sleep(lifetime);
                close();
            } catch (InterruptedException e) {
                // closed before its lifetime ended
            }
        });
    }

    /** A server on 127.0.0.1 (loopback), on a port the OS picks free. */
    public static LocalServer start(int limit, Duration service) {
        return start(InetAddress.getLoopbackAddress(), 0, limit, service, DEFAULT_LIFETIME);
    }

    /**
     * A server on {@code address}, which must be a loopback address; port 0 picks a free one.
     * @throws IllegalArgumentException for any address that is not loopback, or bad limits
     */
    public static LocalServer start(InetAddress address, int port, int limit, Duration service, Duration lifetime) {
        Require.notNull("address", address);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("the course's server binds only to loopback (127.0.0.1 or ::1), "
                    + "never to " + address.getHostAddress() + ": nothing outside this machine may reach it");
        }
        if (port != 0) Require.inRange("port", port, 1024, 65535);
        Require.inRange("limit (requests in flight)", limit, 1, 100_000);
        Require.notNull("service time", service);
        Require.inRange("service time (ms)", service.toMillis(), 0, 60_000);
        Require.inRange("lifetime (s)", lifetime.toSeconds(), 1, 3600);
        try {
            return new LocalServer(address, port, limit, service, lifetime);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local server: " + e.getMessage(), e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            int code;
            if (now > limit) {
                rejected.incrementAndGet();
                code = 429;
            } else {
                try {
                    Thread.sleep(service);
                    served.incrementAndGet();
                    code = 200;
                } catch (InterruptedException e) {
                    code = 503; // the server is stopping
                }
            }
            // leave the count before answering: the client may send its next request as soon as it has the answer
            inFlight.decrementAndGet();
            ex.sendResponseHeaders(code, -1);
        }
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    public int port() { return server.getAddress().getPort(); }
    public int limit() { return limit; }
    public Duration service() { return service; }
    /** The most requests the server had in flight at once (including those it turned away). */
    public int maxInFlight() { return maxInFlight.get(); }
    public long served() { return served.get(); }
    public long rejected() { return rejected.get(); }
    /** True until the server has fully stopped (listener, handlers, registration), not just begun to close. */
    public boolean running() { return RUNNING.contains(this); }

    /** Zeroes the counters between two experiments on the same server. */
    public void resetStats() {
        maxInFlight.set(0);
        served.set(0);
        rejected.set(0);
    }

    /** Stops accepting, closes every connection and ends the handler threads. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            server.stop(0);
            handlers.shutdownNow();
            handlers.close();
        } finally {
            RUNNING.remove(this);
            if (Thread.currentThread() != reaper) reaper.interrupt();
        }
    }

    /** Stops every server this JVM still runs; returns how many there were. */
    public static int stopAll() {
        List<LocalServer> all = List.copyOf(RUNNING);
        all.forEach(LocalServer::close);
        return all.size();
    }

    /** How many servers are running in this JVM. */
    public static int runningCount() {
        return RUNNING.size();
    }

    @Override
    public String toString() {
        return "LocalServer " + uri() + " (limit " + limit + ", " + service.toMillis() + " ms per request"
                + (closed ? ", stopped" : "") + ")";
    }
}
