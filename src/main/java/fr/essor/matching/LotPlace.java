package fr.essor.matching;

/**
 * Where a lot is performed, as far as known: a point (commune, postcode or département centroid), its département
 * and région, and what it was found from. A place outside France, or with nothing usable, is {@link #unknown}.
 *
 * @param label what the place was found from, e.g. "postcode 93100 (MONTREUIL)", "NUTS FR101 (Paris)"
 */
public record LotPlace(Double lat, Double lon, String department, String region, String label) {
    public static LotPlace unknown(String why) {
        return new LotPlace(null, null, null, null, why);
    }

    public boolean hasPoint() {
        return lat != null && lon != null;
    }
}
