package fr.essor.bench;

import fr.essor.matching.LotDescription;
import fr.essor.matching.MatchRequest;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.NoticeLots;
import fr.essor.matching.PlaceResolver;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeParsers;
import fr.essor.notice.ParseOutcome;
import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.ReferenceData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The questions every match path is asked, the same for all: the lots of real notices (eForms SDK examples, TED
 * eForms notices, OCDS releases and records, parsed by essor's own parsers; DECP awards as published) and generated
 * lots (a text of ~250 characters from CPV labels and real enterprise descriptions, one to three CPV codes, a value,
 * a duration, a fifth of them reserved). A real lot keeps its place when it is a point in France; any other place
 * (abroad, unknown, a region only) is drawn, like every generated one, from where the registry's enterprises are
 * ({@link GeneratedRegistry#commune}). Each question is a {@code POST /api/match} body, and its lot is what essor's
 * own request parser reads of it, so that every path asks exactly the same thing. Distinct bodies; the warm-up set
 * shares none with the measured one. Deterministic for a seed.
 */
final class MatchWorkload {
    static final Path NOTICES = Path.of("../shared/data/notices");
    static final Path AWARDS = Path.of("../shared/data/awards/decp_awards.json");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    /** One question: where it comes from ("eforms-sdk", "decp", "generated", ...), the HTTP body, the lot essor reads of it. */
    record Question(String origin, JsonObject body, LotDescription lot) {
        boolean real() {
            return !origin.equals("generated");
        }
    }

    final List<Question> warmUp;
    final List<Question> measured;

    private MatchWorkload(List<Question> warmUp, List<Question> measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    /**
     * @param total     how many measured questions: the real ones, then generated ones up to this
     * @param warmUps   how many generated questions for the warm-up, none of them measured
     */
    static MatchWorkload build(GeneratedRegistry registry, MatchingConfig config, long seed, int total, int warmUps)
            throws IOException {
        ReferenceData reference = ReferenceData.get();
        Random random = new Random(seed);
        Map<String, Question> measured = new LinkedHashMap<>();
        for (Question q : realQuestions(registry, config, random)) {
            if (q != null) {
                measured.putIfAbsent(q.body().encode(), q);
            }
        }
        List<CpvCatalog.CpvCode> codes = List.copyOf(reference.cpv().all());
        List<String> descriptions = fr.essor.registry.index.LemarcheFixture.enterprises().stream()
                .map(e -> e.description()).filter(d -> d != null && d.length() > 30).toList();
        while (measured.size() < total) {
            Question q = generatedQuestion(registry, config, random, codes, descriptions);
            if (q != null) {
                measured.putIfAbsent(q.body().encode(), q);
            }
        }
        Map<String, Question> warm = new LinkedHashMap<>();
        while (warm.size() < warmUps) {
            Question q = generatedQuestion(registry, config, random, codes, descriptions);
            if (q != null && !measured.containsKey(q.body().encode())) {
                warm.putIfAbsent(q.body().encode(), q);
            }
        }
        List<Question> order = new ArrayList<>(measured.values());
        Collections.shuffle(order, random); // real and generated interleaved, as they would come
        return new MatchWorkload(List.copyOf(warm.values()), List.copyOf(order));
    }

    long realCount() {
        return measured.stream().filter(Question::real).count();
    }

    /** How many measured questions come from each origin, for the report. */
    Map<String, Long> origins() {
        Map<String, Long> byOrigin = new LinkedHashMap<>();
        measured.forEach(q -> byOrigin.merge(q.origin(), 1L, Long::sum));
        return byOrigin;
    }

    private static List<Question> realQuestions(GeneratedRegistry registry, MatchingConfig config, Random random)
            throws IOException {
        NoticeLots lots = new NoticeLots(new PlaceResolver(ReferenceData.get().geography()), CLOCK);
        List<Question> questions = new ArrayList<>();
        try (Stream<Path> files = Files.walk(NOTICES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.toString();
                String type = name.endsWith(".xml") ? "application/xml" : name.endsWith(".json") ? "application/json" : null;
                if (type == null) {
                    continue;
                }
                String origin = NOTICES.relativize(file).getName(0).toString();
                ParseOutcome outcome;
                try {
                    outcome = NoticeParsers.parse(type, Files.readAllBytes(file));
                } catch (RuntimeException e) {
                    continue; // not a procurement notice (business registration, a package file): not a question
                }
                for (Notice notice : outcome.notices()) {
                    for (Notice.Lot lot : notice.lots()) {
                        LotDescription d = lots.describe(notice, lot);
                        if (!d.text().isBlank() || !d.cpv().isEmpty()) {
                            questions.add(question(origin, d.text(), d.cpv(), d.place().hasPoint() && d.place().department() != null
                                    ? new JsonObject().put("lat", d.place().lat()).put("lon", d.place().lon()) : null,
                                    d.reservation(), d.estimatedValue(), d.durationMonths(), d.contractNature(), registry,
                                    config, random));
                        }
                    }
                }
            }
        }
        JsonArray awards = new JsonObject(Files.readString(AWARDS)).getJsonArray("awards");
        for (int i = 0; i < awards.size(); i++) {
            JsonObject a = awards.getJsonObject(i);
            JsonObject place = a.getJsonObject("place");
            List<String> cpv = a.getJsonArray("cpv", new JsonArray()).stream().map(String::valueOf).toList();
            questions.add(question("decp", a.getString("text", ""), cpv,
                    place == null ? null : new JsonObject().put("lat", place.getDouble("lat")).put("lon", place.getDouble("lon")),
                    Reservation.NONE, a.getDouble("amount"), a.getDouble("durationMonths"), null, registry, config, random));
        }
        return questions;
    }

    /** A lot as a buyer would write it: a text of about 250 characters, one to three codes of one division, a place. */
    private static Question generatedQuestion(GeneratedRegistry registry, MatchingConfig config, Random random,
                                              List<CpvCatalog.CpvCode> codes, List<String> descriptions) {
        CpvCatalog.CpvCode main = codes.get(random.nextInt(codes.size()));
        List<CpvCatalog.CpvCode> near = codes.stream().filter(c -> c.code8().startsWith(main.code8().substring(0, 3))).toList();
        List<String> cpv = new ArrayList<>(List.of(main.code8()));
        StringBuilder text = new StringBuilder(main.labelFr());
        for (int n = random.nextInt(3); n > 0; n--) {
            CpvCatalog.CpvCode other = near.get(random.nextInt(near.size()));
            if (!cpv.contains(other.code8())) {
                cpv.add(other.code8());
                text.append(", ").append(other.labelFr().toLowerCase(Locale.ROOT));
            }
        }
        text.append(". ");
        while (text.length() < 220) {
            text.append(descriptions.get(random.nextInt(descriptions.size()))).append(' ');
        }
        String cut = text.length() > 280 ? text.substring(0, text.lastIndexOf(" ", 280)) : text.toString().strip();
        int r = random.nextInt(100);
        Reservation reservation = r < 78 ? Reservation.NONE : r < 90 ? Reservation.INTEGRATION
                : r < 95 ? Reservation.SHELTERED : Reservation.SHELTERED_OR_INTEGRATION;
        double value = Math.round(Math.exp(Math.log(15_000) + random.nextDouble() * Math.log(150))); // 15 k€ to 2.2 M€
        double months = 6 + random.nextInt(43);
        String nature = List.of("works", "supplies", "services").get(random.nextInt(3));
        return question("generated", cut, random.nextInt(20) == 0 ? List.of() : cpv, null, reservation, value, months,
                nature, registry, config, random);
    }

    /** The body, with a place drawn from where enterprises are when {@code point} is null; the lot essor reads of it. */
    private static Question question(String origin, String text, List<String> cpv, JsonObject point, Reservation reservation,
                                     Double value, Double months, String nature, GeneratedRegistry registry,
                                     MatchingConfig config, Random random) {
        JsonObject body = new JsonObject();
        if (!text.isBlank()) {
            body.put("text", text.length() > 4000 ? text.substring(0, 4000) : text);
        }
        if (!cpv.isEmpty()) {
            body.put("cpv", new JsonArray(cpv.stream().limit(100).toList()));
        }
        body.put("place", point != null ? point : new JsonObject().put("insee", registry.commune(random).insee()));
        if (reservation != null && reservation != Reservation.NONE) {
            body.put("reservation", reservation.token());
        }
        if (value != null && value > 0) {
            body.put("estimatedValue", value);
        }
        if (months != null && months > 0 && months <= 1200) {
            body.put("durationMonths", months);
        }
        if (nature != null && Set.of("works", "supplies", "services").contains(nature)) {
            body.put("contractNature", nature);
        }
        body.put("size", 20);
        try {
            return new Question(origin, body, MatchRequest.parse(body, config, ReferenceData.get(), CLOCK).lot());
        } catch (fr.essor.http.ProblemException e) {
            return null; // a lot the API refuses (e.g. a code CpvCatalog does not know) is no question for the bench
        }
    }
}
