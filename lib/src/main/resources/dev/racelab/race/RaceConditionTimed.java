// RaceConditionTest plus four System.nanoTime() stamps, taken just outside each loop (the loops are untouched).
// Prints: count alphaStart alphaEnd betaStart betaEnd.
public class RaceConditionTimed {
    static int count = 0;
    static final long[] stamps = new long[4];

    public static void main(String[] args) throws InterruptedException {
        Thread alpha = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10000; i++) count++;
            long t1 = System.nanoTime();
            stamps[0] = t0;
            stamps[1] = t1;
        });
        Thread beta = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10000; i++) count++;
            long t1 = System.nanoTime();
            stamps[2] = t0;
            stamps[3] = t1;
        });
        alpha.start();
        beta.start();
        alpha.join();
        beta.join();
        System.out.println(count + " " + stamps[0] + " " + stamps[1] + " " + stamps[2] + " " + stamps[3]);
    }
}
