package fr.essor.alerts;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import fr.essor.http.Authentication;
import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.http.Problems;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.registry.Siret;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/stream}: server-sent events, one {@code match} event per new match, as the alert verticle
 * publishes them. {@code siret} narrows the stream to one enterprise; a malformed one (bad percent-encoding, not 14
 * digits) answers 400 naming it, before the stream opens. A comment every 15 s keeps proxies from closing an idle
 * stream.
 *
 * <p>One key holds at most {@code alerts.maxStreamsPerKey} streams at once on this node (like the rate limits, the
 * count is per node): one more answers 429 with {@code Retry-After}; a stream that closes frees its slot.
 *
 * <p>{@code Last-Event-ID} (what an EventSource sends when it reconnects) replays the events after that one stored
 * within {@code alerts.streamReplayHours}, filtered like the live ones, before the live ones. The live topic is
 * subscribed first and buffered while the store is read page by page; the buffer is then flushed without the events
 * the replay already sent, so an event published during the replay is neither lost nor sent twice.
 */
public final class MatchStream implements RouteSet {
    private static final Logger LOG = Logger.getLogger(MatchStream.class.getName());
    private static final long HEARTBEAT_MS = 15_000;
    /** Events read from the store at once during a replay. */
    private static final int REPLAY_PAGE = 500;
    /** Live events held while a replay runs; a replay outrun by more closes the stream (the client reconnects). */
    private static final int MAX_BUFFERED = 10_000;
    /** What a refused stream is told to wait: slots free only when a stream of the key closes, which cannot be foreseen. */
    static final long RETRY_AFTER_SECONDS = 10;
    /** How long after a replay the ids it sent are still skipped when they come live. */
    private static final long REPLAYED_GRACE_MS = 60_000;

    private final EventBus eventBus;
    private final Authentication authentication;
    private final MatchEventStore store;
    private final int maxStreamsPerKey;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    public MatchStream(EventBus eventBus, Authentication authentication, MatchEventStore store, int maxStreamsPerKey) {
        this.eventBus = eventBus;
        this.authentication = authentication;
        this.store = store;
        this.maxStreamsPerKey = maxStreamsPerKey;
    }

    /** {@code alerts.maxStreamsPerKey}: concurrent streams one key may hold. */
    public static int maxStreamsPerKey(EssorConfig config) {
        return config.intIn("alerts.maxStreamsPerKey", 1, 10_000);
    }

    @Override
    public void mount(Router router) {
        router.get("/api/stream").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::stream);
    }

    private boolean acquire(String key) {
        boolean[] got = {false};
        open.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxStreamsPerKey) {
                return n;
            }
            got[0] = true;
            return count + 1;
        });
        return got[0];
    }

    private void release(String key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void stream(RoutingContext ctx) {
        String siret = siret(ctx.request().query());
        Authentication.Caller caller = Authentication.caller(ctx);
        // a supplier streams its own matches only (DESIGN.md section 5)
        List<String> own = caller != null && caller.role() == Role.SUPPLIER ? caller.sirets() : null;
        Predicate<String> asked = siret == null ? s -> true : siret::equals;
        Predicate<String> wanted = own != null ? asked.and(own::contains) : asked;
        String key = caller == null ? "" : caller.keyId();
        if (!acquire(key)) {
            ctx.response().putHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
            ctx.fail(new ProblemException(429, Problems.title(429), "this API key already has " + maxStreamsPerKey
                    + " open streams (alerts.maxStreamsPerKey); close one or retry after " + RETRY_AFTER_SECONDS + " s", List.of()));
            return;
        }
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        HttpServerResponse response = ctx.response();
        AtomicBoolean released = new AtomicBoolean();
        Runnable free = () -> {
            if (released.compareAndSet(false, true)) {
                release(key);
            }
        };
        Session session = new Session(ctx, response, wanted);
        response.closeHandler(v -> {
            free.run();
            session.stop();
        });
        if (ctx.request().connection() == null || response.closed()) {
            free.run();
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": essor match stream\n\n");
        session.start(lastEventId == null || lastEventId.isBlank() ? null : lastEventId.trim(), siret, own);
    }

    /** One open stream: its live consumer, its heartbeat, and while a replay runs, the live events held back. */
    private final class Session {
        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private final Predicate<String> wanted;
        private MessageConsumer<JsonObject> consumer;
        private long heartbeat = -1;
        /** Non-null while replaying: live events held until the replay is done. */
        private List<JsonObject> buffer;
        /**
         * Ids the replay sent. An event is stored before it is published, so the replay may read one whose live copy
         * comes after: it is skipped, whether held or arriving after the flush. Kept REPLAYED_GRACE_MS after the flush
         * (publication follows the store within milliseconds), then dropped.
         */
        private Set<String> replayed;
        private boolean stopped;

        Session(RoutingContext ctx, HttpServerResponse response, Predicate<String> wanted) {
            this.ctx = ctx;
            this.response = response;
            this.wanted = wanted;
        }

        void start(String lastEventId, String siret, List<String> own) {
            if (lastEventId != null) {
                buffer = new ArrayList<>();
                replayed = new HashSet<>();
            }
            // subscribed before the store is read: an event published meanwhile is held, never lost
            consumer = eventBus.consumer(Topics.MATCH_EVENTS, message -> live(message.body()));
            heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MS, t -> {
                if (!response.closed()) {
                    response.write(": keep-alive\n\n");
                }
            });
            if (lastEventId != null) {
                // an unknown Last-Event-ID, or one older than the window, replays the whole window
                store.position(lastEventId)
                        .onSuccess(after -> replay(after, siret, own))
                        .onFailure(this::replayFailed);
            }
        }

        private void live(JsonObject event) {
            if (stopped || !wanted.test(event.getString("siret"))) {
                return;
            }
            String id = event.getString("eventId");
            if (replayed != null && replayed.contains(id)) {
                return;
            }
            if (buffer != null) {
                if (buffer.size() >= MAX_BUFFERED) {
                    LOG.warning("a stream replay was outrun by " + MAX_BUFFERED + " live events; closing it so that it reconnects");
                    close();
                    return;
                }
                buffer.add(event);
                return;
            }
            send(id, event.getString("data"));
        }

        private void replay(MatchEventStore.Position after, String siret, List<String> own) {
            if (stopped) {
                return;
            }
            store.after(after, siret, own, REPLAY_PAGE).onSuccess(page -> {
                if (stopped) {
                    return;
                }
                for (MatchEventStore.Stored e : page) {
                    replayed.add(e.eventId());
                    send(e.eventId(), e.data());
                }
                if (page.size() < REPLAY_PAGE) {
                    flush();
                    return;
                }
                MatchEventStore.Position last = page.get(page.size() - 1).position();
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> {
                        response.drainHandler(null);
                        replay(last, siret, own);
                    });
                } else {
                    replay(last, siret, own);
                }
            }).onFailure(this::replayFailed);
        }

        /** The replay is done: the held live events it did not send, then live as they come. */
        private void flush() {
            List<JsonObject> held = buffer;
            buffer = null;
            for (JsonObject event : held) {
                String id = event.getString("eventId");
                if (!replayed.contains(id)) {
                    send(id, event.getString("data"));
                }
            }
            ctx.vertx().setTimer(REPLAYED_GRACE_MS, t -> replayed = null);
        }

        private void replayFailed(Throwable e) {
            // closed rather than silently missing events: the client reconnects with the same Last-Event-ID
            LOG.log(Level.WARNING, "a stream replay failed; closing the stream", e);
            close();
        }

        /** One event: its id and the event as JSON text. */
        private void send(String id, String data) {
            if (stopped || response.closed()) {
                return;
            }
            if (buffer == null && response.writeQueueFull()) {
                // a reader this far behind reconnects rather than silently missing events
                close();
                return;
            }
            response.write("id: " + id + "\nevent: match\ndata: " + data + "\n\n");
        }

        private void close() {
            stop();
            var connection = ctx.request().connection();
            if (connection != null) {
                connection.close();
            }
        }

        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (heartbeat >= 0) {
                ctx.vertx().cancelTimer(heartbeat);
            }
            if (consumer != null) {
                consumer.unregister();
            }
        }
    }

    /**
     * The {@code siret} query parameter, or null; decoded here rather than through the request's parameters, whose
     * decoder throws on a bad escape such as {@code %zz} (a 500 otherwise).
     */
    static String siret(String query) {
        if (query == null) {
            return null;
        }
        String found = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (!(eq < 0 ? pair : pair.substring(0, eq)).equals("siret")) {
                continue;
            }
            String value;
            try {
                value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("siret is not a valid percent-encoded value", new FieldError("siret", "malformed percent-encoding"));
            }
            if (found != null) {
                throw ProblemException.badRequest("give one siret", new FieldError("siret", "given more than once"));
            }
            found = value.trim();
            if (!Siret.isValid(found)) {
                throw ProblemException.badRequest("siret is not a SIRET", new FieldError("siret", Siret.problem(found)));
            }
        }
        return found;
    }
}
