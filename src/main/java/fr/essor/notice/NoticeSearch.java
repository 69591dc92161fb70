package fr.essor.notice;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads stored notices: one by essor's id, or a page of a search. Filters run in PostgreSQL on the columns written
 * at ingestion (full-text vector, CPV prefixes, reservations, départements, latest deadline); the order is
 * publication date, newest first, then id, so the same question always gets the same page.
 */
public final class NoticeSearch {
    private final Pool pool;

    public NoticeSearch(Pool pool) {
        this.pool = pool;
    }

    /** A page of results: {@code items} are normalised notices without their lots' descriptions. */
    public record Page(long total, List<JsonObject> items) {
        public JsonObject toJson() {
            return new JsonObject().put("total", total).put("items", new JsonArray(new ArrayList<Object>(items)));
        }
    }

    /** The normalised notice, or empty when essor has none of that id. */
    public Future<Optional<JsonObject>> find(UUID id) {
        return pool.preparedQuery("SELECT document, supersedes, superseded_by FROM notices WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(document(rows.iterator().next(), id)));
    }

    /**
     * The stored notice as the domain type (for matching): the normalised JSON read back through {@link NoticeJson},
     * with essor's id and what it supersedes; empty when essor has none of that id.
     */
    public Future<Optional<Notice>> notice(UUID id) {
        return find(id).map(doc -> doc.map(d -> {
            d.remove("supersededBy");
            return NoticeJson.fromJson(d);
        }));
    }

    public Future<Page> search(NoticeQuery q) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (!q.includeSuperseded()) {
            where.append(" AND superseded_by IS NULL");
        }
        if (q.text() != null) {
            params.add(q.text());
            where.append(" AND search @@ websearch_to_tsquery('french', $").append(params.size()).append(")");
        }
        overlap(where, params, "cpv_prefixes", q.cpvPrefixes());
        overlap(where, params, "reservations", q.reservations());
        overlap(where, params, "departments", q.departments());
        if (q.deadlineAfter() != null) {
            params.add(q.deadlineAfter());
            where.append(" AND deadline >= $").append(params.size());
        }
        if (q.deadlineBefore() != null) {
            params.add(q.deadlineBefore());
            where.append(" AND deadline < $").append(params.size());
        }
        if (q.reserved() != null) {
            // every lot's reservation is stored, "none" included: reserved = any other token
            params.add(Reservation.reservedTokens().toArray(new String[0]));
            where.append(q.reserved() ? " AND " : " AND NOT ").append("reservations && $").append(params.size()).append("::text[]");
        }
        Tuple filter = Tuple.from(params);
        Future<Long> total = pool.preparedQuery("SELECT count(*) FROM notices" + where).execute(filter)
                .map(rows -> rows.iterator().next().getLong(0));
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(q.size());
        pageParams.add((long) q.page() * q.size());
        String sql = "SELECT id, document, supersedes, superseded_by FROM notices" + where
                + " ORDER BY published_at DESC NULLS LAST, id LIMIT $" + (params.size() + 1)
                + " OFFSET $" + (params.size() + 2);
        Future<List<JsonObject>> items = pool.preparedQuery(sql).execute(Tuple.from(pageParams)).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(withoutDescriptions(document(r, r.getUUID("id"))));
            }
            return out;
        });
        return Future.all(total, items).map(v -> new Page(total.result(), items.result()));
    }

    /** Any of the values in the array column (none given: no filter). */
    private static void overlap(StringBuilder where, List<Object> params, String column, List<String> values) {
        if (!values.isEmpty()) {
            params.add(values.toArray(new String[0]));
            where.append(" AND ").append(column).append(" && $").append(params.size()).append("::text[]");
        }
    }

    private static JsonObject document(Row row, UUID id) {
        JsonObject doc = row.getJsonObject("document");
        doc.put("id", id.toString());
        doc.put("supersedes", row.getString("supersedes"));
        UUID by = row.getUUID("superseded_by");
        doc.put("supersededBy", by == null ? null : by.toString());
        return doc;
    }

    private static JsonObject withoutDescriptions(JsonObject doc) {
        JsonArray lots = doc.getJsonArray("lots");
        if (lots != null) {
            for (Object lot : lots) {
                if (lot instanceof JsonObject l) {
                    l.remove("description");
                }
            }
        }
        return doc;
    }
}
