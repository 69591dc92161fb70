package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.ocds.OcdsParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * JSON bodies: OCDS documents or native notices, alone or in an array ({@code application/json}), and
 * native notices one per line ({@code application/x-ndjson}). Decoding goes through Vert.x's Jackson codec,
 * whose stream constraints refuse documents nested deeper than 1000 levels and numbers longer than 1000
 * digits before any of it reaches memory as objects.
 */
final class JsonNotices {
    private static final String NEITHER = "is neither an OCDS release, record, release package or record package "
            + "nor an essor notice (no ocid, releases, records, compiledRelease, sourceId or lots)";

    private JsonNotices() {
    }

    static ParseOutcome parseJson(byte[] body) {
        Object value = decode(body, 0, body.length);
        ParseOutcome.Builder out = new ParseOutcome.Builder();
        if (value instanceof JsonObject o) {
            OcdsParser.Shape shape = OcdsParser.shapeOf(o);
            if (shape != null) {
                OcdsParser.read(o, shape, out);
            } else if (isNative(o)) {
                out.add(readNative(o));
            } else {
                throw ProblemException.unprocessable("The JSON object " + NEITHER, List.of(new FieldError("body", NEITHER)));
            }
        } else if (value instanceof JsonArray a) {
            for (Object element : a) {
                if (!(element instanceof JsonObject o)) {
                    out.reject(List.of(new FieldError("item", "is not a JSON object")));
                    continue;
                }
                OcdsParser.Shape shape = OcdsParser.shapeOf(o);
                if (shape != null) {
                    OcdsParser.read(o, shape, out);
                } else if (isNative(o)) {
                    out.add(readNative(o));
                } else {
                    out.reject(List.of(new FieldError("item", NEITHER)));
                }
            }
        } else {
            throw ProblemException.unprocessable("The JSON body is a single " + kind(value) + ", not a notice",
                    List.of(new FieldError("body", "must be a JSON object or array")));
        }
        if (out.isEmpty()) {
            throw ProblemException.unprocessable("The body holds no notice (an empty array or package)",
                    List.of(new FieldError("body", "holds no release, record or notice")));
        }
        return out.build();
    }

    /** One native notice per non-blank line; a bad line is refused alone and never stops the others. */
    static ParseOutcome parseNdjson(byte[] body) {
        ParseOutcome.Builder out = new ParseOutcome.Builder();
        int lineNumber = 0;
        int decoded = 0;
        String firstFailure = null;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, stop)) {
                Object value;
                try {
                    value = decode(body, start, stop - start);
                    decoded++;
                } catch (ProblemException e) {
                    if (firstFailure == null) {
                        firstFailure = "line " + lineNumber + ": " + e.detail();
                    }
                    out.reject(List.of(new FieldError("line " + lineNumber, e.detail())));
                    start = end + 1;
                    continue;
                }
                if (value instanceof JsonObject o && isNative(o)) {
                    out.add(readNative(o));
                } else {
                    out.reject(List.of(new FieldError("line " + lineNumber, value instanceof JsonObject
                            ? "is not an essor notice (no sourceId or lots; OCDS goes as application/json)"
                            : "is not a JSON object")));
                }
            }
            start = end + 1;
        }
        if (out.isEmpty()) {
            throw ProblemException.badRequest("The NDJSON body has no line with content");
        }
        if (decoded == 0) {
            throw ProblemException.badRequest("No line of the NDJSON body is JSON (" + firstFailure + ")");
        }
        return out.build();
    }

    private static boolean isNative(JsonObject o) {
        return o.containsKey("sourceId") || o.containsKey("lots");
    }

    private static ParseOutcome.ItemResult readNative(JsonObject o) {
        try {
            return NoticeJson.read(o);
        } catch (RuntimeException e) {
            return new ParseOutcome.ItemResult.Refused(List.of(new FieldError("notice",
                    "could not be read (" + e.getClass().getSimpleName() + ")")));
        }
    }

    /**
     * @throws ProblemException 400 naming the fault (malformed, truncated, not UTF-8, nested too deep,
     *                          number too long)
     */
    static Object decode(byte[] body, int offset, int length) {
        if (length == 0 || isBlank(body, offset, offset + length)) {
            throw ProblemException.badRequest("The body is empty: JSON was expected");
        }
        try {
            return Json.decodeValue(Buffer.buffer().appendBytes(body, offset, length));
        } catch (DecodeException e) {
            String why = clean(e.getMessage());
            if (why.contains("UTF-8") || why.contains("UTF8")) {
                throw ProblemException.badRequest("The JSON body is not valid UTF-8: " + why);
            }
            if (why.contains("nesting depth")) {
                throw ProblemException.badRequest("The JSON body is nested too deeply: " + why);
            }
            throw ProblemException.badRequest("Malformed JSON: " + why);
        } catch (StackOverflowError e) {
            throw ProblemException.badRequest("Malformed JSON: nested too deeply");
        }
    }

    private static String clean(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = message.replaceFirst("^Failed to decode:\\s*", "")
                .replaceAll("\\s*at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]", " (line $1, column $2)");
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Number) {
            return "number";
        }
        return v instanceof Boolean ? "boolean" : v.getClass().getSimpleName();
    }
}
