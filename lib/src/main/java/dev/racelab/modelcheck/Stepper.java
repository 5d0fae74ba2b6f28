package dev.racelab.modelcheck;

import dev.racelab.core.DataTable;
import dev.racelab.core.Json;
import dev.racelab.core.Require;
import dev.racelab.render.Html;
import dev.racelab.render.Renderable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Be the scheduler: two threads of fixed code, a step button per thread, undo, and a goal — in the spirit of The
 * Deadlock Empire. Levels: {@code counter} (read, add, write: lose an update), {@code check-then-act} (both threads in
 * the critical section), {@code two-locks} (deadlock them), {@code semaphore} (a release in the wrong place: both in
 * the critical section). {@code Stepper.level("counter")}, {@code Stepper.level("counter").schedule("ABBBAA")},
 * {@code ModelCheck.classic().run().stepper()} (the checker's losing interleaving, ready to replay).
 *
 * <p>Implementation note: plain HTML and JavaScript in the cell's output, no JupyterLab extension (nothing to install,
 * works in the executed HTML and the site too). The output first holds a static rendering — each thread's code and,
 * for a schedule, the state after every step as a table — which the script replaces with the live stepper; where
 * scripts do not run (an untrusted notebook, a viewer without JavaScript) the static rendering stays. The same rules
 * run in Java ({@link #play}) for the static table, the checks and the tests.
 */
public final class Stepper implements Renderable {
    /** One instruction: {@code op} with up to two arguments, a jump target, and the line shown to the learner. */
    record Instr(String op, String a, String b, int target, String code) {}

    /** A level: its goal, two threads of code, the shared variables, locks and semaphores with their start values. */
    record Level(String name, String title, String goal, List<List<Instr>> threads, Map<String, Integer> memory,
                 Map<String, Integer> semaphores, List<String> locks) {}

    static Instr in(String op, String a, String b, int target, String code) {
        return new Instr(op, a, b, target, code);
    }

    static final Map<String, Level> LEVELS = new LinkedHashMap<>();

    static {
        List<Instr> inc = List.of(
                in("read", "r", "count", 0, "r = count;      // read"),
                in("add", "r", "1", 0, "r = r + 1;      // add"),
                in("write", "count", "r", 0, "count = r;      // write"));
        LEVELS.put("counter", new Level("counter", "The counter: count++ is three steps",
                "Make the counter lose an update: both threads finish and count is less than 2.",
                List.of(inc, inc), Map.of("count", 0), Map.of(), List.of()));
        List<Instr> cta = List.of(
                in("read", "r", "taken", 0, "r = taken;           // check"),
                in("jnz", "r", "", 5, "if (r != 0) return;"),
                in("set", "taken", "1", 0, "taken = 1;           // act"),
                in("enter", "", "", 0, "critical section"),
                in("leave", "", "", 0, "leave critical section"),
                in("end", "", "", 0, "done"));
        LEVELS.put("check-then-act", new Level("check-then-act", "Check, then act: if (!taken) taken = true",
                "Get both threads into the critical section at the same time.",
                List.of(cta, cta), Map.of("taken", 0), Map.of(), List.of()));
        List<Instr> ab = List.of(
                in("lock", "a", "", 0, "synchronized (a) {"),
                in("lock", "b", "", 0, "  synchronized (b) {"),
                in("enter", "", "", 0, "    critical section"),
                in("leave", "", "", 0, "    leave critical section"),
                in("unlock", "b", "", 0, "  }  // unlock b"),
                in("unlock", "a", "", 0, "}  // unlock a"));
        List<Instr> ba = List.of(
                in("lock", "b", "", 0, "synchronized (b) {"),
                in("lock", "a", "", 0, "  synchronized (a) {"),
                in("enter", "", "", 0, "    critical section"),
                in("leave", "", "", 0, "    leave critical section"),
                in("unlock", "a", "", 0, "  }  // unlock a"),
                in("unlock", "b", "", 0, "}  // unlock b"));
        LEVELS.put("two-locks", new Level("two-locks", "Two locks in opposite order",
                "Deadlock them: every thread that has not finished waits for a lock.",
                List.of(ab, ba), Map.of(), Map.of(), List.of("a", "b")));
        List<Instr> s1 = List.of(
                in("acquire", "s", "", 0, "s.acquire();"),
                in("enter", "", "", 0, "critical section"),
                in("leave", "", "", 0, "leave critical section"),
                in("release", "s", "", 0, "s.release();"));
        List<Instr> s2 = List.of(
                in("tryacquire", "r", "s", 0, "r = s.tryAcquire();"),
                in("jz", "r", "", 4, "if (r) {"),
                in("enter", "", "", 0, "  critical section"),
                in("leave", "", "", 0, "  leave critical section"),
                in("release", "s", "", 0, "}  s.release();   // bug: also when tryAcquire failed"),
                in("goto", "", "", 0, "repeat from the top"));
        LEVELS.put("semaphore", new Level("semaphore", "A semaphore with one permit, released in the wrong place",
                "Get both threads into the critical section at the same time.",
                List.of(s1, s2), Map.of(), Map.of("s", 1), List.of()));
    }

    /** The names of the levels, in order. */
    public static List<String> levels() {
        return List.copyOf(LEVELS.keySet());
    }

    private final Level level;
    private final String schedule;
    private final String note;

    private Stepper(Level level, String schedule, String note) {
        this.level = level;
        this.schedule = schedule;
        this.note = note;
    }

    /** A level to play: {@code counter}, {@code check-then-act}, {@code two-locks} or {@code semaphore}. */
    public static Stepper level(String name) {
        Require.notNull("level", name);
        Level l = LEVELS.get(name.strip().toLowerCase(java.util.Locale.ROOT));
        if (l == null) {
            throw new IllegalArgumentException("no stepper level '" + name + "'; allowed: " + String.join(", ", LEVELS.keySet()));
        }
        return new Stepper(l, "", "");
    }

    /**
     * Steps to replay, one letter per step: {@code A} for Thread 1, {@code B} for Thread 2 (spaces ignored). Each
     * step must be possible: a finished or blocked thread cannot step.
     */
    public Stepper schedule(String steps) {
        Require.notNull("schedule", steps);
        String s = steps.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
        for (char c : s.toCharArray()) {
            if (c != 'A' && c != 'B') {
                throw new IllegalArgumentException("a schedule is letters A (Thread 1) and B (Thread 2); found '" + c + "'");
            }
        }
        State st = new State(level);
        for (int i = 0; i < s.length(); i++) {
            int t = s.charAt(i) - 'A';
            String why = st.cannotStep(t);
            if (why != null) {
                throw new IllegalArgumentException("step " + (i + 1) + " of the schedule (" + s.charAt(i) + "): Thread "
                        + (t + 1) + " cannot step: " + why + "; allowed then: " + st.allowed());
            }
            st.step(t);
        }
        return new Stepper(level, s, note);
    }

    /** The model checker's losing interleaving of a counter, as a schedule of the counter level. */
    static Stepper replay(ModelCheck.Checked c) {
        Stepper s = level("counter");
        if (!c.found() || !"counter".equals(c.params().get("kind"))) {
            return new Stepper(s.level, "", "The model checker found no losing interleaving of a counter to replay; "
                    + "play the counter level by hand.");
        }
        List<String> lost = c.trace().lostUpdate();
        if (lost.isEmpty() || !(lost.get(0).equals("Thread 1") || lost.get(0).equals("Thread 2"))) {
            return new Stepper(s.level, "", "The model checker's trace shows no overwritten update to replay; play the "
                    + "counter level by hand.");
        }
        // the losing moment of the trace on the one-increment level: the reader reads, the other thread's increment
        // runs in between, the reader adds and writes over it
        char r = lost.get(0).equals("Thread 1") ? 'A' : 'B';
        char o = r == 'A' ? 'B' : 'A';
        String sched = "" + r + o + o + o + r + r;
        return new Stepper(s.level, s.schedule(sched).schedule, "Loaded: the losing moment of the model checker's trace ("
                + lost.get(0) + " read " + lost.get(1) + ", " + lost.get(2) + " wrote " + lost.get(3) + " in between, "
                + lost.get(0) + " wrote " + lost.get(4) + " over it), one increment per thread: schedule " + sched + ".");
    }

    public String levelName() {
        return level.name();
    }

    public String schedule() {
        return schedule;
    }

    /** The state after the schedule: is the level's goal reached? */
    public boolean goalReached() {
        return play().goal() != null;
    }

    /** Plays the schedule; the table has one row per step (who stepped, what, and the shared state after it). */
    public Play play() {
        State st = new State(level);
        DataTable t = new DataTable("step", "Thread 1", "Thread 2", "shared", "registers");
        int n = 0;
        for (char c : schedule.toCharArray()) {
            int th = c - 'A';
            String code = level.threads().get(th).get(st.pc[th]).code();
            st.step(th);
            t.add(++n, th == 0 ? code : "", th == 1 ? code : "", st.sharedText(), st.registersText());
        }
        return new Play(t, st.goal(), st);
    }

    /** A played schedule: its steps and the goal reached (null if not). */
    public record Play(DataTable steps, String goal, State state) {}

    /** The machine: memory, registers, program counters, lock owners, semaphore permits, who is in the critical section. */
    public static final class State {
        final Level level;
        final Map<String, Integer> mem = new TreeMap<>();
        final Map<String, Integer> sem = new TreeMap<>();
        final Map<String, Integer> owner = new TreeMap<>();
        final List<Map<String, Integer>> regs = new ArrayList<>();
        final int[] pc;
        final boolean[] inCritical;

        State(Level l) {
            level = l;
            mem.putAll(l.memory());
            sem.putAll(l.semaphores());
            for (String k : l.locks()) owner.put(k, -1);
            pc = new int[l.threads().size()];
            inCritical = new boolean[pc.length];
            for (int i = 0; i < pc.length; i++) regs.add(new TreeMap<>(Map.of("r", 0)));
        }

        boolean finished(int t) {
            List<Instr> code = level.threads().get(t);
            return pc[t] >= code.size() || code.get(pc[t]).op().equals("end");
        }

        /** Why thread {@code t} cannot take its next step, or null when it can. */
        String cannotStep(int t) {
            if (t < 0 || t >= pc.length) return "there is no such thread";
            if (finished(t)) return "it has finished";
            Instr i = level.threads().get(t).get(pc[t]);
            if (i.op().equals("lock") && owner.get(i.a()) != -1 && owner.get(i.a()) != t) {
                return "blocked because lock " + i.a() + " is held by Thread " + (owner.get(i.a()) + 1);
            }
            if (i.op().equals("acquire") && sem.get(i.a()) <= 0) {
                return "blocked because semaphore " + i.a() + " has 0 permits";
            }
            return null;
        }

        String allowed() {
            List<String> ok = new ArrayList<>();
            for (int t = 0; t < pc.length; t++) if (cannotStep(t) == null) ok.add(String.valueOf((char) ('A' + t)));
            return ok.isEmpty() ? "no thread (none can step)" : String.join(" or ", ok);
        }

        void step(int t) {
            List<Instr> code = level.threads().get(t);
            Instr i = code.get(pc[t]);
            Map<String, Integer> r = regs.get(t);
            int next = pc[t] + 1;
            switch (i.op()) {
                case "read" -> r.put(i.a(), mem.get(i.b()));
                case "add" -> r.put(i.a(), r.get(i.a()) + Integer.parseInt(i.b()));
                case "write" -> mem.put(i.a(), r.get(i.b()));
                case "set" -> mem.put(i.a(), Integer.parseInt(i.b()));
                case "jnz" -> { if (r.get(i.a()) != 0) next = i.target(); }
                case "jz" -> { if (r.get(i.a()) == 0) next = i.target(); }
                case "goto" -> next = i.target();
                case "lock" -> owner.put(i.a(), t);
                case "unlock" -> owner.put(i.a(), -1);
                case "acquire" -> sem.put(i.a(), sem.get(i.a()) - 1);
                case "tryacquire" -> {
                    boolean ok = sem.get(i.b()) > 0;
                    if (ok) sem.put(i.b(), sem.get(i.b()) - 1);
                    r.put(i.a(), ok ? 1 : 0);
                }
                case "release" -> sem.put(i.a(), sem.get(i.a()) + 1);
                case "enter" -> inCritical[t] = true;
                case "leave" -> inCritical[t] = false;
                default -> { }
            }
            pc[t] = next;
        }

        /** The goal reached, in words, or null. */
        String goal() {
            switch (level.name()) {
                case "counter" -> {
                    if (finished(0) && finished(1) && mem.get("count") < 2) {
                        return "Lost update: both threads finished and count is " + mem.get("count") + ", not 2.";
                    }
                }
                case "two-locks" -> {
                    boolean any = false, all = true;
                    for (int t = 0; t < pc.length; t++) {
                        if (finished(t)) continue;
                        any = true;
                        if (cannotStep(t) == null) all = false;
                    }
                    if (any && all) return "Deadlock: each thread waits for a lock the other holds.";
                }
                default -> {
                    if (inCritical[0] && inCritical[1]) return "Both threads are in the critical section at once.";
                }
            }
            return null;
        }

        String sharedText() {
            List<String> parts = new ArrayList<>();
            mem.forEach((k, v) -> parts.add(k + " = " + v));
            owner.forEach((k, v) -> parts.add("lock " + k + ": " + (v < 0 ? "free" : "Thread " + (v + 1))));
            sem.forEach((k, v) -> parts.add(k + ": " + v + " permit" + (v == 1 ? "" : "s")));
            return String.join(", ", parts);
        }

        String registersText() {
            if (level.name().equals("two-locks")) return "";
            return "T1 r = " + regs.get(0).get("r") + ", T2 r = " + regs.get(1).get("r");
        }
    }

    // --- rendering -------------------------------------------------------------------------------------------------

    private static final AtomicLong IDS = new AtomicLong();

    String levelJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append(Json.str("name")).append(':').append(Json.str(level.name())).append(',');
        sb.append(Json.str("title")).append(':').append(Json.str(level.title())).append(',');
        sb.append(Json.str("goal")).append(':').append(Json.str(level.goal())).append(',');
        sb.append(Json.str("memory")).append(':').append(Json.object(level.memory())).append(',');
        sb.append(Json.str("semaphores")).append(':').append(Json.object(level.semaphores())).append(',');
        sb.append(Json.str("locks")).append(':').append(Json.array(level.locks())).append(',');
        sb.append(Json.str("threads")).append(":[");
        for (int t = 0; t < level.threads().size(); t++) {
            if (t > 0) sb.append(',');
            sb.append('[');
            List<Instr> code = level.threads().get(t);
            for (int i = 0; i < code.size(); i++) {
                Instr in = code.get(i);
                if (i > 0) sb.append(',');
                sb.append("{\"op\":").append(Json.str(in.op())).append(",\"a\":").append(Json.str(in.a()))
                        .append(",\"b\":").append(Json.str(in.b())).append(",\"target\":").append(in.target())
                        .append(",\"code\":").append(Json.str(in.code())).append('}');
            }
            sb.append(']');
        }
        sb.append("]}");
        return sb.toString();
    }

    /** The static rendering: the level's code per thread, and the schedule's steps when there is one. */
    String staticHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<b>Be the scheduler · ").append(Html.esc(level.title())).append("</b><div>Goal: ")
                .append(Html.esc(level.goal())).append("</div>");
        sb.append("<table style=\"font-family:monospace\"><tr><th>Thread 1</th><th>Thread 2</th></tr><tr>");
        for (List<Instr> code : level.threads()) {
            sb.append("<td style=\"vertical-align:top;text-align:left;padding-right:2em\"><pre>");
            for (Instr i : code) sb.append(Html.esc(i.code())).append('\n');
            sb.append("</pre></td>");
        }
        sb.append("</tr></table>");
        if (!note.isEmpty()) sb.append("<div>").append(Html.esc(note)).append("</div>");
        if (!schedule.isEmpty()) {
            Play p = play();
            sb.append("<div>Schedule <code>").append(Html.esc(schedule)).append("</code>, step by step:</div>");
            sb.append(p.steps().html(200));
            if (p.goal() != null) sb.append("<div class=\"racelab-goal\"><b>Goal reached:</b> ").append(Html.esc(p.goal())).append("</div>");
        }
        sb.append("<div style=\"color:#666;font-size:smaller\">(static view: run the cell in a trusted notebook to step the threads yourself)</div>");
        return sb.toString();
    }

    @Override
    public Map<String, String> mimeBundle() {
        String id = "racelab-stepper-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        String html = "<div id=\"" + id + "\" class=\"racelab-stepper\" data-level=\"" + Html.esc(level.name()) + "\">"
                + "<div class=\"racelab-stepper-static\">" + staticHtml() + "</div></div>\n"
                + "<script>\n(function(){\n" + STEPPER_JS + "\nracelabStepper(document.getElementById(" + Json.str(id) + "), "
                + levelJson() + ", " + Json.str(schedule) + ", " + Json.str(note) + ");\n})();\n</script>";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html);
        m.put("text/plain", toText());
        return m;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Be the scheduler · " + level.title() + "\nGoal: " + level.goal() + "\n");
        for (int t = 0; t < level.threads().size(); t++) {
            sb.append("Thread ").append(t + 1).append(":\n");
            for (Instr i : level.threads().get(t)) sb.append("    ").append(i.code()).append('\n');
        }
        if (!note.isEmpty()) sb.append(note).append('\n');
        if (!schedule.isEmpty()) {
            Play p = play();
            sb.append("Schedule ").append(schedule).append(":\n").append(p.steps().toText(200));
            sb.append(p.goal() != null ? "Goal reached: " + p.goal() : "Goal not reached.").append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** The live stepper: the same rules as {@link State}, in the browser. */
    static final String STEPPER_JS = """
            function racelabStepper(root, L, schedule, note) {
              if (!root) return;
              var n = L.threads.length;
              function fresh() {
                var s = {mem: Object.assign({}, L.memory), sem: Object.assign({}, L.semaphores), owner: {},
                         regs: [], pc: [], crit: [], log: []};
                L.locks.forEach(function (k) { s.owner[k] = -1; });
                for (var t = 0; t < n; t++) { s.regs.push({r: 0}); s.pc.push(0); s.crit.push(false); }
                return s;
              }
              function copy(s) { return JSON.parse(JSON.stringify(s)); }
              function finished(s, t) { var c = L.threads[t]; return s.pc[t] >= c.length || c[s.pc[t]].op === 'end'; }
              function cannot(s, t) {
                if (finished(s, t)) return 'finished';
                var i = L.threads[t][s.pc[t]];
                if (i.op === 'lock' && s.owner[i.a] !== -1 && s.owner[i.a] !== t)
                  return 'blocked because lock ' + i.a + ' is held by Thread ' + (s.owner[i.a] + 1);
                if (i.op === 'acquire' && s.sem[i.a] <= 0) return 'blocked because semaphore ' + i.a + ' has 0 permits';
                return null;
              }
              function step(s, t) {
                var i = L.threads[t][s.pc[t]], r = s.regs[t], next = s.pc[t] + 1;
                switch (i.op) {
                  case 'read': r[i.a] = s.mem[i.b]; break;
                  case 'add': r[i.a] = r[i.a] + parseInt(i.b, 10); break;
                  case 'write': s.mem[i.a] = r[i.b]; break;
                  case 'set': s.mem[i.a] = parseInt(i.b, 10); break;
                  case 'jnz': if (r[i.a] !== 0) next = i.target; break;
                  case 'jz': if (r[i.a] === 0) next = i.target; break;
                  case 'goto': next = i.target; break;
                  case 'lock': s.owner[i.a] = t; break;
                  case 'unlock': s.owner[i.a] = -1; break;
                  case 'acquire': s.sem[i.a] -= 1; break;
                  case 'tryacquire': var ok = s.sem[i.b] > 0; if (ok) s.sem[i.b] -= 1; r[i.a] = ok ? 1 : 0; break;
                  case 'release': s.sem[i.a] += 1; break;
                  case 'enter': s.crit[t] = true; break;
                  case 'leave': s.crit[t] = false; break;
                }
                s.log.push(String.fromCharCode(65 + t));
                s.pc[t] = next;
              }
              function goal(s) {
                if (L.name === 'counter') {
                  if (finished(s, 0) && finished(s, 1) && s.mem.count < 2)
                    return 'Lost update: both threads finished and count is ' + s.mem.count + ', not 2.';
                } else if (L.name === 'two-locks') {
                  var any = false, all = true;
                  for (var t = 0; t < n; t++) { if (finished(s, t)) continue; any = true; if (!cannot(s, t)) all = false; }
                  if (any && all) return 'Deadlock: each thread waits for a lock the other holds.';
                } else if (s.crit[0] && s.crit[1]) return 'Both threads are in the critical section at once.';
                return null;
              }
              var state = fresh(), history = [], replay = schedule || '';
              function el(tag, attrs, text) {
                var e = document.createElement(tag);
                for (var k in attrs) e.setAttribute(k, attrs[k]);
                if (text !== undefined) e.textContent = text;
                return e;
              }
              function render() {
                root.innerHTML = '';
                root.appendChild(el('div', {style: 'font-weight:bold'}, 'Be the scheduler · ' + L.title));
                root.appendChild(el('div', {'class': 'racelab-goal-text'}, 'Goal: ' + L.goal));
                if (note) root.appendChild(el('div', {style: 'color:#555'}, note));
                var table = el('table', {style: 'border-collapse:collapse;font-family:monospace'});
                var head = el('tr');
                for (var t = 0; t < n; t++) head.appendChild(el('th', {style: 'padding:4px 16px'}, 'Thread ' + (t + 1)));
                table.appendChild(head);
                var row = el('tr');
                for (var t2 = 0; t2 < n; t2++) {
                  var td = el('td', {style: 'vertical-align:top;text-align:left;padding:4px 16px;border:1px solid #ddd'});
                  L.threads[t2].forEach(function (ins, k) {
                    var line = el('div', {style: 'white-space:pre' + (k === state.pc[t2] ? ';background:#fff3c4;font-weight:bold' : '')},
                                  (k === state.pc[t2] ? '▶ ' : '  ') + ins.code);
                    td.appendChild(line);
                  });
                  if (finished(state, t2)) td.appendChild(el('div', {style: 'color:#2e7d32'}, 'finished'));
                  td.appendChild(el('div', {style: 'color:#555'}, 'register r = ' + state.regs[t2].r));
                  var why = cannot(state, t2);
                  if (why && why !== 'finished') td.appendChild(el('div', {'class': 'racelab-blocked', style: 'color:#b22222'}, why));
                  var b = el('button', {'class': 'racelab-step', 'data-thread': String(t2 + 1)}, 'Step Thread ' + (t2 + 1));
                  b.disabled = !!why;
                  (function (tt) { b.onclick = function () { history.push(copy(state)); step(state, tt); render(); }; })(t2);
                  td.appendChild(b);
                  row.appendChild(td);
                }
                table.appendChild(row);
                root.appendChild(table);
                var shared = [];
                Object.keys(state.mem).sort().forEach(function (k) { shared.push(k + ' = ' + state.mem[k]); });
                Object.keys(state.owner).sort().forEach(function (k) {
                  shared.push('lock ' + k + ': ' + (state.owner[k] < 0 ? 'free' : 'held by Thread ' + (state.owner[k] + 1))); });
                Object.keys(state.sem).sort().forEach(function (k) { shared.push('semaphore ' + k + ': ' + state.sem[k] + ' permits'); });
                var crit = [];
                for (var t3 = 0; t3 < n; t3++) if (state.crit[t3]) crit.push('Thread ' + (t3 + 1));
                if (crit.length) shared.push('in the critical section: ' + crit.join(', '));
                root.appendChild(el('div', {'class': 'racelab-shared'}, 'Shared memory: ' + (shared.join(' · ') || '(none)')));
                root.appendChild(el('div', {'class': 'racelab-schedule'}, 'Schedule so far: ' + (state.log.join('') || '(none)')));
                var bar = el('div');
                var undo = el('button', {'class': 'racelab-undo'}, 'Undo');
                undo.disabled = history.length === 0;
                undo.onclick = function () { state = history.pop(); render(); };
                bar.appendChild(undo);
                var reset = el('button', {'class': 'racelab-reset'}, 'Start again');
                reset.onclick = function () { history = []; state = fresh(); render(); };
                bar.appendChild(reset);
                if (replay) {
                  var done = state.log.join('');
                  var nextOk = replay.indexOf(done) === 0 && done.length < replay.length;
                  var nb = el('button', {'class': 'racelab-replay'}, 'Replay next step (' + (nextOk ? replay[done.length] : '-') + ')');
                  nb.disabled = !nextOk;
                  nb.onclick = function () {
                    var t = replay.charCodeAt(state.log.length) - 65;
                    if (cannot(state, t)) return;
                    history.push(copy(state)); step(state, t); render();
                  };
                  bar.appendChild(nb);
                }
                root.appendChild(bar);
                var g = goal(state);
                if (g) root.appendChild(el('div', {'class': 'racelab-goal', style: 'color:#2e7d32;font-weight:bold'}, 'Goal reached: ' + g));
                else {
                  var stuck = true;
                  for (var t4 = 0; t4 < n; t4++) if (!cannot(state, t4)) stuck = false;
                  if (stuck) root.appendChild(el('div', {'class': 'racelab-over'}, 'No thread can step and the goal was not reached: Undo or start again.'));
                }
              }
              render();
            }
            """;
}
