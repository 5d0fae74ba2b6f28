package dev.racelab.db;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the page-view comparison says: how many views read-then-write lost, that the fixes lost none, and which fix
 * was fastest in this run — with its likely reason (fewer statements, a shorter row lock), not a proof of it.
 * {@code PageViews.defaults().workers(4).compare().explain()}
 */
final class PageViewsExplain {
    private PageViewsExplain() {}

    static Prose explain(Result r) {
        double requests = r.value("read_then_write_requests"), lost = r.value("read_then_write_lost");
        Prose p = new Prose().set("lost", lost, "%,.0f").set("requests", requests, "%,.0f")
                .set("share", requests == 0 ? Double.NaN : 100 * lost / requests, "%.0f %%")
                .set("atomic", r.value("atomic_update_per_s"), "%,.0f").set("forUpdate", r.value("select_for_update_per_s"), "%,.0f")
                .set("optimistic", r.value("optimistic_per_s"), "%,.0f").set("retries", r.value("optimistic_retries"), "%,.0f");
        if (requests == 0) return p.add("No request ran: no data.");
        p.add("Read-then-write lost {lost} of {requests} views ({share}).");
        double fixLost = r.value("atomic_update_lost") + r.value("select_for_update_lost") + r.value("optimistic_lost");
        p.add(fixLost == 0 ? "The fixes lost none:" : "**A fix lost views** — see the table:");
        p.add("`views = views + 1` at {atomic} requests/s, `SELECT … FOR UPDATE` at {forUpdate}/s, the version column "
                + "at {optimistic}/s after {retries} retries.");
        p.add("They differ in work per request: the one-statement update is one statement and holds the row lock "
                + "only inside it; `SELECT … FOR UPDATE` is two statements and a commit, holding the row lock across "
                + "them; the version column is two statements and a retry whenever writers collide. Which was fastest "
                + "is one aggregate per method in this run (the table), not a ranking to rely on.");
        return p;
    }
}
