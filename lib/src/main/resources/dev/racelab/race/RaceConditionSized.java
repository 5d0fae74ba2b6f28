// RaceConditionTest with the loop bound read from the command line: `java RaceConditionSized 1000000`.
public class RaceConditionSized {
    static int count = 0;

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
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
