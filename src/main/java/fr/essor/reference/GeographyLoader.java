package fr.essor.reference;

import fr.essor.csv.CsvReader;
import fr.essor.reference.Geography.Commune;
import fr.essor.reference.Geography.Department;
import fr.essor.reference.Geography.Served;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds {@link Geography} from departements.json, regions.json, nuts3_departements.csv, nuts_fr_2021.csv and
 * communes_postcodes.csv (La Poste: one row per commune × postcode × locality). One pass over the rows;
 * rows without a centroid and codes abroad (99xxx) are skipped.
 */
final class GeographyLoader {
    private GeographyLoader() {}

    /** A commune while its rows are read. */
    static final class CommuneRows {
        final String insee, name;
        final double lat, lon;
        // small lists (most communes have one postcode and no other name), deduplicated on insertion
        final List<String> postcodes = new ArrayList<>(1);
        final List<String> labels = new ArrayList<>(1);
        Commune built;

        CommuneRows(String insee, String name, double lat, double lon) {
            this.insee = insee;
            this.name = name;
            this.lat = lat;
            this.lon = lon;
        }
    }

    /** A commune at one postcode while the rows are read. */
    static final class ServedRows {
        final CommuneRows commune;
        final List<String> aliases = new ArrayList<>(2);

        ServedRows(CommuneRows commune) { this.commune = commune; }
    }

    private static void addNew(List<String> list, String value) {
        if (!list.contains(value)) list.add(value);
    }

    private static List<String> sorted(List<String> list) {
        if (list.size() > 1) Collections.sort(list);
        return List.copyOf(list);
    }

    /** Départements (with région, NUTS3, centroid) and NUTS labels: the small files. */
    record Administrative(Map<String, Department> departments, Map<String, String> regionOfDepartment,
                          Map<String, String> nutsLabels) {}

    /** The postcode base read and grouped by commune, before régions are attached. */
    record CommuneRowsTable(Map<String, CommuneRows> byInsee, Map<String, List<ServedRows>> servedByPostcode) {}

    static Geography load() { return build(readAdministrative(), readCommunes()); }

    /** departements.json, regions.json, nuts3_departements.csv, nuts_fr_2021.csv. */
    static Administrative readAdministrative() {
        Map<String, String> regionOfDepartment = new HashMap<>();
        Map<String, String> departmentNames = new HashMap<>();
        for (Map<String, String> d : FlatJson.parseArrayOfObjects(Resources.text("departements.json"))) {
            regionOfDepartment.put(d.get("code"), d.get("codeRegion"));
            departmentNames.put(d.get("code"), d.get("nom"));
        }
        Set<String> regions = new HashSet<>();
        for (Map<String, String> r : FlatJson.parseArrayOfObjects(Resources.text("regions.json"))) regions.add(r.get("code"));

        Map<String, Department> departments = new TreeMap<>();
        List<String[]> nuts3 = CsvReader.readAll(Resources.text("nuts3_departements.csv"), ',');
        for (String[] r : nuts3.subList(1, nuts3.size())) {
            // nuts3,departement,name,region,lat,lon,communes
            String code = r[1];
            String region = regionOfDepartment.getOrDefault(code, r[3]);
            if (!regions.contains(region)) throw new IllegalStateException("département " + code + ": unknown région " + region);
            departments.put(code, new Department(code, departmentNames.getOrDefault(code, r[2]), region, r[0],
                    Double.parseDouble(r[4]), Double.parseDouble(r[5])));
        }

        Map<String, String> nutsLabels = new HashMap<>();
        List<String[]> nuts = CsvReader.readAll(Resources.text("nuts_fr_2021.csv"), ',');
        for (String[] r : nuts.subList(1, nuts.size())) {
            // code,level,parent_code,name_national_fr,label_fr_sdk115,label_en
            nutsLabels.put(r[0], !r[3].isBlank() ? r[3] : !r[4].isBlank() ? r[4] : r[5]);
        }
        return new Administrative(Collections.unmodifiableMap(departments), Map.copyOf(regionOfDepartment),
                Map.copyOf(nutsLabels));
    }

    /** communes_postcodes.csv, the bulk of the work: callers may run it on a thread of its own. */
    static CommuneRowsTable readCommunes() {
        Map<String, CommuneRows> rowsByInsee = new LinkedHashMap<>(50_000);
        // postcode → the communes it serves, each with the names La Poste gives it there (locality, delivery label)
        Map<String, List<ServedRows>> servedByPostcode = new HashMap<>(16_000);
        List<String[]> rows = CsvReader.readAll(Resources.text("communes_postcodes.csv"), ';');
        for (int i = 1, n = rows.size(); i < n; i++) {
            String[] r = rows.get(i);
            // Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps
            if (r.length < 6 || r[5].isBlank() || Geography.departmentOfInsee(r[0]) == null) continue;
            CommuneRows commune = rowsByInsee.get(r[0]);
            if (commune == null) {
                int comma = r[5].indexOf(',');
                commune = new CommuneRows(r[0], r[1], Double.parseDouble(r[5].substring(0, comma).strip()),
                        Double.parseDouble(r[5].substring(comma + 1).strip()));
                rowsByInsee.put(r[0], commune);
            }
            addNew(commune.postcodes, r[2]);
            List<ServedRows> served = servedByPostcode.get(r[2]);
            if (served == null) servedByPostcode.put(r[2], served = new ArrayList<>(2));
            ServedRows here = null;
            for (ServedRows s : served) if (s.commune == commune) here = s;
            if (here == null) served.add(here = new ServedRows(commune));
            // names are kept as written; they are compared (PlaceNames.key) only when a query needs them
            if (!r[3].isBlank()) addNew(here.aliases, r[3]);
            if (!r[4].isBlank() && !r[4].equals(r[1])) {
                addNew(here.aliases, r[4]);
                addNew(commune.labels, r[4]);
            }
        }

        return new CommuneRowsTable(rowsByInsee, servedByPostcode);
    }

    static Geography build(Administrative admin, CommuneRowsTable table) {
        Map<String, CommuneRows> rowsByInsee = table.byInsee();
        Map<String, List<ServedRows>> servedByPostcode = table.servedByPostcode();
        Map<String, String> regionOfDepartment = admin.regionOfDepartment();
        Map<String, Commune> communes = new LinkedHashMap<>(rowsByInsee.size() * 2);
        for (CommuneRows rowsOf : rowsByInsee.values()) {
            String department = Geography.departmentOfInsee(rowsOf.insee);
            rowsOf.built = new Commune(rowsOf.insee, rowsOf.name, department, regionOfDepartment.get(department),
                    rowsOf.lat, rowsOf.lon, sorted(rowsOf.postcodes), List.copyOf(rowsOf.labels));
            communes.put(rowsOf.insee, rowsOf.built);
        }
        Map<String, List<Served>> byPostcode = new HashMap<>(servedByPostcode.size() * 2);
        servedByPostcode.forEach((postcode, served) -> {
            Served[] list = new Served[served.size()];
            for (int i = 0; i < list.length; i++) {
                list[i] = new Served(served.get(i).commune.built, List.copyOf(served.get(i).aliases));
            }
            byPostcode.put(postcode, List.of(list));
        });
        return new Geography(Collections.unmodifiableMap(communes), Collections.unmodifiableMap(byPostcode),
                admin.departments(), admin.nutsLabels());
    }
}
