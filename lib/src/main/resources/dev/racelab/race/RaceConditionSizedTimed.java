// RaceConditionSized plus four System.nanoTime() stamps just outside each loop.
// Prints: count alphaStart alphaEnd betaStart betaEnd.
public class RaceConditionSizedTimed {
    static int count = 0;
    static final long[] stamps = new long[4];

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        Thread alpha = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) count++;
            long t1 = System.nanoTime();
            stamps[0] = t0;
            stamps[1] = t1;
        });
        Thread beta = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) count++;
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
