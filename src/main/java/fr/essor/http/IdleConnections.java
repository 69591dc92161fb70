package fr.essor.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection that carries no request for {@code idleMillis}: a kept-alive connection left open, or one
 * that never finishes its first request line and headers. Vert.x's own idle timeout would also cut a request still
 * being answered (a large import can work for minutes without writing a byte), so the clock only runs between
 * requests. The clock starts when Vert.x hands over the connection, which (h2c detection) is after its first bytes:
 * a socket that never sends one is not covered here. State is touched only on the server's event loop.
 */
final class IdleConnections {
    private static final class State {
        int inFlight;
        long timer = -1;
        boolean closed;
    }

    private final Vertx vertx;
    private final long idleMillis;
    private final Map<HttpConnection, State> states = new HashMap<>();

    IdleConnections(Vertx vertx, long idleMillis) {
        this.vertx = vertx;
        this.idleMillis = idleMillis;
    }

    void opened(HttpConnection connection) {
        State state = new State();
        states.put(connection, state);
        connection.closeHandler(v -> {
            state.closed = true;
            vertx.cancelTimer(state.timer);
            states.remove(connection);
        });
        arm(connection, state);
    }

    /** The first handler of every request: stops the clock until the answer has ended. */
    void requestStarted(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        State state = states.get(connection);
        if (state != null) {
            state.inFlight++;
            vertx.cancelTimer(state.timer);
            ctx.addEndHandler(done -> {
                if (--state.inFlight == 0 && !state.closed) {
                    arm(connection, state);
                }
            });
        }
        ctx.next();
    }

    private void arm(HttpConnection connection, State state) {
        state.timer = vertx.setTimer(idleMillis, t -> {
            if (state.inFlight == 0 && !state.closed) {
                connection.close();
            }
        });
    }
}
