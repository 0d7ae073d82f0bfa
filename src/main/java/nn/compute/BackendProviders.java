package nn.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The providers on the class path: the host one and the device ones, in the order the service
 * files list them. Looked up on each call (it is cheap, and no static state is kept).
 */
record BackendProviders(BackendProvider host, List<BackendProvider> devices) {

    static BackendProviders found() {
        BackendProvider host = null;
        List<BackendProvider> devices = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, BackendProvider.class.getClassLoader())) {
            if (p.isHost()) {
                host = host == null ? p : host;
            } else {
                devices.add(p);
            }
        }
        if (host == null) {
            throw new IllegalStateException("no host backend provider on the class path (META-INF/services/"
                    + BackendProvider.class.getName() + " lists none)");
        }
        return new BackendProviders(host, List.copyOf(devices));
    }

    /** The provider whose devices {@code nn devices} lists and {@code --device-index} counts; null when none. */
    BackendProvider device() {
        return devices.isEmpty() ? null : devices.get(0);
    }
}
