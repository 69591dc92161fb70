package fr.essor.matching;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Match items written as JSON text straight from the objects: the one definition of their JSON. A notice's lots store
 * a hundred explained items each, and building a JsonObject per item to encode it was a fourth of the automatic
 * matching (measured); the JsonObject form, where one is wanted, is read back from the text.
 */
final class JsonText {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What writes one JSON value. */
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonText() {
    }

    static String encode(Writer writer) {
        // Jackson's own segmented writer (recycled buffers), not a StringWriter (a synchronized StringBuffer)
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                writer.write(g);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory writer does not fail
        }
    }

    static JsonObject object(Writer writer) {
        return new JsonObject(encode(writer));
    }

    /** A number field, or null. */
    static void number(JsonGenerator g, String field, Double value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
