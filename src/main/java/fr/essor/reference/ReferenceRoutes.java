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
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY = 200;

    private final Authentication authentication;
    private final CpvLookup cpv;
    private final PlaceLookup places;

    /** Folds the lists: call it from a worker or at start-up. */
    public ReferenceRoutes(ReferenceData reference, Authentication authentication) {
        this.authentication = authentication;
        this.cpv = new CpvLookup(new CpvSearch(reference.cpv()));
        this.places = new PlaceLookup(new PlaceSearch(reference.geography()));
    }

    @Override
    public void mount(Router router) {
        router.get("/api/reference/cpv").handler(authentication.require(Role.OFFICER)).handler(cpv);
        router.get("/api/reference/places").handler(authentication.require(Role.OFFICER)).handler(places);
    }
}
