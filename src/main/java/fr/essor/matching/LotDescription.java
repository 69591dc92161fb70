package fr.essor.matching;

import fr.essor.notice.Reservation;

import java.time.LocalDate;
import java.util.List;

/**
 * A lot as the matcher sees it, whether it comes from a stored notice or from an officer's ad hoc request.
 *
 * @param lotId           the notice's lot id, null for an ad hoc lot
 * @param text            title and description (what BM25 reads)
 * @param cpv             CPV codes, 8 digits, the main code first
 * @param estimatedValue  € excluding VAT over the whole duration, null when unknown (or not in euros)
 * @param contractValue   value that decides the EU threshold (the whole contract: all its lots), null when unknown
 * @param durationMonths  null when unknown
 * @param contractNature  works, supplies, services; null when unknown
 * @param buyerKind       central, local, other; null when unknown
 * @param lightRegime     social and other specific services; null when unknown
 * @param consultationDate when the consultation starts (publication date, or today for an ad hoc lot): decides
 *                        which thresholds and whether the social execution condition applies
 * @param reservedExecution    eForms BT-736: performance reserved to sheltered employment programmes; null unknown
 * @param socialConsiderations the notice's social tokens ({@code social-objective:opp} ...), empty when none
 */
public record LotDescription(
        String lotId,
        String text,
        List<String> cpv,
        LotPlace place,
        Reservation reservation,
        Double estimatedValue,
        Double contractValue,
        Double durationMonths,
        String contractNature,
        String buyerKind,
        Boolean lightRegime,
        LocalDate consultationDate,
        Boolean reservedExecution,
        List<String> socialConsiderations) {

    /** A lot without eForms execution reservation or social tokens (an officer's ad hoc lot). */
    public LotDescription(String lotId, String text, List<String> cpv, LotPlace place, Reservation reservation,
                          Double estimatedValue, Double contractValue, Double durationMonths, String contractNature,
                          String buyerKind, Boolean lightRegime, LocalDate consultationDate) {
        this(lotId, text, cpv, place, reservation, estimatedValue, contractValue, durationMonths, contractNature,
                buyerKind, lightRegime, consultationDate, null, List.of());
    }

    public LotDescription {
        socialConsiderations = socialConsiderations == null ? List.of() : List.copyOf(socialConsiderations);
        text = text == null ? "" : text;
        cpv = List.copyOf(cpv);
        reservation = reservation == null ? Reservation.NONE : reservation;
        place = place == null ? LotPlace.unknown("no place given") : place;
    }

    public String mainCpv() {
        return cpv.isEmpty() ? null : cpv.get(0);
    }

    /**
     * The lot's value per year: a contract's value spread over its duration (a 6-month lot of 100 k€ is a rate
     * of 200 k€ a year); the whole value when the duration is unknown. Null when the value is unknown.
     */
    public Double yearlyValue() {
        if (estimatedValue == null) {
            return null;
        }
        if (durationMonths == null || durationMonths <= 0) {
            return estimatedValue;
        }
        return estimatedValue * 12.0 / durationMonths;
    }
}
