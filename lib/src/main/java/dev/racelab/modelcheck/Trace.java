package dev.racelab.modelcheck;

import dev.racelab.core.DataTable;
import dev.racelab.render.Html;
import dev.racelab.render.Renderable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interleaving a model checker found, read from Lincheck's report: one column per thread, one row per event
 * (a read with the value it saw, a write, a lock taken or waited for, a switch to another thread). Plumbing of the
 * harness (thread creation, start, join) is dropped; lines of the checked source are attached where Lincheck named
 * them. {@code ModelCheck.classic().run().trace()}
 */
public final class Trace implements Renderable {
    /** What an event is. */
    public enum Kind { READ, WRITE, LOCK, UNLOCK, WAIT, SWITCH, CALL, FAIL }

    /** One event: its thread column, kind, Lincheck's text, our wording, the source line (0 if unknown). */
    public record Event(int thread, Kind kind, String raw, String text, int line, String value) {}

    static final Trace EMPTY = new Trace(List.of(), List.of(), "", "", "");

    private final List<String> threads;
    private final List<Event> events;
    private final String failure;
    private final String deadlock;
    private final String hang;

    Trace(List<String> threads, List<Event> events, String failure, String deadlock, String hang) {
        this.threads = List.copyOf(threads);
        this.events = List.copyOf(events);
        this.failure = failure;
        this.deadlock = deadlock;
        this.hang = hang;
    }

    public List<String> threads() {
        return threads;
    }

    public List<Event> events() {
        return events;
    }

    /** The check that failed, as Lincheck reported it ("lost update: get() = 1, expected 2"), or "". */
    public String failure() {
        return failure;
    }

    /** For a deadlock: who holds which lock and waits for which ("Thread 1 holds … and waits for …"), or "". */
    public String deadlock() {
        return deadlock;
    }

    /** For a program that never ends: Lincheck's words on it, or "". */
    public String hang() {
        return hang;
    }

    private static final Pattern ID_READ = Pattern.compile("^(?:number|id)\\s+➜\\s+(-?\\d+)\\b");
    private static final Pattern LOCATION = Pattern.compile("\\s+at\\s+([\\w$.<>]+)\\(([\\w$]+\\.java):(\\d+)\\)\\s*$");
    private static final Pattern READ = Pattern.compile("^(.+?)\\s+➜\\s+(.*)$");
    private static final Pattern WRITE = Pattern.compile("^([\\w$.#\\[\\]]+)\\s+=\\s+(.*)$");

    /** Reads the table of a Lincheck report (its detailed trace when there is one) into events. */
    static Trace parse(String message, String source) {
        List<String> lines = message.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Detailed trace:")) start = i + 1;
        }
        if (start < 0) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("The following interleaving leads to the error")) start = i + 1;
            }
        }
        String failure = "";
        for (String l : lines) {
            Matcher m = Pattern.compile("^[\\w.$]+(?:Exception|Error): (.*)$").matcher(l.strip());
            if (m.find()) {
                failure = m.group(1);
                break;
            }
        }
        String[] sourceLines = source == null ? new String[0] : source.split("\n", -1);
        List<String> threads = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        boolean header = false;
        String after = "";
        Map<Integer, Integer> lockDepth = new LinkedHashMap<>();
        java.util.Set<Integer> named = new java.util.HashSet<>();
        if (start >= 0) {
            int i = start;
            for (; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.startsWith("|")) {
                    if (header && !l.isBlank()) break;
                    continue;
                }
                if (l.startsWith("| -")) continue;
                String inner = l.substring(1, l.lastIndexOf('|'));
                String[] cells = inner.split("\\|", -1);
                if (!header) {
                    for (String c : cells) threads.add(c.strip());
                    header = true;
                    continue;
                }
                for (int col = 0; col < cells.length; col++) {
                    String cell = cells[col];
                    if (cell.isBlank()) continue;
                    // a lock's own insides (a ReentrantLock's queue, compareAndSetState, …) are one step: the lock
                    int depth = depth(cell);
                    Integer inside = lockDepth.get(col);
                    if (inside != null && depth > inside && !cell.strip().startsWith("switch")) {
                        // a read of the lock's owner's number or id names it: "lock from (id 1)"
                        Matcher idRead = ID_READ.matcher(cell.strip());
                        if (idRead.find() && !events.isEmpty() && !named.contains(events.size() - 1)) {
                            int last = events.size() - 1;
                            Event lk = events.get(last);
                            if (lk.thread() == col && (lk.kind() == Kind.LOCK || lk.kind() == Kind.UNLOCK)) {
                                events.set(last, new Event(lk.thread(), lk.kind(), lk.raw(), lk.text() + " (id " + idRead.group(1)
                                        + ")", lk.line(), lk.value()));
                                named.add(last);
                            }
                        }
                        continue;
                    }
                    if (inside != null && depth <= inside) lockDepth.remove(col);
                    if (cell.strip().startsWith("RacelabHarness.setup()") || cell.strip().startsWith("RacelabHarness.drain()")) {
                        lockDepth.put(col, depth);   // the harness making the shared objects: plumbing, all of it
                        continue;
                    }
                    Event e = event(col, cell, sourceLines);
                    if (e != null) events.add(e);
                    if (e != null && (e.kind() == Kind.LOCK || e.kind() == Kind.UNLOCK) && !e.raw().startsWith("MONITOR")) {
                        lockDepth.put(col, depth);
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            for (; i < lines.size() && !lines.get(i).startsWith("|"); i++) sb.append(lines.get(i).strip()).append(' ');
            after = sb.toString().strip();
        }
        if (source == null) {
            // a class compiled in a notebook cell: its line numbers count lines of JShell's wrapper, not of the cell
            events.replaceAll(e -> new Event(e.thread(), e.kind(), e.raw(), e.text(), 0, e.value()));
        }
        // a deadlock on java.util.concurrent locks (a ReentrantLock spins in its queue) Lincheck calls a livelock:
        // when every stuck thread waits for a lock another holds, it is a deadlock all the same
        String deadlock = after.contains("deadlock") || after.contains("livelock") ? deadlockSentence(threads, events) : "";
        if (!deadlock.isEmpty()) events = markWaits(threads, events);
        String hang = deadlock.isEmpty() && (after.contains("livelock") || after.contains("non-terminating")) ? after : "";
        return new Trace(threads, events, failure, deadlock, hang);
    }

    /** One cell of Lincheck's table as an event, or null for harness plumbing. */
    static Event event(int col, String cell, String[] sourceLines) {
        // "… at X.m(X.java:66) [recursive call x 2 times]": the location is before Lincheck's note
        String text = cell.strip().replaceFirst("\\s*\\[recursive call x \\d+ times\\]$", "");
        int line = 0;
        Matcher loc = LOCATION.matcher(text);
        String where = "";
        if (loc.find()) {
            where = loc.group(2);
            line = Integer.parseInt(loc.group(3));
            text = text.substring(0, loc.start()).strip();
        }
        if (library(where)) return null;   // inside the JDK (a CompletableFuture, a ConcurrentHashMap) or the course's event loop
        if (where.equals("RacelabHarness.java")) {
            // the harness's own steps: creating, starting and joining the threads; its check stays (the failure)
            if (!text.contains("Exception") && !text.contains("➜") && !text.startsWith("switch")) return null;
            if (text.startsWith("RacelabHarness.shared")) return null;
            line = 0;
        }
        if (text.startsWith("Thread.<init>") || text.matches("Thread#\\d+\\.(start|join)\\(\\)") || text.equals("run()")
                || text.startsWith("RacelabHarness.") || text.startsWith("<iteration") || text.startsWith("loop(")) {
            return null;
        }
        String src = line > 0 && line <= sourceLines.length ? sourceLines[line - 1].strip() : "";
        String shownSrc = src.replaceAll("\\s*//.*$", "").replaceAll("\\s*\\{\\s*$", "");
        Kind kind;
        String value = "";
        String words;
        Matcher m;
        if (text.startsWith("switch")) {
            boolean blocked = text.contains("lock is already acquired");
            kind = blocked ? Kind.WAIT : Kind.SWITCH;
            words = blocked ? "waits: the lock is taken" : text.contains("reason") ? text.replace("switch (reason: ", "switch (") : "switch";
        } else if (text.startsWith("MONITORENTER") || text.endsWith(".lock()") || text.endsWith(".acquire()")) {
            kind = Kind.LOCK;
            words = "lock " + (shownSrc.isEmpty() ? text : shownSrc);
        } else if (text.startsWith("MONITOREXIT") || text.endsWith(".unlock()") || text.endsWith(".release()")) {
            kind = Kind.UNLOCK;
            words = "unlock " + (shownSrc.isEmpty() ? text : shownSrc);
        } else if ((m = READ.matcher(text)).find()) {
            kind = Kind.READ;
            value = m.group(2).strip();
            words = "read " + shortName(m.group(1)) + " → " + value;
        } else if ((m = WRITE.matcher(text)).find()) {
            kind = Kind.WRITE;
            value = m.group(2).strip();
            words = "write " + shortName(m.group(1)) + " = " + value;
        } else if (text.contains("Exception") || text.contains("Error")) {
            kind = Kind.FAIL;
            words = "check fails";
        } else {
            kind = Kind.CALL;
            words = text.replaceFirst("^\\s+", "");
        }
        return new Event(col, kind, text, words, line, value);
    }

    private static final java.util.Map<String, Boolean> LIBRARY = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Is {@code file} (as Lincheck names where an event happened, "CompletableFuture.java") a class of the JDK's
     * java.lang / java.util packages, or the course's event loop? Their insides are not the learner's code: the call
     * into them stays in the trace (it happened where the learner called it), the steps inside do not.
     */
    static boolean library(String file) {
        if (file.isEmpty() || !file.endsWith(".java")) return false;
        String simple = file.substring(0, file.length() - 5);
        if (simple.equals("EventLoop")) return true;
        return LIBRARY.computeIfAbsent(simple, k -> {
            for (String pkg : new String[] {"java.lang.", "java.util.", "java.util.concurrent.",
                    "java.util.concurrent.atomic.", "java.util.concurrent.locks.", "java.util.function.", "java.util.random.",
                    "jdk.internal.util.random.", "jdk.internal.misc."}) {
                try {
                    Class.forName(pkg + k, false, ClassLoader.getPlatformClassLoader());
                    return true;
                } catch (ClassNotFoundException | LinkageError e) {
                    // not there
                }
            }
            return false;
        });
    }

    /** {@code Classic.count} stays; {@code RacelabHarness.shared.count} becomes {@code count}. */
    static String shortName(String field) {
        // a lambda's captured object is arg$1 to Lincheck: count, not arg$1.count
        return field.replace("RacelabHarness.shared.", "").replaceAll("^[A-Za-z]+#\\d+\\.", "").replaceAll("^arg\\$\\d+\\.", "");
    }

    /**
     * The first lost update in the trace, as {reader, its read value, the other thread, the value it wrote in between,
     * what the reader wrote over it}; empty when no thread wrote over a write made after its own read.
     */
    public List<String> lostUpdate() {
        Map<Integer, Integer> writesAtRead = new LinkedHashMap<>();
        Map<Integer, String> readValue = new LinkedHashMap<>();
        int writes = 0;
        int lastWriter = -1;
        String lastWritten = "";
        for (Event e : events) {
            if (e.thread() == 0 && threads.size() > 1 && threads.get(0).equals("Main Thread")) continue;
            if (e.kind() == Kind.READ) {
                writesAtRead.put(e.thread(), writes);
                readValue.put(e.thread(), e.value());
            } else if (e.kind() == Kind.WRITE) {
                Integer at = writesAtRead.remove(e.thread());
                if (at != null && writes > at && lastWriter != e.thread()) {
                    return List.of(threads.get(e.thread()), readValue.get(e.thread()), threads.get(lastWriter), lastWritten, e.value());
                }
                writes++;
                lastWriter = e.thread();
                lastWritten = e.value();
            }
        }
        return List.of();
    }

    /** Per thread: the locks it took and still holds, and the one it was last trying to take. */
    static String deadlockSentence(List<String> threads, List<Event> events) {
        List<String> parts = new ArrayList<>();
        for (int t = 0; t < threads.size(); t++) {
            List<Event> held = new ArrayList<>();
            Event lastLock = null;
            for (Event e : events) {
                if (e.thread() != t) continue;
                if (e.kind() == Kind.LOCK) {
                    held.add(e);
                    lastLock = e;
                } else if (e.kind() == Kind.UNLOCK && !held.isEmpty()) {
                    held.remove(held.size() - 1);
                    lastLock = null;
                } else if (e.kind() == Kind.READ || e.kind() == Kind.WRITE) {
                    lastLock = null;
                }
            }
            if (lastLock == null) continue;
            held.remove(lastLock);
            List<String> h = held.stream().map(Trace::lockName).toList();
            parts.add(threads.get(t) + (h.isEmpty() ? " holds no lock" : " holds " + String.join(" and ", h))
                    + " and waits for " + lockName(lastLock));
        }
        return String.join("; ", parts);
    }

    /** In a deadlock, each stuck thread's last lock is one it waits for, not one it got. */
    static List<Event> markWaits(List<String> threads, List<Event> events) {
        List<Event> out = new ArrayList<>(events);
        for (int t = 0; t < threads.size(); t++) {
            for (int i = out.size() - 1; i >= 0; i--) {
                Event e = out.get(i);
                if (e.thread() != t) continue;
                if (e.kind() == Kind.LOCK) {
                    out.set(i, new Event(t, Kind.WAIT, e.raw(), "waits for " + e.text().replaceFirst("^lock ", "lock "), e.line(), ""));
                }
                if (e.kind() != Kind.WAIT && e.kind() != Kind.SWITCH) break;
            }
        }
        // "waits: the lock is taken" right after a marked wait says it twice
        out.removeIf(e -> e.kind() == Kind.WAIT && e.text().equals("waits: the lock is taken"));
        // a thread spinning in a lock's queue: Lincheck switches away from it again and again; once says it
        java.util.Set<Integer> spun = new java.util.HashSet<>();
        out.removeIf(e -> {
            if (e.kind() != Kind.SWITCH || !e.text().contains("active lock")) {
                if (e.kind() != Kind.SWITCH) spun.remove(e.thread());
                return false;
            }
            return !spun.add(e.thread());
        });
        return out;
    }

    /** How deep a cell of Lincheck's table is nested: two spaces a level. */
    static int depth(String cell) {
        String c = cell.startsWith(" ") ? cell.substring(1) : cell;   // the table's own padding
        int n = 0;
        while (n < c.length() && c.charAt(n) == ' ') n++;
        return n / 2;
    }

    static String lockName(Event e) {
        // Account#1.lock() is account #1's lock: the object names it
        String s = e.text().replaceFirst("^lock ", "").replaceFirst("\\.(lock|lockInterruptibly|acquire|tryLock)\\([^)]*\\)( \\(id -?\\d+\\))?$", "$2");
        return "`" + s + "`" + (e.line() > 0 ? " (line " + e.line() + ")" : "");
    }

    /** The trace as a table: a step number, one column per thread; each row one event. */
    public DataTable table() {
        List<String> cols = new ArrayList<>();
        cols.add("step");
        cols.addAll(threads);
        DataTable t = new DataTable(cols.toArray(String[]::new));
        int step = 0;
        for (Event e : events) {
            Object[] row = new Object[cols.size()];
            row[0] = ++step;
            for (int i = 1; i < row.length; i++) row[i] = "";
            row[e.thread() + 1] = e.text() + (e.line() > 0 && e.kind() != Kind.LOCK && e.kind() != Kind.UNLOCK ? "  (line " + e.line() + ")" : "");
            t.add(row);
        }
        return t;
    }

    public String toText() {
        if (events.isEmpty()) return "(no failing interleaving)\n";
        StringBuilder sb = new StringBuilder("The failing interleaving, one row per event:\n");
        sb.append(table().toText(1_000));
        if (!failure.isEmpty()) sb.append("check: ").append(failure).append('\n');
        if (!deadlock.isEmpty()) sb.append("deadlock: ").append(deadlock.replace("`", "")).append('\n');
        if (!hang.isEmpty()) sb.append("hung: ").append(hang).append('\n');
        return sb.toString();
    }

    /** The table in HTML: reads in blue, writes in red, locks in green, switches grey. */
    public String html() {
        if (events.isEmpty()) return "<div class=\"racelab-trace\"><i>no failing interleaving</i></div>";
        StringBuilder sb = new StringBuilder("<div class=\"racelab-trace\"><b>The failing interleaving</b>"
                + "<table style=\"border-collapse:collapse;font-family:monospace;font-size:90%\"><tr><th>step</th>");
        for (String t : threads) sb.append("<th style=\"padding:2px 8px\">").append(Html.esc(t)).append("</th>");
        sb.append("</tr>");
        int step = 0;
        for (Event e : events) {
            sb.append("<tr data-kind=\"").append(e.kind().name().toLowerCase(java.util.Locale.ROOT)).append("\"><td>").append(++step).append("</td>");
            for (int i = 0; i < threads.size(); i++) {
                sb.append("<td style=\"padding:2px 8px;border-left:1px solid #ddd\">");
                if (i == e.thread()) {
                    sb.append("<span style=\"color:").append(color(e.kind())).append("\">").append(Html.esc(e.text())).append("</span>");
                    if (e.line() > 0) sb.append(" <small style=\"color:#888\">line ").append(e.line()).append("</small>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
        if (!failure.isEmpty()) sb.append("<div>check: <code>").append(Html.esc(failure)).append("</code></div>");
        if (!deadlock.isEmpty()) sb.append("<div>deadlock: ").append(Html.esc(deadlock.replace("`", ""))).append("</div>");
        if (!hang.isEmpty()) sb.append("<div>hung: ").append(Html.esc(hang)).append("</div>");
        return sb.append("</div>").toString();
    }

    static String color(Kind k) {
        return switch (k) {
            case READ -> "#1f5fbf";
            case WRITE -> "#b22222";
            case LOCK, UNLOCK -> "#2e7d32";
            case WAIT, FAIL -> "#e65100";
            default -> "#777";
        };
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html());
        m.put("text/plain", toText());
        return m;
    }

    @Override
    public String toString() {
        return toText();
    }
}
