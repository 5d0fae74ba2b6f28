// The classic program, as books and blog posts show it. racelab compiles it and runs it as `java RaceConditionTest`.
public class RaceConditionTest {
    static int count = 0;

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Thread alpha = new Thread(() -> {
            for (int i = 0; i < n; i++) count++;
        });
        Thread beta = new Thread(() -> {
            for (int i = 0; i < n; i++) count++;
        });
        alpha.start();
        beta.start();
        alpha.join();
        beta.join();
        System.out.println(count);
    }
}
