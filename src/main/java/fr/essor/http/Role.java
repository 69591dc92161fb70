package fr.essor.http;

import java.util.Locale;
import java.util.Optional;

/**
 * API roles: an officer reads, searches and matches; an admin may do everything any other role may, plus registry
 * writes, manual notice uploads and keys; a supplier (an ESS enterprise or network, bound to its SIRETs) reads
 * notices and their matches and manages its subscriptions and stream.
 */
public enum Role {
    OFFICER, ADMIN, SUPPLIER;

    /** Whether a caller of this role may do what {@code other} may: an admin may do anything, others only their own. */
    public boolean includes(Role other) {
        return this == ADMIN || this == other;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromToken(String token) {
        for (Role r : values()) {
            if (r.token().equals(token)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
