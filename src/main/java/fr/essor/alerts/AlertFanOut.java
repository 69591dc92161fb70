package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.matching.LotDescription;
import fr.essor.matching.MatchRequest;
import fr.essor.matching.MatchStore;
import fr.essor.matching.MatchesReady;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.NoticeLots;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeJson;
import fr.essor.notice.NoticeSearch;
import fr.essor.reference.ReferenceData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When a notice's matches are stored (from what the matching saved, or read back when only the notice is named): one
 * server-sent event per match, and a delivery row per (subscription, lot,
 * enterprise) that concerns a subscriber — enterprise subscriptions by their SIRET among the matches, query
 * subscriptions by {@link QueryAlertRule}. The unique key of a delivery makes a second fan-out of the same notice
 * add nothing, so nothing is pushed twice.
 */
final class AlertFanOut {
    private static final Logger LOG = Logger.getLogger(AlertFanOut.class.getName());
    /** Notices a recovery sweep fans out at most; the next sweep takes the rest. */
    private static final int RECOVERY_LIMIT = 100;
    private final Vertx vertx;
    private final Pool pool;
    private final NoticeSearch notices;
    private final MatchStore matches;
    private final SubscriptionStore subscriptions;
    private final NoticeLots noticeLots;
    private final QueryAlertRule rule;
    private final MatchingConfig matchingConfig;
    private final ReferenceData reference;
    private final int itemsPerLot;
    private final MatchEventStore matchEvents;

    AlertFanOut(Vertx vertx, Pool pool, NoticeSearch notices, MatchStore matches, SubscriptionStore subscriptions,
                NoticeLots noticeLots, QueryAlertRule rule, MatchingConfig matchingConfig, ReferenceData reference, int itemsPerLot,
                MatchEventStore matchEvents) {
        this.vertx = vertx;
        this.pool = pool;
        this.notices = notices;
        this.matches = matches;
        this.subscriptions = subscriptions;
        this.noticeLots = noticeLots;
        this.rule = rule;
        this.matchingConfig = matchingConfig;
        this.reference = reference;
        this.itemsPerLot = itemsPerLot;
        this.matchEvents = matchEvents;
    }

    /** From what the matching saved: nothing is read back. Resolves with the number of new deliveries. */
    Future<Integer> onMatchesReady(MatchesReady ready) {
        List<MatchStore.SavedLot> lots = new ArrayList<>();
        for (MatchStore.SavedLot lot : ready.lots()) {
            lots.add(new MatchStore.SavedLot(lot.lotId(), lot.items().subList(0, Math.min(itemsPerLot, lot.items().size()))));
        }
        return fanOut(ready.noticeId(), ready.notice(), lots);
    }

    /** From the notice's id alone (the recovery, or a {@code matches.ready} naming it only): what was stored is read back. */
    Future<Integer> onMatchesReady(UUID noticeId) {
        return notices.find(noticeId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return matches.lots(noticeId, null, 0, itemsPerLot)
                    // the notice parsed on a worker, not on the event loop; the items stay the text they were saved as
                    .compose(lots -> vertx.executeBlocking(() -> NoticeJson.fromJson(found.get()), false)
                            .compose(notice -> fanOut(noticeId, notice, lots)));
        });
    }

    /**
     * The deliveries first, the stream last: its record says the fan-out is complete, so a notice without one (its
     * node stopped in between) is fanned out again by {@link #recover}, deliveries included (they are unique).
     */
    private Future<Integer> fanOut(UUID noticeId, Notice notice, List<MatchStore.SavedLot> lots) {
        JsonObject summary = summary(notice);
        return enterpriseDeliveries(noticeId, summary)
                .compose(n -> queryDeliveries(noticeId, notice, summary).map(q -> n + q))
                .compose(n -> stream(noticeId, summary, notice, lots).map(n));
    }

    /**
     * Fans out, from their stored matches, the notices matched at least {@code grace} ago but never fanned out;
     * resolves with the number of new deliveries. Run on every node: a notice two nodes take at once is fanned out
     * once (its record and its deliveries are unique).
     */
    Future<Integer> recover(Duration grace) {
        return matchEvents.notFannedOut(grace, RECOVERY_LIMIT).compose(ids -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (UUID id : ids) {
                chain = chain.compose(n -> onMatchesReady(id).map(m -> n + m));
            }
            if (!ids.isEmpty()) {
                LOG.info(ids.size() + " notice(s) matched but not fanned out (a node stopped in between): fanned out now");
            }
            return chain;
        });
    }

    /** A notice's events ({@link MatchEventStore#live}), and its fan-out as the replay store records it. */
    private record Streamed(MatchEventStore.Fanout fanout, List<JsonObject> events) {
    }

    /**
     * Records the fan-out for the stream's replay, then publishes its events unless it was recorded before (a second
     * fan-out of the same notice streams nothing again). Recorded first, published after: a stream that subscribes
     * and then reads the store misses nothing. When the store fails the events are still published live, and the
     * failure logged. The events are written on a worker (a notice's lots hold hundreds of items), from the items' JSON
     * text as saved.
     */
    private Future<Void> stream(UUID noticeId, JsonObject summary, Notice notice, List<MatchStore.SavedLot> lots) {
        return vertx.executeBlocking(() -> events(noticeId, summary, notice, lots), false)
                .compose(streamed -> matchEvents.append(streamed.fanout())
                        .recover(e -> {
                            LOG.log(Level.WARNING, "recording the match events of notice " + noticeId + " failed; streamed without replay", e);
                            return Future.succeededFuture(true);
                        })
                        .map(fresh -> {
                            if (fresh) {
                                for (JsonObject event : streamed.events()) {
                                    vertx.eventBus().publish(Topics.MATCH_EVENTS, event);
                                }
                            }
                            return null;
                        }));
    }

    private Streamed events(UUID noticeId, JsonObject summary, Notice notice, List<MatchStore.SavedLot> lots) {
        List<JsonObject> events = new ArrayList<>();
        JsonObject lotSummaries = new JsonObject();
        String noticeJson = summary.encode();
        for (MatchStore.SavedLot lot : lots) {
            JsonObject lotSummary = lotSummary(notice, lot.lotId());
            lotSummaries.put(lot.lotId(), lotSummary);
            String lotJson = lotSummary.encode();
            for (MatchStore.SavedItem item : lot.items()) {
                String eventId = MatchEventStore.eventId(noticeId, lot.lotId(), item.siret());
                events.add(MatchEventStore.live(eventId, item.siret(), MatchEventStore.payload(eventId, noticeJson, lotJson, item.json())));
            }
        }
        return new Streamed(new MatchEventStore.Fanout(noticeId, itemsPerLot, noticeJson, lotSummaries.encode()), events);
    }

    private Future<Integer> enterpriseDeliveries(UUID noticeId, JsonObject summary) {
        return pool.preparedQuery(
                        "INSERT INTO alert_delivery (id, subscription_id, notice_id, lot_id, siret, payload) "
                                + "SELECT gen_random_uuid(), s.id, m.notice_id, m.lot_id, m.siret, jsonb_build_object("
                                + "  'type', 'match', 'subscriptionId', s.id, 'notice', $2::jsonb,"
                                + "  'lot', jsonb_build_object('lotId', l.lot_id, 'title', l.title, 'mainCpv', l.main_cpv,"
                                + "    'reservation', l.reservation, 'deadline', l.deadline),"
                                + "  'match', m.item) "
                                + "FROM subscription s "
                                + "JOIN lot_match m ON m.siret = s.siret "
                                + "JOIN notice_lots l ON l.notice_id = m.notice_id AND l.position = m.lot_position "
                                + "WHERE s.kind = 'enterprise' AND m.notice_id = $1 "
                                + "ON CONFLICT (subscription_id, notice_id, lot_id, siret) DO NOTHING")
                .execute(Tuple.of(noticeId, summary))
                .map(rows -> rows.rowCount());
    }

    private Future<Integer> queryDeliveries(UUID noticeId, Notice notice, JsonObject summary) {
        return subscriptions.queries().compose(queries -> {
            if (queries.isEmpty()) {
                return Future.succeededFuture(0);
            }
            return vertx.executeBlocking(() -> evaluate(notice, summary, queries), false).compose(rows -> rows.isEmpty()
                    ? Future.succeededFuture(0)
                    : pool.preparedQuery("INSERT INTO alert_delivery (id, subscription_id, notice_id, lot_id, siret, payload) "
                                    + "VALUES ($1, $2, $3, $4, '', $5) ON CONFLICT (subscription_id, notice_id, lot_id, siret) DO NOTHING")
                            .executeBatch(rows.stream().map(r -> Tuple.of(UUID.randomUUID(), r.subscription(), noticeId, r.lotId(), r.payload())).toList())
                            .map(result -> {
                                int n = 0;
                                for (var r = result; r != null; r = r.next()) {
                                    n += r.rowCount();
                                }
                                return n;
                            }));
        });
    }

    private record QueryHit(UUID subscription, String lotId, JsonObject payload) {
    }

    /** Blocking (text analysis): every lot against every saved query. */
    private List<QueryHit> evaluate(Notice notice, JsonObject summary, List<Subscription> queries) {
        List<QueryHit> hits = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        for (Subscription s : queries) {
            LotDescription query;
            try {
                query = MatchRequest.parse(s.query(), matchingConfig, reference, clock).lot();
            } catch (RuntimeException e) {
                continue; // validated at creation; a configuration change may have made it invalid since
            }
            for (Notice.Lot lot : notice.lots()) {
                Optional<List<String>> why = rule.why(query, noticeLots.describe(notice, lot));
                why.ifPresent(reasons -> hits.add(new QueryHit(s.id(), lot.lotId(), new JsonObject()
                        .put("type", "lot").put("subscriptionId", s.id().toString())
                        .put("notice", summary).put("lot", lotSummary(notice, lot.lotId()))
                        .put("why", new JsonArray(new ArrayList<>(reasons))))));
            }
        }
        return hits;
    }

    static JsonObject summary(Notice notice) {
        return new JsonObject()
                .put("id", notice.id() == null ? null : notice.id().toString())
                .put("title", notice.title())
                .put("buyer", notice.buyer() == null ? null : notice.buyer().name())
                .put("publishedAt", notice.publishedAt() == null ? null : notice.publishedAt().toString())
                .put("deadline", notice.deadline() == null ? null : notice.deadline().toString());
    }

    private static JsonObject lotSummary(Notice notice, String lotId) {
        for (Notice.Lot lot : notice.lots()) {
            if (lot.lotId().equals(lotId)) {
                return new JsonObject().put("lotId", lot.lotId()).put("title", lot.title()).put("mainCpv", lot.mainCpv())
                        .put("reservation", lot.reservation() == null ? null : lot.reservation().token())
                        .put("deadline", lot.deadline() == null ? null : lot.deadline().toString());
            }
        }
        return new JsonObject().put("lotId", lotId);
    }
}
