package fr.essor.reference;

import java.util.Optional;

/** Communes, postcodes, départements, régions and NUTS for France, with centroids. */
public final class Geography {
    public enum Precision { COMMUNE, POSTCODE, DEPARTMENT }

    /** A geocoded place; commune fields null at DEPARTMENT precision. */
    public record Location(String communeInsee, String communeName, String postcode, String department,
                           String region, double lat, double lon, Precision precision) {}

    public record Department(String code, String name, String region, String nuts3, double lat, double lon) {}

    /** Postcode (+ city to choose among the communes sharing it, else the mean of their centroids). */
    public Optional<Location> locate(String postcode, String city) { throw new IllegalStateException("pending"); }

    /** By INSEE commune code. */
    public Optional<Location> commune(String inseeCode) { throw new IllegalStateException("pending"); }

    /** The commune nearest to a point (to give a located enterprise its commune, département and région). */
    public Optional<Location> nearestCommune(double lat, double lon) { throw new IllegalStateException("pending"); }

    /** A French NUTS3 code is a département (its centroid); other or foreign codes: empty. */
    public Optional<Department> departmentOfNuts(String nutsCode) { throw new IllegalStateException("pending"); }

    public Optional<Department> department(String code) { throw new IllegalStateException("pending"); }

    /** NUTS label (French), for any level. */
    public Optional<String> nutsLabel(String nutsCode) { throw new IllegalStateException("pending"); }

    /** Great-circle distance in km. */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) { throw new IllegalStateException("pending"); }
}
