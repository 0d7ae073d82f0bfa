package nn.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** A main class for {@link RelauncherTest}: relaunches like {@link Main}, then does what its argument says. */
public final class RelaunchProbe {
    private RelaunchProbe() {
    }

    public static void main(String[] args) throws Exception {
        OptionalInt relaunched = Relauncher.relaunchIfNeeded(RelaunchProbe.class.getName(), args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        boolean vector = ModuleLayer.boot().findModule(Relauncher.VECTOR_MODULE).isPresent();
        System.out.println("pid=" + ProcessHandle.current().pid() + " vector=" + vector);
        System.err.println("probe stderr line");
        System.out.flush();
        switch (args[0]) {
            case "exit" -> System.exit(Integer.parseInt(args[1]));
            case "echo" -> {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                System.out.println("read=" + line);
            }
            case "sleep" -> Thread.sleep(60_000);
            case "slow-save" -> {
                // Stands for a run's save on SIGTERM: a shutdown hook that takes a while, then reports.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.out.println("saved");
                    System.out.flush();
                }));
                Thread.sleep(60_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
