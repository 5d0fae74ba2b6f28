package dev.racelab.db;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.chart.Charts;
import dev.racelab.notebook.Progress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data race in a real database (H2, in memory): concurrent "requests" each count one page view. The naive
 * way reads the count, then writes count + 1 in a second statement — and loses views. Then three fixes, each
 * measured. Isolation level: READ COMMITTED, set explicitly on every connection.
 * {@code PageViews.requests(2_000).workers(4).run(PageViews.Method.READ_THEN_WRITE)}
 */
public final class PageViews {
    /** How a request counts its view. */
    public enum Method {
        READ_THEN_WRITE("SELECT views, then UPDATE views = ? (two statements)"),
        ATOMIC_UPDATE("UPDATE views = views + 1 (one statement)"),
        SELECT_FOR_UPDATE("SELECT … FOR UPDATE, then UPDATE, in one transaction"),
        OPTIMISTIC("version column: UPDATE … WHERE version = ?, retry on conflict");

        final String description;

        Method(String d) {
            this.description = d;
        }

        public String description() {
            return description;
        }
    }

    private static final AtomicInteger OPEN = new AtomicInteger();

    private int requests;
    private int workers = 4;

    private PageViews(int requests) {
        this.requests = requests;
    }

    /** A range {@code requests} checks; its terminal option's help names the same constant. */
    public static final String REQUESTS_RANGE = "1..10000000";

    public static PageViews requests(int n) {
        return new PageViews(Require.inRange("requests", n, REQUESTS_RANGE));
    }

    public static PageViews defaults() {
        return requests(Profile.quickOrFull(5_000, 100_000));
    }

    /** A range {@code workers} checks; its terminal option's help names the same constant. */
    public static final String WORKERS_RANGE = "1..64";

    public PageViews workers(int n) {
        this.workers = Require.inRange("workers", n, WORKERS_RANGE);
        return this;
    }

    /** Connections this class has open right now (tests check it returns to zero, also after a failure). */
    public static int openConnections() {
        return OPEN.get();
    }

    /**
     * Every method on a fresh database each, in {@link #ROUNDS} interleaved rounds (so the JIT's warm-up does not
     * favour the method that happens to run last): lost views and requests per second.
     */
    public Result compare() {
        Method[] methods = Method.values();
        warmUp(methods);
        long[] views = new long[methods.length], retries = new long[methods.length], nanos = new long[methods.length];
        int[] done = new int[methods.length];
        Budget.Meter meter = Budget.of(ROUNDS, budget()).start();
        try (Progress progress = Progress.start("page-view rounds", ROUNDS)) {
            while (meter.more()) {
                int round = (int) meter.done();
                int n = requests / ROUNDS + (round < requests % ROUNDS ? 1 : 0);
                for (int i = 0; i < methods.length; i++) {
                    if (n == 0) continue;
                    Row r = measure(methods[i], n);
                    views[i] += r.views;
                    retries[i] += r.retries;
                    nanos[i] += r.nanos;
                    done[i] += n;
                }
                meter.count();
                progress.set(meter.done());
            }
        }
        DataTable t = new DataTable("method", "requests", "views counted", "lost views", "retries", "requests_per_s");
        Map<String, Number> lost = new LinkedHashMap<>();
        Result.Builder b = Result.builder("page-views", "Counting page views in H2: " + done[0] + " requests, " + workers + " workers")
                .param("requests", requests).param("workers", workers).param("isolation", "READ COMMITTED")
                .param("rounds", ROUNDS);
        for (int i = 0; i < methods.length; i++) {
            double perS = nanos[i] == 0 ? Double.NaN : done[i] / (nanos[i] / 1e9);
            t.add(methods[i].description, done[i], views[i], done[i] - views[i], retries[i], perS);
            lost.put(methods[i].name().toLowerCase().replace('_', ' '), done[i] - views[i]);
            Names names = Names.of(methods[i]);
            b.figure(names.requests(), done[i], "");
            b.figure(names.lost(), done[i] - views[i], "views");
            b.figure(names.perS(), perS, "requests/s");
            b.figure(names.retries(), retries[i], "");
        }
        b.note("Each round runs every method on a fresh in-memory database (isolation READ COMMITTED, set on every "
                + "connection); " + WARMUP_REQUESTS + " untimed requests per method ran first.");
        b.explainer(PageViewsExplain::explain);
        return b.samples(t).showSamples().ended(meter.describe().replace(" trials", " rounds"))
                .chart(r -> Charts.bars("Page views lost, by how the request counts", "views lost", lost, false)).build();
    }

    /** One method's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String requests, String lost, String perS, String retries) {
        static Names of(Method method) {
            return switch (method) {
                case READ_THEN_WRITE -> new Names("read_then_write_requests", "read_then_write_lost",
                        "read_then_write_per_s", "read_then_write_retries");
                case ATOMIC_UPDATE -> new Names("atomic_update_requests", "atomic_update_lost",
                        "atomic_update_per_s", "atomic_update_retries");
                case SELECT_FOR_UPDATE -> new Names("select_for_update_requests", "select_for_update_lost",
                        "select_for_update_per_s", "select_for_update_retries");
                case OPTIMISTIC -> new Names("optimistic_requests", "optimistic_lost", "optimistic_per_s",
                        "optimistic_retries");
            };
        }
    }

    /** One method alone (after a warm-up): views counted, lost, retries, requests per second. */
    public Result run(Method m) {
        Require.notNull("method", m);
        warmUp(m);
        Row r = measure(m, requests);
        return Result.builder("page-views", "Page views in H2, " + m.description)
                .param("method", m.name()).param("requests", requests).param("workers", workers).param("isolation", "READ COMMITTED")
                .figure("views", r.views, "").figure("lost", requests - r.views, "views")
                .figure("retries", r.retries, "").figure("requests_per_s", requests / (r.nanos / 1e9), "1/s")
                .build();
    }

    /** Rounds of {@link #compare()}: each method runs once per round with its share of the requests. */
    static final int ROUNDS = 5;
    /** Untimed requests per method before measuring: H2's first requests load classes and run interpreted. */
    static final int WARMUP_REQUESTS = 1_000;

    /** A test's way to break the database for real once it is set up (e.g. drop the table). */
    static volatile java.util.function.Consumer<Connection> afterSetup = c -> { };

    private Duration budget() {
        return Duration.ofSeconds(Profile.quickOrFull(20, 300));
    }

    private record Row(long views, long retries, long nanos) {}

    private void warmUp(Method... methods) {
        for (Method m : methods) measure(m, Math.min(requests, WARMUP_REQUESTS));
    }

    private Row measure(Method method, int requests) {
        String url = "jdbc:h2:mem:racelab-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=0;LOCK_TIMEOUT=10000";
        List<Connection> conns = new ArrayList<>();
        try {
            Connection admin = open(url, conns);
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE TABLE pages(id INT PRIMARY KEY, views BIGINT NOT NULL, version BIGINT NOT NULL)");
                s.execute("INSERT INTO pages VALUES (1, 0, 0)");
            }
            for (int i = 0; i < workers; i++) open(url, conns);
            afterSetup.accept(admin);
            AtomicInteger next = new AtomicInteger();
            AtomicLong retries = new AtomicLong();
            long t0 = System.nanoTime();
            try (Crew crew = Crew.platform("pageviews")) {
                for (int w = 0; w < workers; w++) {
                    Connection c = conns.get(w + 1);
                    crew.start(() -> {
                        try {
                            while (next.getAndIncrement() < requests && !crew.stopping()) retries.addAndGet(request(c, method));
                        } catch (SQLException e) {
                            throw new IllegalStateException("H2 failed during " + method + ": " + e.getMessage(), e);
                        }
                    });
                }
                if (!crew.joinAll(Duration.ofMinutes(5))) throw new IllegalStateException("page-view requests did not finish within 5 minutes");
            }
            long nanos = System.nanoTime() - t0;
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT views FROM pages WHERE id = 1")) {
                rs.next();
                return new Row(rs.getLong(1), retries.get(), nanos);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("H2 failed: " + e.getMessage(), e);
        } finally {
            for (Connection c : conns) close(c);
        }
    }

    private static Connection open(String url, List<Connection> conns) throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        OPEN.incrementAndGet();
        conns.add(c);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return c;
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing more to do
        } finally {
            OPEN.decrementAndGet();
        }
    }

    /** One request; returns how many times it had to retry. */
    static long request(Connection c, Method m) throws SQLException {
        switch (m) {
            case READ_THEN_WRITE -> {
                c.setAutoCommit(true);
                long v;
                try (PreparedStatement q = c.prepareStatement("SELECT views FROM pages WHERE id = 1"); ResultSet rs = q.executeQuery()) {
                    rs.next();
                    v = rs.getLong(1);
                }
                try (PreparedStatement u = c.prepareStatement("UPDATE pages SET views = ? WHERE id = 1")) {
                    u.setLong(1, v + 1);
                    u.executeUpdate();
                }
                return 0;
            }
            case ATOMIC_UPDATE -> {
                c.setAutoCommit(true);
                try (PreparedStatement u = c.prepareStatement("UPDATE pages SET views = views + 1 WHERE id = 1")) {
                    u.executeUpdate();
                }
                return 0;
            }
            case SELECT_FOR_UPDATE -> {
                c.setAutoCommit(false);
                try {
                    long v;
                    try (PreparedStatement q = c.prepareStatement("SELECT views FROM pages WHERE id = 1 FOR UPDATE"); ResultSet rs = q.executeQuery()) {
                        rs.next();
                        v = rs.getLong(1);
                    }
                    try (PreparedStatement u = c.prepareStatement("UPDATE pages SET views = ? WHERE id = 1")) {
                        u.setLong(1, v + 1);
                        u.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                return 0;
            }
            case OPTIMISTIC -> {
                c.setAutoCommit(true);
                long retries = 0;
                while (true) {
                    long v, version;
                    try (PreparedStatement q = c.prepareStatement("SELECT views, version FROM pages WHERE id = 1"); ResultSet rs = q.executeQuery()) {
                        rs.next();
                        v = rs.getLong(1);
                        version = rs.getLong(2);
                    }
                    try (PreparedStatement u = c.prepareStatement("UPDATE pages SET views = ?, version = version + 1 WHERE id = 1 AND version = ?")) {
                        u.setLong(1, v + 1);
                        u.setLong(2, version);
                        if (u.executeUpdate() == 1) return retries;
                    }
                    retries++;
                    Budget.checkInterrupt();
                }
            }
            default -> throw new IllegalArgumentException("unknown method " + m);
        }
    }
}
