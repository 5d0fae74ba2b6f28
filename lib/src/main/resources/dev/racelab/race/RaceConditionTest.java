public class RaceConditionTest {
    static int count = 0;

    public static void main(String[] args) throws InterruptedException {
        Thread alpha = new Thread(() -> {
            for (int i = 0; i < 10000; i++) count++;
        });
        Thread beta = new Thread(() -> {
            for (int i = 0; i < 10000; i++) count++;
        });
        alpha.start();
        beta.start();
        alpha.join();
        beta.join();
        System.out.println(count);
    }
}
