package dev.racelab.channels;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the three channel kinds did while they blocked (notebook 05 §2): how deep each got with a fast producer, the
 * median time a send blocked, and the median time a receive blocked with a slow producer, each median with its 95 %
 * interval over the phase's messages. One sentence form whatever the numbers: the kinds differ by design (a buffer,
 * no room, no bound), and the figures say by how much on this machine. {@code ChannelKinds.of().run().explain()}
 */
final class KindsExplain {
    private KindsExplain() {}

    static final String US = "%,.0f µs";

    static Prose explain(Result r) {
        ChannelKinds.Names buf = ChannelKinds.Names.of(ChannelKinds.BUFFERED);
        ChannelKinds.Names sync = ChannelKinds.Names.of(ChannelKinds.RENDEZVOUS);
        ChannelKinds.Names tq = ChannelKinds.Names.of(ChannelKinds.TRANSFER);
        Prose p = new Prose().set("capacity", ((Number) r.params().get("capacity")).doubleValue(), "%,.0f")
                .set("slow", ((Number) r.params().get("slow_us")).doubleValue(), "%,.0f µs")
                .set("bufDepth", r.value(buf.maxDepth()), "%,.0f")
                .set("bufSend", r.interval(buf.sendWaitUs()), US)
                .set("syncDepth", r.value(sync.maxDepth()), "%,.0f")
                .set("syncSend", r.interval(sync.sendWaitUs()), US)
                .set("tqSend", r.interval(tq.sendWaitUs()), "%.2f µs")
                .set("tqDepth", r.value(tq.maxDepth()), "%,.0f")
                .set("bufRecv", r.interval(buf.receiveWaitUs()), US)
                .set("syncRecv", r.interval(sync.receiveWaitUs()), US)
                .set("tqRecv", r.interval(tq.receiveWaitUs()), US);
        p.add("With the consumer slow ({slow} per message), the buffered channel never held more than {bufDepth} messages "
                + "(capacity {capacity}); once full, a send blocked for {bufSend} (median over the messages, with its "
                + "95 % interval), while the consumer spends {slow} on each message.");
        p.add("The unbuffered `SynchronousQueue` held {syncDepth}, and a send waited {syncSend} for its receiver.");
        p.add("`LinkedTransferQueue.put` never blocks: a send took {tqSend}, and the queue grew to {tqDepth} messages.");
        p.add("With the producer slow it was the receivers' turn to wait: {bufRecv}, {syncRecv} and {tqRecv} per receive "
                + "(median) for the three kinds, while the producer spends {slow} making each message.");
        return p;
    }
}
