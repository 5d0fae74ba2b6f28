package dev.racelab.models;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the throttle run says: the uncapped client turned away, the semaphore's client answered in full, and what
 * retrying with back-off costs instead. Wall times are one run each, so the sentences give them without ranking them.
 * {@code Throttle.of(200).run().explain()}
 */
final class ThrottleExplain {
    private ThrottleExplain() {}

    static Prose explain(Result r) {
        double n = ((Number) r.params().get("requests")).doubleValue();
        Prose p = new Prose().set("n", n, "%,.0f").set("limit", String.valueOf(r.params().get("server_limit")))
                .set("um", r.value("uncapped_max_in_flight"), "%,.0f").set("u429", r.value("uncapped_429"), "%,.0f")
                .set("uwall", r.value("uncapped_wall_ms"), "%,.0f ms")
                .set("cm", r.value("capped_max_in_flight"), "%,.0f").set("c429", r.value("capped_429"), "%,.0f")
                .set("c200", r.value("capped_200"), "%,.0f").set("cwall", r.value("capped_wall_ms"), "%,.0f ms")
                .set("cAttempts", r.value("capped_attempts"), "%,.0f")
                .set("r200", r.value("retry_200"), "%,.0f").set("r429", r.value("retry_429"), "%,.0f")
                .set("rAttempts", r.value("retry_attempts"), "%,.0f").set("rwall", r.value("retry_wall_ms"), "%,.0f ms")
                .set("gaveUp", r.value("retry_gave_up"), "%,.0f");
        p.add(r.value("uncapped_429") > 0
                ? "Without a cap, up to {um} requests were in flight at once and the server turned away {u429} of {n} "
                        + "(429 Too Many Requests), in {uwall}."
                : "Without a cap, up to {um} requests were in flight at once, yet the server turned none away this time "
                        + "({u429} of {n}, in {uwall}): the requests did not overlap enough to exceed its limit.");
        p.add("With `Semaphore({limit})`: at most {cm} in flight, {c429} turned away, {c200} of {n} answered 200 OK, "
                + "in {cwall}, with exactly {cAttempts} requests sent.");
        p.add("The usual alternative, no cap but retrying each 429 after a back-off (10 ms, doubling up to 200 ms, with jitter), got "
                + "{r200} of {n} through in {rwall}, and sent {rAttempts} requests to do it: the server refused {r429} "
                + "of them.");
        if (r.value("retry_gave_up") > 0) p.add("{gaveUp} requests gave up after 10 attempts.");
        p.add("Each client ran once, so their wall times are single measurements; the counts are the lesson: a cap keeps "
                + "the server's work to what it can do, retries spend its capacity on refusals.");
        return p;
    }
}
