package fr.essor.registry.index;

/** A WGS84 point. */
public record GeoPoint(double lat, double lon) {
    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("not a WGS84 point: " + lat + "," + lon);
        }
    }
}
