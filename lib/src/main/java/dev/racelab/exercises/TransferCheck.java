package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The check behind {@code Checks} for transfers without deadlock (notebook 03); see the facade for what it asks of the learner. */
final class TransferCheck {
    private TransferCheck() {}

    /**
     * 4 threads move money at random between 4 accounts (both directions between every pair), 20,000 transfers each
     * or until the time budget ends. Fails on a deadlock (found by the JVM's deadlock detector, or no progress for
     * 2 s: the stuck threads are interrupted and named), on money created or destroyed, or on an exception. The
     * accounts hold on ~2 µs after each lock is taken, which opens the deadlock window wide.
     */
    static Verdict transfers(String title, Transfer transfer) {
        Require.notNull("transfer", transfer);
        return Exercise.check(title, () -> {
            AtomicInteger heldNow = new AtomicInteger(), heldMax = new AtomicInteger();
            int n = 4, threads = 4, each = 20_000;
            long start = 1_000_000;
            Account[] accounts = new Account[n];
            for (int i = 0; i < n; i++) accounts[i] = new Account(i + 1, start, heldNow, heldMax, true);
            Account one = accounts[0], two = accounts[1];
            transfer.transfer(one, two, 10);
            if (one.balance() != start - 10 || two.balance() != start + 10) {
                return Exercise.fail("transfer(account 1, account 2, 10) left the balances at %,d and %,d (expected "
                        + "%,d and %,d)", one.balance(), two.balance(), start - 10, start + 10);
            }
            if (heldNow.get() != 0) {
                return Exercise.fail("after one transfer, %d account lock(s) were still held: unlock in a finally block",
                        heldNow.get());
            }
            transfer.transfer(two, one, 10);
            Profile p = Profile.current();
            Budget.Meter meter = Budget.of(threads * each, Duration.ofSeconds(p.pick(2, 10))).start();
            AtomicLong done = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
            String deadlock = null;
            java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(threads);
            AtomicLong audits = new AtomicLong(), badAudits = new AtomicLong(), auditExample = new AtomicLong();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            try (Crew crew = Crew.platform("exercise-transfer")) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    long seed = w;
                    workers.add(crew.start(() -> {
                        java.util.Random rnd = new java.util.Random(seed);
                        try {
                            go.await();
                            for (int i = 0; i < each && meter.more(); i++) {
                                int a = rnd.nextInt(n), b = (a + 1 + rnd.nextInt(n - 1)) % n;
                                transfer.transfer(accounts[a], accounts[b], 1 + rnd.nextInt(100));
                                done.incrementAndGet();
                                meter.count();
                            }
                        } catch (InterruptedException | Budget.Cancelled e) {
                            // stopped by the check
                        } catch (Throwable e) {
                            error.compareAndSet(null, e);
                        } finally {
                            working.countDown();
                        }
                    }));
                }
                // the auditor takes every account's lock, in id order, and counts the money: a transfer that lets go
                // of one account before it holds the other leaves money nowhere for a moment, and the auditor sees it
                Thread auditor = crew.start(() -> {
                    try {
                        go.await();
                        while (working.getCount() > 0) {
                            for (Account a : accounts) a.auditLock();
                            long sum = 0;
                            try {
                                for (Account a : accounts) sum += a.balance();
                            } finally {
                                for (int i = accounts.length - 1; i >= 0; i--) accounts[i].auditUnlock();
                            }
                            audits.incrementAndGet();
                            if (sum != n * start) {
                                if (badAudits.getAndIncrement() == 0) auditExample.set(sum);
                            }
                            Thread.sleep(0, 200_000);
                        }
                    } catch (InterruptedException | Budget.Cancelled e) {
                        // stopped by the check
                    }
                });
                auditor.setName("racelab-exercise-auditor");
                workers.add(auditor);
                go.countDown();
                long last = -1, lastChange = System.nanoTime();
                while (!crew.joinAll(Duration.ofMillis(20))) {
                    long now = System.nanoTime(), d = done.get();
                    if (d != last) {
                        last = d;
                        lastChange = now;
                    }
                    long[] ids = mx.findDeadlockedThreads();
                    if (ids != null || now - lastChange > 2_000_000_000L) {
                        deadlock = describeDeadlock(ids != null, workers, accounts, d);
                        break;
                    }
                    if (error.get() != null) break;
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (error.get() != null) {
                Throwable e = error.get();
                NotYet stub = Exercise.notYetIn(e);
                if (stub != null) throw stub;
                return Exercise.fail("a transfer threw %s: %s", e.getClass().getSimpleName(), e.getMessage());
            }
            if (deadlock != null) return Exercise.fail("%s", deadlock);
            long total = 0;
            for (Account a : accounts) total += a.balance();
            if (total != n * start) {
                return Exercise.fail("%,d transfers between %d accounts: the bank now holds %,d instead of %,d (%,d %s)",
                        done.get(), n, total, n * start, Math.abs(total - n * start), total < n * start ? "lost" : "created");
            }
            if (badAudits.get() > 0) {
                return Exercise.fail("an auditor holding all %d account locks counted %,d instead of %,d in %,d of %,d "
                        + "audits: money was in no account while no lock held the transfer — hold both locks from the "
                        + "withdrawal to the deposit", n, auditExample.get(), n * start, badAudits.get(), audits.get());
            }
            Exercise.Outcome o = Exercise.pass("%,d transfers by %d threads between %d accounts in %.0f ms: no deadlock, "
                    + "the bank still holds %,d and an auditor holding every lock counted exactly that in %,d of %,d audits; "
                    + "up to %d account locks were held at once", done.get(), threads, n, ms, total, audits.get(),
                    audits.get(), heldMax.get());
            if (heldMax.get() <= 2) {
                o.detail("Correct — but never more than one transfer held its locks at a time: transfers between "
                        + "unrelated accounts (1→2 and 3→4) could run together.");
            }
            return o;
        });
    }

    /** Who holds which account and waits for which, for every worker stuck in a lock. */
    private static String describeDeadlock(boolean detected, List<Thread> workers, Account[] accounts, long done) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "deadlock after %,d transfers", done));
        String sep = ": ";
        for (Thread t : workers) {
            List<String> holds = new ArrayList<>(), waits = new ArrayList<>();
            for (Account a : accounts) {
                if (a.owner() == t) holds.add("account " + a.id());
                if (a.awaitedBy(t)) waits.add("account " + a.id());
            }
            if (waits.isEmpty()) continue;
            sb.append(sep).append(t.getName().replace("racelab-exercise-", "")).append(" holds ")
                    .append(holds.isEmpty() ? "nothing" : String.join(" and ", holds)).append(" and waits for ")
                    .append(String.join(" and ", waits));
            sep = "; ";
        }
        sb.append(detected ? " (found by the JVM's deadlock detector; the stuck threads were interrupted and ended)"
                : " (no transfer finished for 2 s; the stuck threads were interrupted)");
        return sb.toString();
    }
}
