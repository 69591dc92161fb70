package fr.essor.alerts;

import fr.essor.http.StandardWebhooks;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Pushes pending deliveries to their callbacks, signed like inbound feeds (the delivery id is the webhook-id, so a
 * receiver can drop a repeat), retrying with back-off. Rows are claimed with SKIP LOCKED, so several nodes may run it.
 * Before each push the callback's host is resolved and checked ({@link CallbackGuard}) and the request connects to
 * the address checked; a refused callback counts as a failed attempt with its reason, and nothing is sent. Redirects
 * are never followed (a 3xx is a failure): a receiver could otherwise bounce the push to a private address.
 * The secret is read when a row is claimed, so a rotated secret signs every push from then on; a ping is a row
 * like any other, so it goes through the same checks.
 */
final class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

    private final Pool pool;
    private final WebClient client;
    private final DeliveryPolicy policy;
    private final CallbackGuard guard;

    WebhookDispatcher(Pool pool, WebClient client, DeliveryPolicy policy, CallbackGuard guard) {
        this.pool = pool;
        this.client = client;
        this.policy = policy;
        this.guard = guard;
    }

    /** After a crash, rows caught mid-send are due again. */
    Future<Void> recover() {
        return pool.query("UPDATE alert_delivery SET status = 'pending' WHERE status = 'sending'").execute().mapEmpty();
    }

    /**
     * A row left "sending" this long was abandoned by a node that died mid-send (a cluster: no restart of that node
     * may come to recover it), so it is due again, with the same webhook-id; far past any send's timeout.
     */
    private double abandonedAfterSeconds() {
        return policy.timeout().toSeconds() * 2 + 60;
    }

    /** Claims a batch of due deliveries (and abandoned ones) and sends them; resolves with how many were tried. */
    Future<Integer> sendDue() {
        return pool.preparedQuery(
                        "UPDATE alert_delivery d SET status = 'sending', attempts = d.attempts + 1, last_attempt_at = now() "
                                + "FROM subscription s "
                                + "WHERE d.subscription_id = s.id AND d.id IN ("
                                + "  SELECT id FROM alert_delivery WHERE (status = 'pending' AND next_attempt_at <= now()) "
                                + "  OR (status = 'sending' AND last_attempt_at < now() - make_interval(secs => $2)) "
                                + "  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
                                + "RETURNING d.id, d.attempts, d.payload, s.callback_url, s.secret")
                .execute(Tuple.of(policy.batch(), abandonedAfterSeconds()))
                .compose(rows -> {
                    List<Future<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        sends.add(send(row));
                    }
                    return Future.join(sends).map(sends.size());
                });
    }

    private Future<Void> send(Row row) {
        UUID id = row.getUUID("id");
        int attempts = row.getInteger("attempts");
        Buffer body = Buffer.buffer(row.getJsonObject("payload").encode());
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = StandardWebhooks.sign(StandardWebhooks.key(row.getString("secret")), id.toString(), timestamp, body.getBytes());
        String callback = row.getString("callback_url");
        return guard.check(callback).compose(server -> client.requestAbs(HttpMethod.POST, server, callback)
                .followRedirects(false)
                .timeout(policy.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("webhook-id", id.toString())
                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", signature)
                .sendBuffer(body))
                .transform(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        return delivered(id, ar.result());
                    }
                    String error = !ar.succeeded() ? String.valueOf(ar.cause().getMessage())
                            : ar.result().statusCode() / 100 == 3 ? "HTTP " + ar.result().statusCode() + " (redirects are not followed)"
                            : "HTTP " + ar.result().statusCode();
                    Integer status = ar.succeeded() ? ar.result().statusCode() : null;
                    return retryOrGiveUp(id, attempts, status, error);
                });
    }

    private Future<Void> delivered(UUID id, HttpResponse<Buffer> response) {
        return pool.preparedQuery("UPDATE alert_delivery SET status = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL WHERE id = $1")
                .execute(Tuple.of(id, response.statusCode())).mapEmpty();
    }

    private Future<Void> retryOrGiveUp(UUID id, int attempts, Integer status, String error) {
        boolean giveUp = attempts >= policy.maxAttempts();
        if (giveUp) {
            LOG.warning("alert delivery " + id + " given up after " + attempts + " attempts: " + error);
        }
        return pool.preparedQuery("UPDATE alert_delivery SET status = $2, last_status = $3, last_error = $4, "
                        + "next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1")
                .execute(Tuple.of(id, giveUp ? "failed" : "pending", status, error, policy.delayAfter(attempts).toMillis() / 1000.0))
                .mapEmpty();
    }
}
