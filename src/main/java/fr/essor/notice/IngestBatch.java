package fr.essor.notice;

import fr.essor.http.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One push's items, made ready to store off the event loop: each accepted notice placed (geocoded), encoded as its
 * normalised JSON and given its search fields; the refused and skipped items as the parsers reported them. Pure CPU
 * work, so it runs on a worker next to the parse.
 */
public record IngestBatch(List<Ready> ready, List<ParseOutcome.Rejected> rejected, List<ParseOutcome.Skipped> skipped) {

    /**
     * A notice ready to store. {@code index} is its position in the push; {@code document} its normalised JSON,
     * encoded here on the worker (the store adds essor's id and what it supersedes in SQL).
     */
    public record Ready(int index, Notice notice, String document, NoticeSearchFields fields,
                        List<String> lotDepartments) {
    }

    public IngestBatch {
        ready = List.copyOf(ready);
        rejected = List.copyOf(rejected);
        skipped = List.copyOf(skipped);
    }

    public static IngestBatch prepare(ParseOutcome outcome, NoticeGeocoder geocoder) {
        List<Ready> ready = new ArrayList<>();
        List<ParseOutcome.Rejected> rejected = new ArrayList<>(outcome.rejected());
        for (ParseOutcome.Accepted item : outcome.accepted()) {
            Notice n = item.notice();
            if (n.sourceId() == null || n.sourceId().isBlank()) {
                rejected.add(new ParseOutcome.Rejected(item.index(), List.of(new FieldError("sourceId", "required"))));
                continue;
            }
            if (n.lots() == null || n.lots().isEmpty()) {
                rejected.add(new ParseOutcome.Rejected(item.index(), List.of(new FieldError("lots", "at least one lot"))));
                continue;
            }
            NoticeGeocoder.Placed placed = geocoder.place(n);
            String document = ((JsonObject) withoutNul(NoticeJson.toJson(placed.notice()))).encode();
            ready.add(new Ready(item.index(), placed.notice(), document, NoticeSearchFields.of(placed),
                    placed.lotDepartments()));
        }
        rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new IngestBatch(ready, rejected, outcome.skipped());
    }

    /** How many items the push held. */
    public int size() {
        return ready.size() + rejected.size() + skipped.size();
    }

    /** PostgreSQL text and jsonb cannot hold U+0000: it is dropped wherever it appears. */
    static Object withoutNul(Object value) {
        if (value instanceof String s) {
            return Text.clean(s);
        }
        if (value instanceof JsonObject o) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, Object> e : o) {
                copy.put(Text.clean(e.getKey()), withoutNul(e.getValue()));
            }
            return copy;
        }
        if (value instanceof JsonArray a) {
            JsonArray copy = new JsonArray();
            a.forEach(v -> copy.add(withoutNul(v)));
            return copy;
        }
        return value;
    }

    /** Text as PostgreSQL stores it. */
    static final class Text {
        private Text() {
        }

        static String clean(String s) {
            return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
        }
    }
}
