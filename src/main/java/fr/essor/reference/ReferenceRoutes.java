package fr.essor.reference;

import fr.essor.http.Authentication;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import io.vertx.ext.web.Router;

/**
 * Look-ups of the shipped reference lists for forms and pickers (officer): {@code GET /api/reference/cpv} and
 * {@code GET /api/reference/places}. Answered on the event loop: each is one scan of a list folded at start.
 */
public final class ReferenceRoutes implements RouteSet {
    private final Authentication authentication;
    private final ReferenceLookup cpv;
    private final ReferenceLookup places;

    /** Folds the lists: call it from a worker or at start-up. */
    public ReferenceRoutes(ReferenceData reference, Authentication authentication) {
        this.authentication = authentication;
        CpvSearch codes = new CpvSearch(reference.cpv());
        PlaceSearch communes = new PlaceSearch(reference.geography());
        this.cpv = new ReferenceLookup((q, limit) -> codes.search(q, limit).stream().map(ReferenceLookup::cpv).toList());
        this.places = new ReferenceLookup((q, limit) -> communes.search(q, limit).stream().map(ReferenceLookup::place).toList());
    }

    @Override
    public void mount(Router router) {
        router.get("/api/reference/cpv").handler(authentication.require(Role.OFFICER)).handler(cpv);
        router.get("/api/reference/places").handler(authentication.require(Role.OFFICER)).handler(places);
    }
}
