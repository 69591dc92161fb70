package fr.essor.registry;

import java.util.Locale;
import java.util.Optional;

/** The category tokens of DESIGN.md section 3, used in every API and file. */
public enum Category {
    EI(Family.INTEGRATION), ETTI(Family.INTEGRATION), AI(Family.INTEGRATION), ACI(Family.INTEGRATION), EITI(Family.INTEGRATION),
    EA(Family.SHELTERED), EATT(Family.SHELTERED), ESAT(Family.SHELTERED),
    SEP(Family.PRISON),
    GEIQ(Family.OTHER_INCLUSION),
    ASSOCIATION(Family.ESS), COOPERATIVE(Family.ESS), SCOP(Family.ESS), SCIC(Family.ESS), CAE(Family.ESS),
    MUTUELLE(Family.ESS), FONDATION(Family.ESS), ESS_COMPANY(Family.ESS),
    ESUS(Family.LABEL), FAIR_TRADE(Family.LABEL), PTCE(Family.LABEL);

    /** Legal families: they decide eligibility for reserved contracts. */
    public enum Family { INTEGRATION, SHELTERED, PRISON, OTHER_INCLUSION, ESS, LABEL }

    private final Family family;

    Category(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }

    /** SIAE (C. trav. L5132-4) and EA/ESAT get the ESUS agreement automatically. */
    public boolean impliesEsus() {
        return family == Family.INTEGRATION || family == Family.SHELTERED;
    }

    /** The token as written in files and APIs, case-insensitive; empty when unknown. */
    public static Optional<Category> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(token.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
