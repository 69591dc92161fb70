package fr.essor.matching;

import fr.essor.reference.Geography;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Geocodes a lot's place of performance through the reference geography (DESIGN.md section 3). */
public final class PlaceResolver {
    private final Geography geography;

    public PlaceResolver(Geography geography) {
        this.geography = geography;
    }

    /** A point given as such; its département and région come from the nearest commune. */
    public LotPlace point(double lat, double lon) {
        String label = String.format(Locale.ROOT, "point %.5f,%.5f", lat, lon);
        Optional<Geography.Location> near = geography.nearestCommune(lat, lon);
        return new LotPlace(lat, lon, near.map(Geography.Location::department).orElse(null),
                near.map(Geography.Location::region).orElse(null),
                near.map(l -> label + " (" + l.communeName() + ")").orElse(label));
    }

    /** A commune by its INSEE code (what GET /api/reference/places answers); empty when unknown. */
    public Optional<LotPlace> insee(String code) {
        return geography.commune(code).map(l -> new LotPlace(l.lat(), l.lon(), l.department(), l.region(),
                "commune " + l.communeInsee() + " (" + l.communeName() + ")"));
    }

    /** Empty when the postcode is not a known French one. */
    public Optional<LotPlace> postcode(String postcode, String city) {
        return geography.locate(postcode, city).map(l -> new LotPlace(l.lat(), l.lon(), l.department(), l.region(),
                "postcode " + postcode + (l.communeName() == null ? "" : " (" + l.communeName() + ")")));
    }

    /** Empty unless the code is a French NUTS3 (a département). */
    public Optional<LotPlace> nuts(String nutsCode) {
        if (nutsCode == null) {
            return Optional.empty();
        }
        String code = nutsCode.trim().toUpperCase(Locale.ROOT);
        return geography.departmentOfNuts(code).map(d -> new LotPlace(d.lat(), d.lon(), d.code(), d.region(),
                "NUTS " + code + " (" + d.name() + ")"));
    }

    /**
     * A notice's place: coordinates when geocoding gave them, else the postcode (with the city), else the first
     * French NUTS3 code; unknown otherwise.
     */
    public LotPlace resolve(Double lat, Double lon, String postcode, String city, List<String> nuts) {
        if (lat != null && lon != null) {
            return point(lat, lon);
        }
        if (postcode != null && !postcode.isBlank()) {
            Optional<LotPlace> p = postcode(postcode.trim(), city);
            if (p.isPresent()) {
                return p.get();
            }
        }
        if (nuts != null) {
            for (String code : nuts) {
                Optional<LotPlace> p = nuts(code);
                if (p.isPresent()) {
                    return p.get();
                }
            }
        }
        return LotPlace.unknown("location unknown" + (nuts == null || nuts.isEmpty() ? "" : " (NUTS " + String.join(", ", nuts) + ")"));
    }
}
