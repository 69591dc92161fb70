package fr.essor.matching.eval;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation's ground truth: which NAF activities do each trade, written from the NAF rév. 2 labels alone
 * (independently of essor's CPV↔NAF affinity table and of its ranking). Grade 2: the NAF sub-class is the trade
 * itself ("Nettoyage courant des bâtiments" for cleaning); 1: a neighbouring activity that often answers such lots
 * ("Autres activités de nettoyage n.c.a."); 0: any other specific activity.
 *
 * <p>Some NAF codes say nothing about what a structure does: social action, associations, temporary work and staff
 * provision, public administration, head offices, training, "other business support". Many SIAE carry them
 * (DESIGN.md section 6) whatever their trade, so their relevance is unknown: they are unjudged, and the condensed
 * nDCG leaves them out of the ranking (Sakai 2007) instead of guessing.
 */
final class TradeJudgements {
    static final Set<String> UNJUDGED = Set.of(
            "88.99A", "88.99B", "88.10C", "87.90A", "87.90B", "94.99Z", "94.11Z", "94.12Z", "94.20Z", "94.91Z",
            "94.92Z", "78.10Z", "78.20Z", "78.30Z", "84.11Z", "84.12Z", "84.13Z", "70.10Z", "82.99Z", "85.59A",
            "85.59B", "99.00Z", "74.90B", "96.09Z");

    private record Trade(List<String> grade2, List<String> grade1) {
    }

    private static final Map<String, Trade> TRADES = Map.ofEntries(
            Map.entry("cleaning", new Trade(List.of("81.21Z", "81.22Z"), List.of("81.29A", "81.29B", "81.10Z"))),
            Map.entry("green-spaces", new Trade(List.of("81.30Z"),
                    List.of("02.10Z", "02.20Z", "02.40Z", "01.61Z", "01.30Z", "91.04Z"))),
            Map.entry("catering", new Trade(List.of("56.29A", "56.21Z"),
                    List.of("56.10A", "56.10C", "56.29B", "10.85Z"))),
            Map.entry("painting", new Trade(List.of("43.34Z"), List.of("43.31Z", "43.33Z", "43.39Z", "43.99C"))),
            Map.entry("masonry", new Trade(List.of("43.99C", "41.20A", "41.20B"),
                    List.of("43.99D", "43.11Z", "42.99Z", "43.31Z", "43.33Z", "43.34Z", "43.39Z"))),
            Map.entry("joinery", new Trade(List.of("43.32A", "43.32B", "16.23Z"),
                    List.of("25.12Z", "43.39Z", "31.09B", "16.24Z"))),
            Map.entry("waste", new Trade(List.of("38.11Z", "38.21Z", "38.32Z"),
                    List.of("38.12Z", "38.22Z", "38.31Z", "47.79Z"))),
            Map.entry("reuse", new Trade(List.of("47.79Z", "38.32Z"),
                    List.of("95.22Z", "95.24Z", "95.29Z", "38.11Z", "38.31Z"))),
            Map.entry("laundry", new Trade(List.of("96.01A", "96.01B"), List.of())),
            Map.entry("removals", new Trade(List.of("49.42Z"), List.of("49.41A", "49.41B", "52.10B", "52.29B"))),
            Map.entry("it", new Trade(List.of("95.11Z", "62.02A", "62.02B"),
                    List.of("62.01Z", "62.09Z", "47.41Z", "63.11Z"))),
            Map.entry("printing", new Trade(List.of("18.12Z", "18.13Z", "18.14Z", "82.19Z"), List.of("17.21B", "73.12Z"))),
            Map.entry("textile", new Trade(List.of("14.12Z", "14.13Z", "14.19Z", "13.99Z"),
                    List.of("47.71Z", "46.42Z", "15.12Z", "47.51Z", "96.01B"))),
            Map.entry("logistics", new Trade(List.of("82.92Z", "52.10B"),
                    List.of("49.41A", "49.41B", "52.29B", "53.20Z"))),
            Map.entry("mail", new Trade(List.of("53.20Z"), List.of("49.41B", "82.19Z", "82.92Z"))),
            Map.entry("vehicles", new Trade(List.of("45.20A", "45.20B"), List.of("45.31Z"))),
            Map.entry("appliances", new Trade(List.of("95.22Z"), List.of("33.14Z", "38.32Z", "95.21Z", "95.29Z"))),
            Map.entry("vegetables", new Trade(List.of("01.13Z", "46.31Z"),
                    List.of("01.11Z", "01.21Z", "01.25Z", "01.50Z", "10.39A"))),
            Map.entry("bakery", new Trade(List.of("10.71A", "10.71C"), List.of("47.24Z"))),
            Map.entry("home-help", new Trade(List.of("88.10A"), List.of("88.10B"))));

    private TradeJudgements() {
    }

    static Set<String> trades() {
        return TRADES.keySet();
    }

    /** 2, 1 or 0; null when the NAF code says nothing of the trade (or is missing). */
    static Integer grade(String trade, String naf) {
        Trade t = TRADES.get(trade);
        if (t == null) {
            throw new IllegalArgumentException("no trade " + trade);
        }
        if (naf == null) {
            return null;
        }
        if (t.grade2().contains(naf)) {
            return 2;
        }
        if (t.grade1().contains(naf)) {
            return 1;
        }
        return UNJUDGED.contains(naf) ? null : 0;
    }

    /** Relevance fades with distance: a supplier 30 km away is as good as next door, one 100 km away is not. */
    static double distanceFactor(Double km) {
        if (km == null) {
            return 0.3;
        }
        if (km <= 30) {
            return 1.0;
        }
        if (km <= 60) {
            return 0.6;
        }
        if (km <= 100) {
            return 0.3;
        }
        return 0;
    }
}
