package dev.racelab.stress;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * "Share memory by communicating": the producer fills a plain, mutable message and sends it through a
 * concurrent queue; the consumer that receives it sees every field the producer wrote before sending (the
 * queue's offer happens-before the poll that returns the element). Compare Publication_01_Unsafe, which passes
 * the object through a plain field. Backs notebook 05 (channels).
 * Run: ./course exp jcstress --test Channel_02
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   -1       1,182,847  ACCEPTABLE
 *   0                0  FORBIDDEN
 *   42         852,884  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 05: a message sent through a channel (ConcurrentLinkedQueue) arrives fully built.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Nothing received yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "Received, fully built.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "Received before its field was written: the channel did not publish it.")
@State
public class Channel_02_SafeHandoff {
    static final class Message {
        int payload;
    }

    final ConcurrentLinkedQueue<Message> channel = new ConcurrentLinkedQueue<>();

    @Actor public void producer() {
        Message m = new Message();
        m.payload = 42;
        channel.offer(m);
    }

    @Actor public void consumer(I_Result r) {
        Message m = channel.poll();
        r.r1 = m == null ? -1 : m.payload;
    }
}
