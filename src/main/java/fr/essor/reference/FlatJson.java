package fr.essor.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the shape of departements.json and regions.json: an array of flat objects whose values are strings,
 * numbers, booleans or null (kept as their text; null as null). Written here because starting a general JSON
 * codec costs more at start-up than reading these two small files.
 */
final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) { this.text = text; }

    static List<Map<String, String>> parseArrayOfObjects(String text) {
        FlatJson json = new FlatJson(text);
        List<Map<String, String>> objects = json.array();
        json.skipSpace();
        if (json.at != text.length()) throw json.error("end of text expected");
        return objects;
    }

    private List<Map<String, String>> array() {
        List<Map<String, String>> objects = new ArrayList<>();
        expect('[');
        if (peek() == ']') {
            at++;
            return objects;
        }
        do {
            objects.add(object());
        } while (comma(']'));
        return objects;
    }

    private Map<String, String> object() {
        Map<String, String> fields = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            at++;
            return fields;
        }
        do {
            if (peek() != '"') throw error("field name expected");
            String name = string();
            expect(':');
            fields.put(name, value());
        } while (comma('}'));
        return fields;
    }

    private String value() {
        char c = peek();
        if (c == '"') return string();
        int start = at;
        while (at < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(at)) >= 0) at++;
        String literal = text.substring(start, at);
        if (literal.isEmpty()) throw error("a string, number, boolean or null expected (nested values are not read)");
        return literal.equals("null") ? null : literal;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) throw error("unterminated string");
            char c = text.charAt(at++);
            if (c == '"') return out.toString();
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) throw error("unterminated escape");
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) throw error("short \\u escape");
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    /** After an element: true on a comma (another follows), false on the closing character. */
    private boolean comma(char close) {
        char c = peek();
        at++;
        if (c == ',') return true;
        if (c == close) return false;
        throw error("',' or '" + close + "' expected");
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "' expected");
        at++;
    }

    private char peek() {
        skipSpace();
        if (at >= text.length()) throw error("unexpected end of text");
        return text.charAt(at);
    }

    private void skipSpace() {
        if (at == 0 && text.startsWith("\uFEFF")) at = 1;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + at);
    }
}
