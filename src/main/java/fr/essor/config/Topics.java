package fr.essor.config;

/** Event-bus addresses, in one place. */
public final class Topics {
    /** A notice was committed (body: {"id": uuid}); published from the outbox. */
    public static final String NOTICE_INGESTED = "notice.ingested";
    /** Matches of a notice were stored (body: {"noticeId": uuid, "count": n}). */
    public static final String MATCHES_READY = "matches.ready";
    /** Registry rows changed (body: {"upserted": [siret..], "deleted": [siret..]}); the index follows. */
    public static final String REGISTRY_CHANGED = "registry.changed";

    /** One new match, for the server-sent event stream (body: {eventId, notice, lot, match}). */
    public static final String MATCH_EVENTS = "alerts.match";

    /** A delivery was queued outside a fan-out (a subscription's ping); a dispatcher should look for due pushes now (no body). */
    public static final String DELIVERIES_DUE = "alerts.deliveries.due";

    /**
     * A key was made or revoked on some node (body: {"revoked": uuid} or {}); every node's key cache reads the keys
     * again at once, and drops a revoked one before that read ends. Cluster-wide in clustered mode.
     */
    public static final String KEYS_CHANGED = "keys.changed";

    /** Local to a node: notices were committed with outbox rows; the outbox relay should run now (no body). */
    public static final String OUTBOX_PENDING = "essor.outbox.pending";

    private Topics() {
    }
}
