package fr.essor.notice.ocds;

import fr.essor.http.FieldError;
import fr.essor.notice.ParseOutcome;
import fr.essor.notice.ParseOutcome.ItemResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static fr.essor.notice.ocds.OcdsReleaseReader.array;
import static fr.essor.notice.ocds.OcdsReleaseReader.object;
import static fr.essor.notice.ocds.OcdsReleaseReader.scalar;
import static fr.essor.notice.ocds.OcdsReleaseReader.strings;

/**
 * OCDS 1.1 JSON → normalised notices: release packages, record packages, records (also bare ones without
 * a package, as Ukraine's Prozorro publishes them) and single releases. One item per release or record; a
 * record is read through its compiled release (or, without one, its newest embedded release). The same
 * ocid and release id met twice is kept twice: deduplication is storage's business.
 */
public final class OcdsParser {

    /** The OCDS document shapes essor takes. */
    public enum Shape { RELEASE_PACKAGE, RECORD_PACKAGE, RECORD, RELEASE }

    private OcdsParser() {
    }

    /** Which OCDS shape a JSON object has, by its fields; null when it is none. */
    public static Shape shapeOf(JsonObject o) {
        if (o.getValue("records") instanceof JsonArray) {
            return Shape.RECORD_PACKAGE;
        }
        if (o.containsKey("compiledRelease") || o.containsKey("versionedRelease")) {
            return Shape.RECORD;
        }
        if (o.getValue("releases") instanceof JsonArray) {
            // a record lists its releases under its ocid; a package has none of its own
            return o.containsKey("ocid") ? Shape.RECORD : Shape.RELEASE_PACKAGE;
        }
        if (o.containsKey("ocid")) {
            return Shape.RELEASE;
        }
        return null;
    }

    /** Adds the items of an OCDS document of the given shape, in order. */
    public static void read(JsonObject o, Shape shape, ParseOutcome.Builder out) {
        switch (shape) {
            case RELEASE_PACKAGE -> {
                for (Object r : array(o, "releases")) {
                    out.add(r instanceof JsonObject release ? safely(() -> readRelease(release))
                            : refused("release", "is not a JSON object"));
                }
            }
            case RECORD_PACKAGE -> {
                for (Object r : array(o, "records")) {
                    out.add(r instanceof JsonObject record ? safely(() -> readRecord(record))
                            : refused("record", "is not a JSON object"));
                }
            }
            case RECORD -> out.add(safely(() -> readRecord(o)));
            case RELEASE -> out.add(safely(() -> readRelease(o)));
        }
    }

    public static ItemResult readRelease(JsonObject release) {
        return OcdsReleaseReader.read(release, "", null, null, null);
    }

    /** A record through its compiled release; without one, its newest embedded release. */
    public static ItemResult readRecord(JsonObject record) {
        String ocid = scalar(record.getValue("ocid"));
        JsonArray releases = array(record, "releases");
        Set<String> tags = new LinkedHashSet<>();
        JsonObject newest = null;
        int newestAt = -1;
        OffsetDateTime newestDate = null;
        for (int i = 0; i < releases.size(); i++) {
            if (!(releases.getValue(i) instanceof JsonObject release)) {
                continue;
            }
            tags.addAll(strings(release.getValue("tag")));
            if (!release.containsKey("id")) {
                continue; // a linked release ({url, date, tag}) carries no data
            }
            OffsetDateTime date = parse(release.getValue("date"));
            if (newest == null || (date != null && (newestDate == null || date.isAfter(newestDate)))) {
                newest = release;
                newestAt = i;
                newestDate = date;
            }
        }
        JsonObject compiled = object(record, "compiledRelease");
        if (compiled != null) {
            String newestId = newest == null ? null : scalar(newest.getValue("id"));
            return OcdsReleaseReader.read(compiled, "compiledRelease", ocid, newestId, tags);
        }
        if (newest != null) {
            return OcdsReleaseReader.read(newest, "releases[" + newestAt + "]", ocid, null, null);
        }
        return refused("compiledRelease", "is missing and the record's releases are links only: nothing to read");
    }

    private static OffsetDateTime parse(Object date) {
        if (!(date instanceof String s) || s.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ItemResult refused(String field, String message) {
        return new ItemResult.Refused(List.of(new FieldError(field, message)));
    }

    /** A release shaped in a way no rule foresaw is refused whole, never half taken, and never escapes. */
    private static ItemResult safely(java.util.function.Supplier<ItemResult> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return refused("release", "could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
