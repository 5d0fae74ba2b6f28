package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Profile.quickOrFull}: the one call an experiment sizes a default with, read from RACELAB_PROFILE. */
class ProfileTest {
    /** Prints what each overload of quickOrFull gives, in a JVM started with the profile under test. */
    public static void main(String[] args) {
        int[] counts = Profile.quickOrFull(new int[] {1, 2}, new int[] {1, 2, 4});
        System.out.println(Profile.current().label() + " " + Profile.quickOrFull(3, 9) + " " + Profile.quickOrFull(3L, 9L)
                + " " + Profile.quickOrFull(1.5, 30) + " " + counts.length + " "
                + Profile.quickOrFull(Duration.ofMillis(5), Duration.ofMillis(7)).toMillis());
    }

    static String childSays(String profile) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), ProfileTest.class)).redirectErrorStream(true);
        if (profile == null) pb.environment().remove(Profile.ENV);
        else pb.environment().put(Profile.ENV, profile);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void eachOverloadPicksTheValueOfTheCurrentProfile() {
        Profile p = Profile.current();
        assertEquals(p.pick(3, 9), Profile.quickOrFull(3, 9));
        assertEquals(p.pick(3L, 9L), Profile.quickOrFull(3L, 9L));
        assertEquals(p.pick(1.5, 30), Profile.quickOrFull(1.5, 30));
        int[] quick = {1}, full = {1, 2};
        assertSame(p == Profile.QUICK ? quick : full, Profile.quickOrFull(quick, full));
    }

    @Test
    void theEnvironmentVariableChoosesAsBefore() throws Exception {
        assertEquals("quick 3 3 1.5 2 5", childSays(null));
        assertEquals("quick 3 3 1.5 2 5", childSays("quick"));
        assertEquals("full 9 9 30.0 3 7", childSays(" Full "));
        String bad = childSays("fast");
        assertTrue(bad.contains("RACELAB_PROFILE must be one of quick, full (got fast)"), bad);
    }
}
