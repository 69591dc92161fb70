package fr.essor.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One damage done to a real file, as feeds and hand-edited spreadsheets do it: a flipped byte or character, a cut,
 * a duplicated or deleted span, junk bytes, the text in another encoding, a huge value. Positions are fractions of
 * the length, so the same mutation means something on any file (and jqwik shrinks it towards the start).
 */
public record Mutation(Kind kind, double at, int length, int value) {
    public enum Kind {
        FLIP_BYTE, FLIP_CHAR, TRUNCATE, DUPLICATE_SPAN, DELETE_SPAN, INSERT_JUNK, NUL_BYTES, LATIN1, UTF16, BOM,
        HUGE_DIGITS, HUGE_TEXT
    }

    /** One to three mutations. */
    public static Arbitrary<List<Mutation>> some() {
        return one().list().ofMinSize(1).ofMaxSize(3);
    }

    public static Arbitrary<Mutation> one() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 400), Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    public static byte[] applyAll(byte[] original, List<Mutation> mutations) {
        byte[] bytes = original;
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        return bytes;
    }

    public byte[] apply(byte[] in) {
        int n = in.length;
        int pos = Math.min(n, (int) (at * n));
        int end = Math.min(n, pos + length);
        switch (kind) {
            case FLIP_BYTE -> {
                if (n == 0) return in;
                byte[] out = in.clone();
                out[Math.min(pos, n - 1)] ^= (byte) (value == 0 ? 1 : value);
                return out;
            }
            case FLIP_CHAR -> {
                // a structural character where it hurts: quote, delimiter, angle bracket, brace, newline
                char[] hurtful = {'"', ',', ';', '<', '>', '{', '}', '[', ']', '\n', '\r', '&', '\\', ':'};
                if (n == 0) return in;
                byte[] out = in.clone();
                out[Math.min(pos, n - 1)] = (byte) hurtful[value % hurtful.length];
                return out;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(in, pos);
            }
            case DUPLICATE_SPAN -> {
                return splice(in, end, Arrays.copyOfRange(in, pos, end));
            }
            case DELETE_SPAN -> {
                return concat(Arrays.copyOf(in, pos), Arrays.copyOfRange(in, end, n));
            }
            case INSERT_JUNK -> {
                byte[] junk = new byte[length];
                for (int i = 0; i < length; i++) junk[i] = (byte) (value * 31 + i * 17);
                return splice(in, pos, junk);
            }
            case NUL_BYTES -> {
                return splice(in, pos, new byte[Math.min(length, 16)]);
            }
            case LATIN1 -> {
                return new String(in, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
            }
            case UTF16 -> {
                return new String(in, StandardCharsets.UTF_8).getBytes(value % 2 == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
            }
            case BOM -> {
                return concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, in);
            }
            case HUGE_DIGITS -> {
                // just after a digit when there is one near: a number of hundreds or thousands of digits
                int at = pos;
                while (at < n && (in[at] < '0' || in[at] > '9')) at++;
                return splice(in, Math.min(n, at + 1), "9".repeat(length * (value % 8 + 1)).getBytes(StandardCharsets.US_ASCII));
            }
            case HUGE_TEXT -> {
                return splice(in, pos, "é".repeat(length * 1000).getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static byte[] splice(byte[] in, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + inserted.length);
        out.write(in, 0, at);
        out.writeBytes(inserted);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(a, a.length, b);
    }
}
