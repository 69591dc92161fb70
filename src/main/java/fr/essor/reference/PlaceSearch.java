package fr.essor.reference;

import fr.essor.reference.Geography.Commune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Communes by name or postcode (GET /api/reference/places). Names are folded once ({@link PlaceNames#key}: accents,
 * case, hyphens and apostrophes away, ST spelt SAINT), so "st-denis", "Saint Denis" and "SAINT-DENIS" meet; a query
 * is one scan of ~35,000 short strings: cheap enough for an event loop. Immutable, thread-safe.
 */
public final class PlaceSearch {
    /** One commune at one postcode. */
    public record Place(String insee, String name, String postcode, double lat, double lon, String department) {}

    private static final Pattern DIGITS = Pattern.compile("[0-9][0-9 ]*");

    private record Entry(Commune commune, String key) {}

    private final List<Entry> entries;

    public PlaceSearch(Geography geography) {
        List<Entry> all = new ArrayList<>();
        for (Commune c : geography.allCommunes()) all.add(new Entry(c, PlaceNames.key(c.name())));
        all.sort(Comparator.comparing(e -> e.commune().insee()));
        this.entries = List.copyOf(all);
    }

    /** At most {@code limit} places for a non-blank query, best first. */
    public List<Place> search(String query, int limit) {
        String q = query.strip();
        return DIGITS.matcher(q).matches() ? byDigits(q.replace(" ", ""), limit) : byName(q, limit);
    }

    /**
     * Postcodes starting with the digits, one place per commune and postcode, by postcode then name; five digits
     * that are no postcode but an INSEE commune code give that commune.
     */
    private List<Place> byDigits(String digits, int limit) {
        List<Place> out = new ArrayList<>();
        if (digits.length() > 5) return out;
        for (Entry e : entries) {
            for (String postcode : e.commune().postcodes()) {
                if (postcode.startsWith(digits)) out.add(place(e.commune(), postcode));
            }
        }
        out.sort(Comparator.comparing(Place::postcode).thenComparing(Place::name).thenComparing(Place::insee));
        if (out.isEmpty() && digits.length() == 5) {
            for (Entry e : entries) {
                if (e.commune().insee().equals(digits)) out.add(place(e.commune(), e.commune().postcodes().get(0)));
            }
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /**
     * The name equal to the query, then names starting with it, then a word starting with it, then containing it;
     * shorter names first within each, namesakes with more postcodes first.
     */
    private List<Place> byName(String q, int limit) {
        String key = PlaceNames.key(q);
        if (key.isEmpty()) return List.of();
        List<Entry> found = new ArrayList<>();
        for (Entry e : entries) {
            if (e.key().contains(key)) found.add(e);
        }
        found.sort(Comparator.<Entry>comparingInt(e -> tier(e.key(), key))
                .thenComparingInt(e -> e.key().length())
                .thenComparing(Entry::key)
                // namesakes (four communes are ST DENIS): the one with more postcodes, a rough stand-in for size
                .thenComparing(Comparator.comparingInt((Entry e) -> e.commune().postcodes().size()).reversed())
                .thenComparing(e -> e.commune().insee()));
        List<Place> out = new ArrayList<>(Math.min(limit, found.size()));
        for (Entry e : found.subList(0, Math.min(limit, found.size()))) {
            out.add(place(e.commune(), e.commune().postcodes().get(0)));
        }
        return out;
    }

    private static int tier(String name, String key) {
        if (name.equals(key)) return 0;
        if (name.startsWith(key)) return 1;
        return name.contains(" " + key) ? 2 : 3;
    }

    private static Place place(Commune c, String postcode) {
        return new Place(c.insee(), c.name(), postcode, c.lat(), c.lon(), c.department());
    }
}
