package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a push gave (DESIGN.md section 5): the notices stored with their lot counts, how many were duplicates, and
 * the items refused or skipped. 202 when something new was stored, else 200; a push whose items were all refused is
 * answered by {@link #allRejected} instead.
 */
public record IngestResult(List<Stored> notices, int duplicates, List<ParseOutcome.Rejected> rejected,
                           List<ParseOutcome.Skipped> skipped) {

    /** A notice stored by this push. */
    public record Stored(int index, UUID id, int lots) {
    }

    public IngestResult {
        notices = List.copyOf(notices);
        rejected = List.copyOf(rejected);
        skipped = List.copyOf(skipped);
    }

    /** The answer to a replayed delivery: what it held, all duplicates now. */
    public static IngestResult replay(int notices) {
        return new IngestResult(List.of(), notices, List.of(), List.of());
    }

    public int status() {
        return notices.isEmpty() ? 200 : 202;
    }

    public JsonObject toJson() {
        JsonArray stored = new JsonArray();
        notices.forEach(n -> stored.add(new JsonObject().put("id", n.id().toString()).put("lots", n.lots())));
        JsonArray refused = new JsonArray();
        rejected.forEach(r -> {
            JsonArray errors = new JsonArray();
            r.errors().forEach(e -> errors.add(e.toJson()));
            refused.add(new JsonObject().put("index", r.index()).put("errors", errors));
        });
        JsonArray skips = new JsonArray();
        skipped.forEach(s -> skips.add(new JsonObject().put("index", s.index()).put("reason", s.reason())));
        return new JsonObject()
                .put("notices", stored)
                .put("duplicates", duplicates)
                .put("rejected", refused)
                .put("skipped", skips);
    }

    /** A push whose every item was refused: 422 naming each item's fields ({@code items[2].lots[0].mainCpv}). */
    public static ProblemException allRejected(List<ParseOutcome.Rejected> rejected) {
        List<FieldError> errors = new ArrayList<>();
        for (ParseOutcome.Rejected r : rejected) {
            String item = "items[" + r.index() + "]";
            if (r.errors().isEmpty()) {
                errors.add(new FieldError(item, "refused"));
            }
            for (FieldError e : r.errors()) {
                String field = e.field() == null || e.field().isBlank() ? item
                        : e.field().startsWith("[") ? item + e.field() : item + "." + e.field();
                errors.add(new FieldError(field, e.message()));
            }
        }
        String detail = rejected.size() == 1 ? "the notice was refused" : "all " + rejected.size() + " notices were refused";
        return ProblemException.unprocessable(detail, errors);
    }
}
