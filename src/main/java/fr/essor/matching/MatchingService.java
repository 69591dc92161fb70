package fr.essor.matching;

import fr.essor.http.CsvWriter;
import fr.essor.notice.Notice;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.FrenchTextAnalyzer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP routes and the match verticle call: ad hoc lots (POST /api/match, POST /api/reservability) and
 * stored notices (per-lot matches, GET /api/notices/{id}/reservability). Every method blocks on the index: call
 * it from a worker (vertx.executeBlocking), never from an event loop. Thread-safe.
 */
public final class MatchingService {
    private final MatchingConfig config;
    private final ReferenceData reference;
    private final Matcher matcher;
    private final CandidateSource candidates;
    private final ReservabilityAdvisor advisor;
    private final NoticeLots noticeLots;
    private final Clock clock;

    public MatchingService(MatchingConfig config, ReferenceData reference, EnterpriseIndex index, Clock clock) {
        this(config, reference, new IndexCandidates(index), clock);
    }

    public MatchingService(MatchingConfig config, ReferenceData reference, CandidateSource candidates, Clock clock) {
        TermExtractor terms = new TermExtractor(new FrenchTextAnalyzer());
        this.config = config;
        this.reference = reference;
        this.matcher = new Matcher(config, reference, candidates, terms, clock);
        this.candidates = candidates;
        this.advisor = new ReservabilityAdvisor(config, reference, candidates, terms, clock);
        this.noticeLots = new NoticeLots(new PlaceResolver(reference.geography()), clock);
        this.clock = clock;
    }

    /** POST /api/match: {@code {total, items}} as JSON text. @throws fr.essor.http.ProblemException 422 for an invalid body */
    public String match(JsonObject body) {
        MatchRequest request = MatchRequest.parse(body, config, reference, clock);
        return matcher.match(request.lot(), request.policy(), request.page(), request.size()).encode();
    }

    /**
     * POST /api/match as CSV (Accept: text/csv): the same page, with the whole enterprises (addresses, contacts: the
     * stored documents of the page's enterprises; one deleted meanwhile shows its scoring view).
     * @throws fr.essor.http.ProblemException 422
     */
    public CsvWriter matchCsv(JsonObject body) {
        MatchRequest request = MatchRequest.parse(body, config, reference, clock);
        MatchResult result = matcher.match(request.lot(), request.policy(), request.page(), request.size());
        Map<String, Enterprise> whole =
                candidates.enterprises(result.items().stream().map(MatchItem::siret).toList());
        List<MatchItem> items = result.items().stream()
                .map(i -> i.withEnterprise(whole.getOrDefault(i.siret(), i.enterprise()))).toList();
        return MatchCsv.page(result.withItems(items), request.page() * request.size() + 1, reference.naf());
    }

    /** POST /api/reservability: one {@code lots[]} entry (lotId null). @throws fr.essor.http.ProblemException 422 */
    public JsonObject reservability(JsonObject body) {
        MatchRequest request = MatchRequest.parse(body, config, reference, clock);
        return advisor.assess(request.lot()).toJson();
    }

    /** The matches of one lot of a stored notice, best first (for the reserved lot, eligible ones only). */
    public record LotMatches(String lotId, MatchResult result) {
        /** {@code {lotId, items}} as in GET /api/notices/{id}/matches. */
        public JsonObject toJson() {
            JsonArray items = new JsonArray();
            result.items().forEach(i -> items.add(i.toJson()));
            return new JsonObject().put("lotId", lotId).put("items", items);
        }
    }

    /** Every lot of a notice matched with the configured policy; {@code size} items per lot (1 to 1000). */
    public List<LotMatches> match(Notice notice, int size) {
        return match(notice, size, () -> false);
    }

    /** The same, given up between two lots (CancellationException) once {@code stopping} says so. */
    public List<LotMatches> match(Notice notice, int size, java.util.function.BooleanSupplier stopping) {
        List<LotMatches> out = new ArrayList<>();
        for (Notice.Lot lot : notice.lots()) {
            if (stopping.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("matching stopped: the service is stopping");
            }
            LotDescription description = noticeLots.describe(notice, lot);
            out.add(new LotMatches(lot.lotId(), matcher.match(description, ScoringPolicy.of(config), 0, size)));
        }
        return out;
    }

    /** GET /api/notices/{id}/reservability: {@code {lots: [...]}}. */
    public JsonObject reservability(Notice notice) {
        JsonArray lots = new JsonArray();
        for (Notice.Lot lot : notice.lots()) {
            lots.add(advisor.assess(noticeLots.describe(notice, lot)).toJson());
        }
        return new JsonObject().put("lots", lots);
    }

    public MatchingConfig config() {
        return config;
    }
}
