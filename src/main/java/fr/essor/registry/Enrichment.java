package fr.essor.registry;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What essor adds to an enterprise as given: its place (coordinates from postcode and city when missing; commune,
 * département and région from the located commune or the commune nearest to the coordinates), canonical codes
 * (NAF dotted, CPV on 8 digits), where each flag came from and when, and the ESUS agreement that SIAE and
 * EA/EATT/ESAT hold by law (C. trav. L3332-17-1), flagged {@code derived}. Pure and thread-safe.
 */
public final class Enrichment {
    /** The source of flags essor deduces itself. */
    public static final String DERIVED = "derived";
    /**
     * Given coordinates and a postcode naming a commune further than this from them disagree; the coordinates,
     * more precise, win and the commune is the one nearest to them.
     */
    static final double POSTCODE_COORDINATES_AGREE_KM = 20;

    private static final java.util.regex.Pattern FIVE_DIGITS = java.util.regex.Pattern.compile("\\d{5}");

    private final Geography geography;

    public Enrichment(ReferenceData reference) {
        this.geography = reference.geography();
    }

    /** An enriched enterprise and what enrichment noticed about the input (e.g. coordinates and postcode disagree). */
    public record Result(Enterprise enterprise, List<String> notes) {
    }

    /**
     * The enterprise geocoded, normalised, with a source for every flag: flags without one are dated {@code date}
     * and credited to {@code source}; a derived ESUS given back (as a GET answers it) is derived again.
     */
    public Enterprise enrich(Enterprise draft, String source, LocalDate date) {
        return enrichWithNotes(draft, source, date).enterprise();
    }

    /** As {@link #enrich}, with notes for an import report. */
    public Result enrichWithNotes(Enterprise draft, String source, LocalDate date) {
        Place place = locate(draft);
        Set<Category> categories = EnumSet.noneOf(Category.class);
        categories.addAll(draft.categories());
        Map<Category, Enterprise.FlagSource> sources = new EnumMap<>(Category.class);
        sources.putAll(draft.sources());
        Enterprise.FlagSource esus = sources.get(Category.ESUS);
        if (esus != null && DERIVED.equals(esus.source())) {
            categories.remove(Category.ESUS);
            sources.remove(Category.ESUS);
        }
        sources.keySet().retainAll(categories);
        for (Category c : categories) {
            sources.putIfAbsent(c, new Enterprise.FlagSource(source, date));
        }
        deriveEsus(categories, sources, date);
        String naf = draft.naf() == null ? null : Objects.requireNonNullElse(NafCatalog.normalize(draft.naf()), draft.naf());
        Enterprise enriched = new Enterprise(draft.siret(), draft.name(), Set.copyOf(categories), draft.legalForm(), naf,
                draft.description(), normalizeCpv(draft.cpv()), draft.address(), draft.postcode(), draft.city(),
                place.lat, place.lon, draft.radiusKm(), nullToEmpty(draft.departments()), nullToEmpty(draft.regions()),
                draft.employees(), draft.website(), draft.contact(), draft.esusUntil(),
                place.commune, place.department, place.region, Map.copyOf(sources));
        return new Result(enriched, notes(draft, place));
    }

    /** Given coordinates that lie in another département than the postcode says: kept, but worth a look. */
    private static List<String> notes(Enterprise draft, Place place) {
        String postcodeDepartment = departmentOfPostcode(draft.postcode());
        if (!draft.hasLocation() || place.department == null || postcodeDepartment == null
                || place.department.startsWith(postcodeDepartment)
                || (postcodeDepartment.equals("20") && place.department.startsWith("2"))) {
            return List.of();
        }
        return List.of("coordinates " + draft.latitude() + "," + draft.longitude() + " lie in département "
                + place.department + " but postcode " + draft.postcode() + " is in " + postcodeDepartment
                + ": the coordinates are kept; check the address");
    }

    /** The département a French postcode points to: its first 2 digits, 3 overseas (97x, 98x); null when not one. */
    static String departmentOfPostcode(String postcode) {
        if (postcode == null || !FIVE_DIGITS.matcher(postcode.strip()).matches()) {
            return null;
        }
        String p = postcode.strip();
        return p.startsWith("97") || p.startsWith("98") ? p.substring(0, 3) : p.substring(0, 2);
    }

    /**
     * Settles a freshly enriched record against the stored one: a flag the same source already gave keeps its
     * first date (so re-importing the same file changes nothing); with {@code keepOtherSources} (an import), flags
     * that other sources gave and this one does not are kept, since each source speaks only for its own flags.
     */
    public static Enterprise settle(Enterprise fresh, Enterprise stored, String source, boolean keepOtherSources) {
        if (stored == null) {
            return fresh;
        }
        Set<Category> categories = EnumSet.noneOf(Category.class);
        categories.addAll(fresh.categories());
        Map<Category, Enterprise.FlagSource> sources = new EnumMap<>(Category.class);
        sources.putAll(fresh.sources());
        if (keepOtherSources) {
            stored.sources().forEach((flag, from) -> {
                if (!categories.contains(flag) && !from.source().equals(source) && !from.source().equals(DERIVED)) {
                    categories.add(flag);
                    sources.put(flag, from);
                }
            });
            LocalDate today = fresh.sources().values().stream().map(Enterprise.FlagSource::date)
                    .filter(Objects::nonNull).max(LocalDate::compareTo).orElse(null);
            deriveEsus(categories, sources, today);
        }
        sources.replaceAll((flag, from) -> {
            Enterprise.FlagSource before = stored.sources().get(flag);
            return before != null && before.source().equals(from.source()) ? before : from;
        });
        return new Enterprise(fresh.siret(), fresh.name(), Set.copyOf(categories), fresh.legalForm(), fresh.naf(),
                fresh.description(), fresh.cpv(), fresh.address(), fresh.postcode(), fresh.city(), fresh.latitude(),
                fresh.longitude(), fresh.radiusKm(), fresh.departments(), fresh.regions(), fresh.employees(),
                fresh.website(), fresh.contact(), fresh.esusUntil(), fresh.commune(), fresh.department(), fresh.region(),
                Map.copyOf(sources));
    }

    private static void deriveEsus(Set<Category> categories, Map<Category, Enterprise.FlagSource> sources, LocalDate date) {
        if (!categories.contains(Category.ESUS) && categories.stream().anyMatch(Category::impliesEsus)) {
            categories.add(Category.ESUS);
            sources.put(Category.ESUS, new Enterprise.FlagSource(DERIVED, date));
        }
    }

    private static List<String> normalizeCpv(List<String> cpv) {
        if (cpv == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String code : cpv) {
            String code8 = CpvCatalog.normalize(code);
            out.add(code8 == null ? code : code8);
        }
        return List.copyOf(out);
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Coordinates and administrative place; all null when nothing usable is known. */
    private record Place(Double lat, Double lon, String commune, String department, String region) {
        static final Place UNKNOWN = new Place(null, null, null, null, null);
    }

    private Place locate(Enterprise e) {
        Geography.Location byAddress = e.postcode() != null || e.city() != null
                ? geography.locate(e.postcode(), e.city()).orElse(null) : null;
        if (!e.hasLocation()) {
            if (byAddress == null) {
                return Place.UNKNOWN;
            }
            return new Place(byAddress.lat(), byAddress.lon(), byAddress.communeInsee(), byAddress.department(),
                    byAddress.region());
        }
        double lat = e.latitude();
        double lon = e.longitude();
        if (byAddress != null && byAddress.precision() == Geography.Precision.COMMUNE
                && Geography.distanceKm(lat, lon, byAddress.lat(), byAddress.lon()) <= POSTCODE_COORDINATES_AGREE_KM) {
            return new Place(lat, lon, byAddress.communeInsee(), byAddress.department(), byAddress.region());
        }
        return geography.nearestCommune(lat, lon)
                .map(c -> new Place(lat, lon, c.communeInsee(), c.department(), c.region()))
                .orElse(new Place(lat, lon, null, null, null));
    }
}
