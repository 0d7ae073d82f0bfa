package nn.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one answer to an exchange, sent by its worker or, at the read deadline, by the watchdog (a 408
 * that closes the connection); whichever comes first wins and the other is dropped.
 */
final class Reply {
    private final HttpExchange exchange;
    private boolean sent;
    private boolean timedOut;

    Reply(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** Sends {@code status} with a JSON body; false when an answer was already sent. */
    synchronized boolean send(int status, byte[] body) {
        if (sent) {
            return false;
        }
        sent = true;
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status == 408 || status == 413) {
                // The rest of the body is not read: the connection cannot carry another request.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client went away; nothing is left to tell it.
        }
        return true;
    }

    /**
     * The deadline's 408, written without closing the exchange: closing would drain the request body
     * and block on the stream the stalled worker is reading. The JDK's own request timer closes the
     * connection (see {@link PredictionServer}), which ends that read.
     */
    synchronized void timeOut(String message) {
        if (sent) {
            return;
        }
        sent = true;
        timedOut = true;
        byte[] body = Responses.error(message);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(408, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The client went away.
        }
    }

    synchronized boolean timedOut() {
        return timedOut;
    }
}
