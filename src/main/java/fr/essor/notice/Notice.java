package fr.essor.notice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A tender notice, normalised from eForms, OCDS or the native JSON (DESIGN.md section 5).
 *
 * @param id             essor's own id; null until stored
 * @param source         {@code eforms}, {@code ocds} or {@code native}
 * @param sourceId       eForms BT-701 notice id, OCDS ocid, or the native notice's own id
 * @param version        eForms BT-757 version, OCDS release id
 * @param contractNature {@code works}, {@code supplies}, {@code services}, or null when unknown
 * @param lightRegime    social and other specific services (eForms {@code *-social} subtypes); null when unknown
 * @param supersedes     for a change notice: essor's id of the changed notice when known, else its source id
 * @param problems       validation problems found while taking it (the notice is still taken)
 * @param lots           at least one lot; a notice without lots has one lot {@code LOT-0000}
 */
public record Notice(
        UUID id,
        String source,
        String sourceId,
        String version,
        String title,
        Buyer buyer,
        String contractNature,
        Boolean lightRegime,
        OffsetDateTime publishedAt,
        OffsetDateTime deadline,
        String supersedes,
        List<String> problems,
        List<Lot> lots) {

    /** @param kind {@code central}, {@code local} or {@code other} (from BT-11); null when unknown */
    public record Buyer(String name, String siret, String kind) {
    }

    public record Money(BigDecimal amount, String currency) {
    }

    /** Place of performance; lat/lon filled by geocoding, null when unknown. */
    public record Place(List<String> nuts, String postcode, String city, Double lat, Double lon) {
    }

    /**
     * @param reservation          reserved participation (BT-71 normalised)
     * @param reservedExecution    BT-736: performance reserved to sheltered workshops / integration programmes
     * @param socialConsiderations tokens {@code kind:detail}: {@code strategic-procurement:soc-obj} (BT-06),
     *                             {@code social-objective:opp} (BT-775 codes), {@code award-criterion:social},
     *                             {@code execution-condition:social} (social words in award criteria or performance
     *                             conditions), {@code sustainability:social...} (OCDS sustainability goals)
     */
    public record Lot(
            String lotId,
            String title,
            String description,
            String mainCpv,
            List<String> additionalCpv,
            Place place,
            Money estimatedValue,
            Double durationMonths,
            OffsetDateTime deadline,
            Reservation reservation,
            Boolean reservedExecution,
            List<String> socialConsiderations) {
    }
}
