package fr.essor.matching;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.StringWriter;
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
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
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
