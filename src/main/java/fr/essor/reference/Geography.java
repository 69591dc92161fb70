package fr.essor.reference;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Communes, postcodes, départements, régions and NUTS for France, with centroids. */
public final class Geography {
    public enum Precision { COMMUNE, POSTCODE, DEPARTMENT }

    /** A geocoded place; commune fields null at DEPARTMENT precision. */
    public record Location(String communeInsee, String communeName, String postcode, String department,
                           String region, double lat, double lon, Precision precision) {}

    public record Department(String code, String name, String region, String nuts3, double lat, double lon) {}

    /** A point further than this from every commune centroid is not in France: nearestCommune gives nothing. */
    public static final double NEAREST_COMMUNE_MAX_KM = 50;

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** A commune with its centroid; postcodes sorted, the first being its main one. */
    record Commune(String insee, String name, String department, String region, double lat, double lon,
                   List<String> postcodes) {
        Location at(String postcode) {
            return new Location(insee, name, postcode, department, region, lat, lon, Precision.COMMUNE);
        }
    }

    /** A commune served by a postcode, with the names La Poste gives it there (locality, delivery label). */
    record Served(Commune commune, Set<String> aliasKeys) {}

    private final Map<String, Commune> communes;
    private final Map<String, List<Served>> byPostcode;
    private final Map<String, List<Commune>> byNameKey;
    private final Map<String, Department> departments;
    private final Map<String, Department> departmentsByNuts;
    private final Map<String, String> nutsLabels;
    private final GeoGrid<Commune> grid;

    private Geography(Map<String, Commune> communes, Map<String, List<Served>> byPostcode,
                      Map<String, List<Commune>> byNameKey, Map<String, Department> departments,
                      Map<String, String> nutsLabels) {
        this.communes = communes;
        this.byPostcode = byPostcode;
        this.byNameKey = byNameKey;
        this.departments = departments;
        this.departmentsByNuts = departments.values().stream()
                .collect(Collectors.toUnmodifiableMap(Department::nuts3, Function.identity()));
        this.nutsLabels = nutsLabels;
        this.grid = new GeoGrid<>();
        communes.values().forEach(c -> grid.add(c, c.lat(), c.lon()));
    }

    /** Reads departements.json, regions.json, nuts3_departements.csv, nuts_fr_2021.csv, communes_postcodes.csv. */
    static Geography load() {
        Map<String, String> regionOfDepartment = new HashMap<>();
        Map<String, String> departmentNames = new HashMap<>();
        for (Object o : new JsonArray(Resources.text("departements.json"))) {
            JsonObject d = (JsonObject) o;
            regionOfDepartment.put(d.getString("code"), d.getString("codeRegion"));
            departmentNames.put(d.getString("code"), d.getString("nom"));
        }
        Set<String> regions = new HashSet<>();
        for (Object o : new JsonArray(Resources.text("regions.json"))) regions.add(((JsonObject) o).getString("code"));

        Map<String, Department> departments = new TreeMap<>();
        List<String[]> nuts3 = Csv.parse(Resources.text("nuts3_departements.csv"), ',');
        for (String[] r : nuts3.subList(1, nuts3.size())) {
            // nuts3,departement,name,region,lat,lon,communes
            String code = r[1];
            String region = regionOfDepartment.getOrDefault(code, r[3]);
            if (!regions.contains(region)) throw new IllegalStateException("département " + code + ": unknown région " + region);
            departments.put(code, new Department(code, departmentNames.getOrDefault(code, r[2]), region, r[0],
                    Double.parseDouble(r[4]), Double.parseDouble(r[5])));
        }

        Map<String, String> nutsLabels = new HashMap<>();
        List<String[]> nuts = Csv.parse(Resources.text("nuts_fr_2021.csv"), ',');
        for (String[] r : nuts.subList(1, nuts.size())) {
            // code,level,parent_code,name_national_fr,label_fr_sdk115,label_en
            nutsLabels.put(r[0], !r[3].isBlank() ? r[3] : !r[4].isBlank() ? r[4] : r[5]);
        }

        record Row(String insee, String name, String postcode, String locality, String label, double lat, double lon) {}
        Map<String, List<Row>> rowsByInsee = new LinkedHashMap<>();
        List<String[]> rows = Csv.parse(Resources.text("communes_postcodes.csv"), ';');
        for (String[] r : rows.subList(1, rows.size())) {
            // Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps
            if (r.length < 6 || r[5].isBlank() || departmentOfInsee(r[0]) == null) continue; // no centroid, or abroad
            String[] latLon = r[5].split(",");
            rowsByInsee.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new Row(r[0], r[1], r[2], r[3], r[4],
                    Double.parseDouble(latLon[0].strip()), Double.parseDouble(latLon[1].strip())));
        }

        Map<String, Commune> communes = new LinkedHashMap<>();
        Map<String, Map<String, Set<String>>> aliasesByPostcode = new LinkedHashMap<>();
        Map<String, List<Commune>> byNameKey = new HashMap<>();
        for (List<Row> commune : rowsByInsee.values()) {
            Row first = commune.get(0);
            String department = departmentOfInsee(first.insee());
            List<String> postcodes = List.copyOf(commune.stream().map(Row::postcode).collect(Collectors.toCollection(TreeSet::new)));
            Commune c = new Commune(first.insee(), first.name(), department, regionOfDepartment.get(department),
                    first.lat(), first.lon(), postcodes);
            communes.put(c.insee(), c);
            Set<String> nameKeys = new LinkedHashSet<>();
            for (Row row : commune) {
                Set<String> aliases = aliasesByPostcode.computeIfAbsent(row.postcode(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(row.insee(), k -> new LinkedHashSet<>());
                addKey(aliases, row.locality());
                addKey(aliases, row.label());
                nameKeys.add(PlaceNames.key(row.name()));
                addKey(nameKeys, row.label());
            }
            for (String key : nameKeys) byNameKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        Map<String, List<Served>> byPostcode = new HashMap<>();
        aliasesByPostcode.forEach((postcode, served) -> byPostcode.put(postcode, served.entrySet().stream()
                .map(e -> new Served(communes.get(e.getKey()), Set.copyOf(e.getValue()))).toList()));
        byNameKey.replaceAll((k, v) -> List.copyOf(v));
        return new Geography(Collections.unmodifiableMap(communes), Map.copyOf(byPostcode), Map.copyOf(byNameKey),
                Collections.unmodifiableMap(departments), Map.copyOf(nutsLabels));
    }

    private static void addKey(Set<String> keys, String name) {
        String key = PlaceNames.key(name);
        if (!key.isEmpty()) keys.add(key);
    }

    /**
     * The département of an INSEE commune code: 2 characters (2A/2B for Corsica), 3 for overseas (971-989);
     * null for codes starting with 99 (abroad) or not of commune shape.
     */
    public static String departmentOfInsee(String insee) {
        if (insee == null || insee.length() != 5) return null;
        String upper = insee.toUpperCase(Locale.ROOT);
        if (!upper.matches("(\\d{2}|2A|2B)\\d{3}")) return null;
        if (upper.startsWith("99")) return null;
        return upper.startsWith("97") || upper.startsWith("98") ? upper.substring(0, 3) : upper.substring(0, 2);
    }

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
            List<Commune> named = byNameKey.getOrDefault(cityKey, List.of());
            return named.size() == 1 ? Optional.of(named.get(0).at(named.get(0).postcodes().get(0))) : Optional.empty();
        }
        List<Served> served = byPostcode.get(code);
        if (served == null) return locateByCityNear(code, cityKey);
        if (served.size() == 1) return Optional.of(served.get(0).commune().at(code));
        if (!cityKey.isEmpty()) {
            List<Commune> byName = served.stream().map(Served::commune)
                    .filter(c -> PlaceNames.key(c.name()).equals(cityKey)).toList();
            if (byName.isEmpty()) {
                byName = served.stream().filter(s -> s.aliasKeys().contains(cityKey)).map(Served::commune).toList();
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
        List<Commune> named = byNameKey.getOrDefault(cityKey, List.of()).stream()
                .filter(c -> c.postcodes().stream().anyMatch(p -> p.startsWith(area))).toList();
        if (named.isEmpty()) return Optional.empty();
        return Optional.of(named.size() == 1 ? named.get(0).at(postcode) : mean(named, postcode));
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
        if (digits.matches("\\d{4}")) digits = "0" + digits;
        return digits.matches("\\d{5}") ? digits : null;
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
        if (c.matches("\\d")) c = "0" + c;
        return Optional.ofNullable(departments.get(c));
    }

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
