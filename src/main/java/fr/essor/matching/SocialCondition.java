package fr.essor.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a contract must carry a social execution condition: since the consultations of 21 August 2026, every
 * contract whose value reaches the EU threshold (loi Climat et Résilience art. 35, C. commande publique L2112-2).
 * {@code required} is null when the answer depends on what is unknown (contract nature, buyer kind, light regime,
 * value); the reason says what.
 */
public record SocialCondition(Boolean required, String reason) {

    public static SocialCondition assess(LotDescription lot, MatchingConfig config) {
        LocalDate date = lot.consultationDate();
        LocalDate from = config.socialConditionFrom();
        if (date != null && date.isBefore(from)) {
            return new SocialCondition(false, "consultation before " + from
                    + ": the social execution condition of loi Climat et Résilience art. 35 does not apply yet");
        }
        // The threshold applies to the whole contract (all lots); a lot's own value is only a lower bound of it.
        boolean lowerBound = lot.contractValue() == null;
        Double value = lowerBound ? lot.estimatedValue() : lot.contractValue();
        if (value == null) {
            return new SocialCondition(null, "unknown: contract value unknown");
        }
        LocalDate on = date == null ? from : date;
        ThresholdPeriod period = config.thresholdsOn(on);
        if (period == null) {
            return new SocialCondition(null, "unknown: no EU thresholds configured for " + on);
        }
        Map<String, Double> possible = possibleThresholds(lot, period);
        List<String> unknown = unknowns(lot);
        double min = possible.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = possible.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String amount = ComponentScorer.euros(value);
        if (value >= max) {
            return new SocialCondition(true, (lowerBound ? "lot value " : "contract value ") + amount + " reaches the EU threshold ("
                    + describe(possible) + "): a social execution condition is required (L2112-2, loi Climat et"
                    + " Résilience art. 35)");
        }
        if (lowerBound) {
            return new SocialCondition(null, "unknown: value of the whole contract unknown (this lot: " + amount + ")");
        }
        if (value < min) {
            return new SocialCondition(false, "contract value " + amount + " is below the EU threshold ("
                    + describe(possible) + ")");
        }
        return new SocialCondition(null, "unknown: " + String.join(", ", unknown) + "; contract value " + amount
                + " lies between the possible EU thresholds (" + describe(possible) + ")");
    }

    /** The thresholds that may apply given what is known, by what they are for. */
    private static Map<String, Double> possibleThresholds(LotDescription lot, ThresholdPeriod p) {
        Map<String, Double> out = new LinkedHashMap<>();
        String nature = lot.contractNature();
        if (nature == null || nature.equals("works")) {
            out.put("works", p.works());
        }
        if (nature == null || nature.equals("supplies")) {
            bySupplier(out, "supplies", lot.buyerKind(), p);
        }
        if (nature == null || nature.equals("services")) {
            Boolean light = lot.lightRegime();
            if (light == null || light) {
                out.put("social and other specific services", p.socialServices());
            }
            if (light == null || !light) {
                bySupplier(out, "services", lot.buyerKind(), p);
            }
        }
        return out;
    }

    private static void bySupplier(Map<String, Double> out, String what, String buyerKind, ThresholdPeriod p) {
        if (buyerKind == null || buyerKind.equals("central")) {
            out.put(what + " of central government", p.suppliesServicesCentral());
        }
        if (buyerKind == null || !buyerKind.equals("central")) {
            out.put(what + " of other authorities", p.suppliesServicesLocal());
        }
    }

    private static List<String> unknowns(LotDescription lot) {
        List<String> out = new ArrayList<>();
        if (lot.contractNature() == null) {
            out.add("contract nature unknown");
        }
        if (lot.buyerKind() == null && !"works".equals(lot.contractNature())) {
            out.add("buyer kind unknown");
        }
        if (lot.lightRegime() == null && (lot.contractNature() == null || lot.contractNature().equals("services"))) {
            out.add("light regime unknown");
        }
        return out;
    }

    private static String describe(Map<String, Double> thresholds) {
        List<String> parts = new ArrayList<>();
        thresholds.forEach((what, t) -> parts.add(ComponentScorer.euros(t) + " for " + what));
        return String.join("; ", parts);
    }
}
