package fr.essor.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ESS enterprise of the registry, as stored in PostgreSQL and indexed in Lucene.
 * Fields of the registry CSV, plus what geocoding and derivation add (commune, department, region,
 * the derived ESUS flag) and where each flag came from.
 *
 * @param siret       14 digits, Luhn-checked (La Poste exception)
 * @param categories  category tokens; never empty
 * @param naf         NAF rév. 2 code in dotted form ({@code 56.21Z}), or null
 * @param cpv         declared CPV codes, 8 digits with check digit ({@code 90910000-9}) or bare 8 digits
 * @param latitude    WGS84, null when unknown (then the geo component is neutral)
 * @param radiusKm    intervention radius; null means the default of 50 km around the site unless
 *                    {@code departments} or {@code regions} give the area
 * @param departments intervention départements (codes such as {@code 75}, {@code 2A}, {@code 971})
 * @param regions     intervention régions (INSEE codes such as {@code 11})
 * @param commune     INSEE code of the commune, from geocoding
 * @param department  département code of the site, from geocoding
 * @param region      région code of the site, from geocoding
 * @param sources     per flag (category token), where it came from and when
 */
public record Enterprise(
        String siret,
        String name,
        Set<Category> categories,
        String legalForm,
        String naf,
        String description,
        List<String> cpv,
        String address,
        String postcode,
        String city,
        Double latitude,
        Double longitude,
        Integer radiusKm,
        List<String> departments,
        List<String> regions,
        Integer employees,
        String website,
        Contact contact,
        LocalDate esusUntil,
        String commune,
        String department,
        String region,
        Map<Category, FlagSource> sources) {

    /** Lists and flags absent are empty, so a record reads back equal from PostgreSQL, the index and a client. */
    public Enterprise {
        cpv = cpv == null ? List.of() : cpv;
        departments = departments == null ? List.of() : departments;
        regions = regions == null ? List.of() : regions;
        sources = sources == null ? Map.of() : sources;
    }

    /** Default intervention radius when the enterprise gives no area (DESIGN.md section 3). */
    public static final int DEFAULT_RADIUS_KM = 50;

    public record Contact(String email, String phone, String person) {
    }

    /** Where a flag came from ({@code lemarche}, {@code ess-numerique}, {@code essor}, {@code derived}, ...) and when. */
    public record FlagSource(String source, LocalDate date) {
    }

    public boolean hasLocation() {
        return latitude != null && longitude != null;
    }
}
