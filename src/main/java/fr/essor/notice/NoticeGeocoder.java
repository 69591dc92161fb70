package fr.essor.notice;

import fr.essor.reference.Geography;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Places each lot (DESIGN.md section 3): postcode and city through La Poste's base, else a French NUTS3 code as its
 * département's centroid; coordinates already given are kept. A place whose NUTS codes are all foreign is not looked
 * up in the French postcode base (a German "10115" is not a French commune); what cannot be placed stays unknown
 * (lat/lon null). Pure and thread-safe.
 */
public final class NoticeGeocoder {

    /** A notice with its lots placed, and the département of each lot (null when unknown or abroad). */
    public record Placed(Notice notice, List<String> lotDepartments) {
    }

    private final Geography geography;

    public NoticeGeocoder(Geography geography) {
        this.geography = geography;
    }

    public Placed place(Notice notice) {
        List<Notice.Lot> lots = new ArrayList<>(notice.lots().size());
        List<String> departments = new ArrayList<>(notice.lots().size());
        for (Notice.Lot lot : notice.lots()) {
            Located located = locate(lot.place());
            departments.add(located.department());
            lots.add(located.place() == lot.place() ? lot : withPlace(lot, located.place()));
        }
        Notice placed = new Notice(notice.id(), notice.source(), notice.sourceId(), notice.version(), notice.title(),
                notice.buyer(), notice.contractNature(), notice.lightRegime(), notice.publishedAt(), notice.deadline(),
                notice.supersedes(), notice.problems(), lots);
        return new Placed(placed, departments);
    }

    private record Located(Notice.Place place, String department) {
    }

    private Located locate(Notice.Place place) {
        if (place == null) {
            return new Located(null, null);
        }
        List<String> nuts = place.nuts() == null ? List.of() : place.nuts();
        boolean mayBeFrench = nuts.isEmpty() || nuts.stream().anyMatch(NoticeGeocoder::isFrench);
        if (place.lat() != null && place.lon() != null) {
            String department = geography.nearestCommune(place.lat(), place.lon())
                    .map(Geography.Location::department)
                    .or(() -> nutsDepartment(nuts).map(Geography.Department::code))
                    .orElse(null);
            return new Located(place, department);
        }
        if (mayBeFrench && (notBlank(place.postcode()) || notBlank(place.city()))) {
            Optional<Geography.Location> found = geography.locate(place.postcode(), place.city());
            if (found.isPresent()) {
                Geography.Location l = found.get();
                return new Located(at(place, l.lat(), l.lon()), l.department());
            }
        }
        Optional<Geography.Department> department = nutsDepartment(nuts);
        if (department.isPresent()) {
            Geography.Department d = department.get();
            return new Located(at(place, d.lat(), d.lon()), d.code());
        }
        return new Located(place, null);
    }

    private Optional<Geography.Department> nutsDepartment(List<String> nuts) {
        for (String code : nuts) {
            Optional<Geography.Department> d = geography.departmentOfNuts(code);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static boolean isFrench(String nuts) {
        return nuts != null && nuts.strip().toUpperCase(Locale.ROOT).startsWith("FR");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static Notice.Place at(Notice.Place p, double lat, double lon) {
        return new Notice.Place(p.nuts(), p.postcode(), p.city(), lat, lon);
    }

    private static Notice.Lot withPlace(Notice.Lot l, Notice.Place place) {
        return new Notice.Lot(l.lotId(), l.title(), l.description(), l.mainCpv(), l.additionalCpv(), place,
                l.estimatedValue(), l.durationMonths(), l.deadline(), l.reservation(), l.reservedExecution(),
                l.socialConsiderations());
    }
}
