package fr.essor.http;

import java.util.Locale;
import java.util.Optional;

/** API roles: an admin may do everything an officer may, plus registry writes and manual notice uploads. */
public enum Role {
    OFFICER, ADMIN;

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
