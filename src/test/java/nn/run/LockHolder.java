package nn.run;

import java.nio.file.Path;

/** A second process for the lock test: claims the model folder given, says so, and holds it until killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunFolder folder = RunFolder.claim(Path.of(args[0]), RunMode.OVERWRITE);
        System.out.println("locked " + folder.dir());
        System.out.flush();
        Thread.sleep(120_000); // the test kills it long before
    }
}
