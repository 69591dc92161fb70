package fr.essor.matching;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One part of a match score: its value in [0, 1] (rounded to 4 decimals, so that a reader can recompute the score
 * from what is shown), its weight, a short reason in English and its stable code ({@link ReasonCodes}), which a
 * page translates. A reason may be given as how to write it: a match scores every candidate of a window but shows
 * a page of them, and the reasons of the others (formatted numbers, labels) are never written.
 */
public final class ScoreComponent {
    private final double value;
    private final double weight;
    private final String code;
    private Supplier<String> writer;
    private String reason;

    public ScoreComponent(double value, double weight, String code, String reason) {
        this(value, weight, code, null, Objects.requireNonNull(reason, "reason"));
    }

    /** A component whose reason is written when first read (at most once per reader thread; it is pure). */
    public ScoreComponent(double value, double weight, String code, Supplier<String> reason) {
        this(value, weight, code, Objects.requireNonNull(reason, "reason"), null);
    }

    private ScoreComponent(double value, double weight, String code, Supplier<String> writer, String reason) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("component value out of [0, 1]: " + value);
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a reason needs its code: " + (reason != null ? reason : writer.get()));
        }
        this.value = round4(value);
        this.weight = weight;
        this.code = code;
        this.writer = writer;
        this.reason = reason;
    }

    public double value() {
        return value;
    }

    public double weight() {
        return weight;
    }

    public String code() {
        return code;
    }

    public String reason() {
        String written = reason;
        if (written == null) {
            // a race writes the same string twice; a String is safely published through its final fields
            written = writer.get();
            reason = written;
        }
        return written;
    }

    public double weighted() {
        return value * weight;
    }

    /** {@code {value, weight, code, reason}}. */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("value", value);
        g.writeNumberField("weight", weight);
        g.writeStringField("code", code);
        g.writeStringField("reason", reason());
        g.writeEndObject();
    }

    public JsonObject toJson() {
        return JsonText.object(this::write);
    }

    static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreComponent c && Double.compare(value, c.value) == 0 && Double.compare(weight, c.weight) == 0
                && code.equals(c.code) && reason().equals(c.reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, weight, code, reason());
    }

    @Override
    public String toString() {
        return "ScoreComponent[value=" + value + ", weight=" + weight + ", code=" + code + ", reason=" + reason() + "]";
    }
}
