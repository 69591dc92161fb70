package fr.essor.reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Communes, postcodes, départements, régions and NUTS for France, with centroids. */
public final class Geography {
    public enum Precision { COMMUNE, POSTCODE, DEPARTMENT }

    /** A geocoded place; commune fields null at DEPARTMENT precision. */
    public record Location(String communeInsee, String communeName, String postcode, String department,
                           String region, double lat, double lon, Precision precision) {}

    public record Department(String code, String name, String region, String nuts3, double lat, double lon) {
        /** The département as a place: its centroid, precision DEPARTMENT, no commune or postcode. */
        public Location location() {
            return new Location(null, null, null, code, region, lat, lon, Precision.DEPARTMENT);
        }
    }

    /** A point further than this from every commune centroid is not in France: nearestCommune gives nothing. */
    public static final double NEAREST_COMMUNE_MAX_KM = 50;

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /**
     * A commune with its centroid; postcodes sorted, the first being its main one; labels: the other names La
     * Poste delivers it under ("PARIS" for PARIS 11).
     */
    record Commune(String insee, String name, String department, String region, double lat, double lon,
                   List<String> postcodes, List<String> labels) {
        Location at(String postcode) {
            return new Location(insee, name, postcode, department, region, lat, lon, Precision.COMMUNE);
        }
    }

    /** A commune served by a postcode, with the names La Poste gives it there (locality, delivery label). */
    record Served(Commune commune, List<String> aliases) {
        boolean knownAs(String cityKey) {
            for (String alias : aliases) if (PlaceNames.key(alias).equals(cityKey)) return true;
            return false;
        }
    }

    private final Map<String, Commune> communes;
    private final Map<String, List<Served>> byPostcode;
    /** Communes by the key of their name and labels: built on first use (only city-only and CEDEX look-ups need it). */
    private volatile Map<String, List<Commune>> byNameKey;
    private final Map<String, Department> departments;
    private final Map<String, Department> departmentsByNuts;
    private final Map<String, String> nutsLabels;
    private final GeoGrid<Commune> grid;

    Geography(Map<String, Commune> communes, Map<String, List<Served>> byPostcode,
              Map<String, Department> departments, Map<String, String> nutsLabels) {
        this.communes = communes;
        this.byPostcode = byPostcode;
        this.departments = departments;
        this.departmentsByNuts = departments.values().stream()
                .collect(Collectors.toUnmodifiableMap(Department::nuts3, Function.identity()));
        this.nutsLabels = nutsLabels;
        GeoGrid.Builder<Commune> points = new GeoGrid.Builder<>();
        communes.values().forEach(c -> points.add(c, c.lat(), c.lon()));
        this.grid = points.build();
    }

    /** Reads the shipped files (see {@link GeographyLoader}). */
    static Geography load() { return GeographyLoader.load(); }

    /**
     * The département of an INSEE commune code: 2 characters (2A/2B for Corsica), 3 for overseas (971-989);
     * null for codes starting with 99 (abroad) or not of commune shape.
     */
    public static String departmentOfInsee(String insee) {
        if (insee == null || insee.length() != 5) return null;
        char c0 = insee.charAt(0), c1 = Character.toUpperCase(insee.charAt(1));
        boolean corsica = c0 == '2' && (c1 == 'A' || c1 == 'B');
        if (!isDigit(c0) || !(isDigit(c1) || corsica)) return null;
        for (int i = 2; i < 5; i++) if (!isDigit(insee.charAt(i))) return null;
        String upper = corsica ? insee.toUpperCase(Locale.ROOT) : insee;
        if (upper.startsWith("99")) return null;
        return upper.startsWith("97") || upper.startsWith("98") ? upper.substring(0, 3) : upper.substring(0, 2);
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    /**
     * Postcode (+ city to choose among the communes sharing it, else the mean of their centroids).
     * A postcode served by one commune gives it (precision COMMUNE). A shared postcode gives the commune whose
     * name matches the city (COMMUNE), trying the commune name first, then La Poste's locality and delivery label
     * ("PARIS" for the arrondissements); without a single match, the mean of the matching or else of all
     * communes (POSTCODE). A postcode that La Poste's base lacks (a CEDEX code) with a city resolves by the city
     * among communes whose postcodes start like it. No postcode: the city alone when its name is unique in France.
     */
    public Optional<Location> locate(String postcode, String city) {
        String cityKey = PlaceNames.key(city);
        String code = normalizePostcode(postcode);
        if (code == null) {
            if (postcode != null && !postcode.isBlank()) return Optional.empty();
            List<Commune> named = nameIndex().getOrDefault(cityKey, List.of());
            return named.size() == 1 ? Optional.of(named.get(0).at(named.get(0).postcodes().get(0))) : Optional.empty();
        }
        List<Served> served = byPostcode.get(code);
        if (served == null) return locateByCityNear(code, cityKey);
        if (served.size() == 1) return Optional.of(served.get(0).commune().at(code));
        if (!cityKey.isEmpty()) {
            List<Commune> byName = served.stream().map(Served::commune)
                    .filter(c -> PlaceNames.key(c.name()).equals(cityKey)).toList();
            if (byName.isEmpty()) {
                byName = served.stream().filter(s -> s.knownAs(cityKey)).map(Served::commune).toList();
            }
            if (byName.size() == 1) return Optional.of(byName.get(0).at(code));
            if (!byName.isEmpty()) return Optional.of(mean(byName, code));
        }
        return Optional.of(mean(served.stream().map(Served::commune).toList(), code));
    }

    /** An unknown (CEDEX) postcode: the communes named like the city whose postcodes share its first 2 digits. */
    private Optional<Location> locateByCityNear(String postcode, String cityKey) {
        if (cityKey.isEmpty()) return Optional.empty();
        String area = postcode.substring(0, 2);
        List<Commune> named = nameIndex().getOrDefault(cityKey, List.of()).stream()
                .filter(c -> c.postcodes().stream().anyMatch(p -> p.startsWith(area))).toList();
        if (named.isEmpty()) return Optional.empty();
        return Optional.of(named.size() == 1 ? named.get(0).at(postcode) : mean(named, postcode));
    }

    private Map<String, List<Commune>> nameIndex() {
        Map<String, List<Commune>> index = byNameKey;
        if (index == null) {
            synchronized (this) {
                index = byNameKey;
                if (index == null) byNameKey = index = buildNameIndex();
            }
        }
        return index;
    }

    private Map<String, List<Commune>> buildNameIndex() {
        Map<String, List<Commune>> index = new HashMap<>(communes.size() * 2);
        for (Commune c : communes.values()) {
            index.computeIfAbsent(PlaceNames.key(c.name()), k -> new ArrayList<>(1)).add(c);
            for (String label : c.labels()) {
                List<Commune> named = index.computeIfAbsent(PlaceNames.key(label), k -> new ArrayList<>(1));
                if (!named.contains(c)) named.add(c);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(index);
    }

    /** The mean of the communes' centroids; département (and région) the most frequent among them. */
    private static Location mean(List<Commune> communes, String postcode) {
        double lat = 0, lon = 0;
        Map<String, Integer> departmentCounts = new LinkedHashMap<>();
        for (Commune c : communes) {
            lat += c.lat();
            lon += c.lon();
            departmentCounts.merge(c.department(), 1, Integer::sum);
        }
        String department = Collections.max(departmentCounts.entrySet(), Map.Entry.comparingByValue()).getKey();
        String region = communes.stream().filter(c -> c.department().equals(department)).findFirst().orElseThrow().region();
        return new Location(null, null, postcode, department, region, lat / communes.size(), lon / communes.size(),
                Precision.POSTCODE);
    }

    /** "75011", " 75 011 ", "7400" (a lost leading zero) → 5 digits; null otherwise. */
    static String normalizePostcode(String postcode) {
        if (postcode == null) return null;
        String digits = postcode.replace(" ", "").strip();
        if (digits.length() == 4) digits = "0" + digits;
        if (digits.length() != 5) return null;
        for (int i = 0; i < 5; i++) if (!isDigit(digits.charAt(i))) return null;
        return digits;
    }

    /** By INSEE commune code. */
    public Optional<Location> commune(String inseeCode) {
        if (inseeCode == null) return Optional.empty();
        Commune c = communes.get(inseeCode.strip().toUpperCase(Locale.ROOT));
        return c == null ? Optional.empty() : Optional.of(c.at(c.postcodes().get(0)));
    }

    /**
     * The commune nearest to a point (to give a located enterprise its commune, département and région);
     * empty when no commune centroid lies within {@value #NEAREST_COMMUNE_MAX_KM} km.
     */
    public Optional<Location> nearestCommune(double lat, double lon) {
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return Optional.empty();
        Commune c = grid.nearest(lat, lon, NEAREST_COMMUNE_MAX_KM);
        return c == null ? Optional.empty() : Optional.of(c.at(c.postcodes().get(0)));
    }

    /** A French NUTS3 code is a département (its centroid); other or foreign codes: empty. */
    public Optional<Department> departmentOfNuts(String nutsCode) {
        if (nutsCode == null) return Optional.empty();
        return Optional.ofNullable(departmentsByNuts.get(nutsCode.strip().toUpperCase(Locale.ROOT)));
    }

    /** "75", "2a", "971", "7" (→ 07). */
    public Optional<Department> department(String code) {
        if (code == null) return Optional.empty();
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (c.length() == 1 && isDigit(c.charAt(0))) c = "0" + c;
        return Optional.ofNullable(departments.get(c));
    }

    /** Every commune with a centroid (package use: checks and tests). */
    Collection<Commune> allCommunes() { return communes.values(); }

    /** Every département, in code order (101). */
    public Collection<Department> departments() { return departments.values(); }

    /** NUTS label (French), for any level. */
    public Optional<String> nutsLabel(String nutsCode) {
        if (nutsCode == null) return Optional.empty();
        return Optional.ofNullable(nutsLabels.get(nutsCode.strip().toUpperCase(Locale.ROOT)));
    }

    /** Great-circle distance in km (haversine, mean Earth radius). */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
