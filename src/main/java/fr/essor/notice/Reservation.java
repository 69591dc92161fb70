package fr.essor.notice;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reserved participation of a lot, normalised (DESIGN.md section 3). */
public enum Reservation {
    NONE("none", null),
    SHELTERED("sheltered", "L2113-12"),
    INTEGRATION("integration", "L2113-13"),
    SHELTERED_OR_INTEGRATION("sheltered-or-integration", "L2113-14"),
    PRISON("prison", "L2113-13-1"),
    PUBLIC_SERVICE_MISSION("public-service-mission", "L2113-15");

    private final String token;
    private final String article;

    Reservation(String token, String article) {
        this.token = token;
        this.article = article;
    }

    /** The token used in the API ({@code sheltered-or-integration}). */
    public String token() {
        return token;
    }

    /** The article of the Code de la commande publique that founds it; null for none. */
    public String article() {
        return article;
    }

    /** The tokens of every reservation but none. */
    public static List<String> reservedTokens() {
        return Arrays.stream(values()).filter(r -> r != NONE).map(Reservation::token).toList();
    }

    public static Optional<Reservation> fromToken(String token) {
        for (Reservation r : values()) {
            if (r.token.equalsIgnoreCase(token == null ? "" : token.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
