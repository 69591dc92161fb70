package fr.essor.matching;

import fr.essor.notice.Reservation;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether the lot itself may carry a reservation: it holds, fails, or cannot be checked (unknown). Only
 * public-service-mission has lot conditions (main CPV on the article 77 list, at most 36 months); every other basis
 * holds with {@link Code#NO_LOT_CONDITION}. {@code findings} are never empty: one per condition that fails or cannot
 * be checked, or the one that says why the check holds.
 */
public record LotCheck(Reservation reservation, List<Finding> findings) {
    public LotCheck {
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("a lot check needs at least one finding");
        }
        // Failures first, then unknowns: the first finding gives the check's state and code.
        findings = findings.stream().sorted(Comparator.comparing(f -> f.code().state().ordinal())).toList();
    }

    /** Tri-state, worst first (the order {@link #findings} are sorted by). */
    public enum State {
        FAILS("fails"), UNKNOWN("unknown"), HOLDS("holds");

        private final String token;

        State(String token) {
            this.token = token;
        }

        /** The token used in the API ({@code lotCheck}). */
        public String token() {
            return token;
        }
    }

    /** Stable codes beside each English reason (the API's {@code lotCheckCode}), so that a page can translate them. */
    public enum Code {
        /** The basis has no lot-level condition (every basis but article 77, and an unreserved lot). */
        NO_LOT_CONDITION("no-lot-condition", State.HOLDS),
        /** Article 77: main CPV on the list and duration at most 36 months. */
        ARTICLE_77_CONDITIONS_MET("article-77-conditions-met", State.HOLDS),
        /** Article 77: the main CPV is not on eForms cpv_social-service-cpv (BR-0075-0001). */
        CPV_NOT_ON_ARTICLE_77_LIST("cpv-not-on-article-77-list", State.FAILS),
        /** Article 77: the contract runs longer than 36 months (L2113-16, BR-0041-0003). */
        DURATION_OVER_36_MONTHS("duration-over-36-months", State.FAILS),
        /** Article 77: the lot has no main CPV, so the list cannot be checked. */
        MAIN_CPV_UNKNOWN("main-cpv-unknown", State.UNKNOWN),
        /** Article 77: the lot has no duration, so the 36 months cannot be checked. */
        DURATION_UNKNOWN("duration-unknown", State.UNKNOWN);

        private final String token;
        private final State state;

        Code(String token, State state) {
            this.token = token;
            this.state = state;
        }

        public String token() {
            return token;
        }

        public State state() {
            return state;
        }
    }

    /** One condition's outcome, in English with its code. */
    public record Finding(Code code, String reason) {
    }

    public static LotCheck of(Reservation reservation, Code code, String reason) {
        return new LotCheck(reservation, List.of(new Finding(code, reason)));
    }

    public State state() {
        return findings.get(0).code().state();
    }

    public boolean holds() {
        return state() == State.HOLDS;
    }

    /** The code of the worst finding (the first failure, else the first unknown). */
    public Code code() {
        return findings.get(0).code();
    }

    /** Every finding's reason, worst first. */
    public String reason() {
        return findings.stream().map(Finding::reason).collect(Collectors.joining("; "));
    }
}
