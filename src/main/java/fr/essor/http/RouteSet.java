package fr.essor.http;

import io.vertx.ext.web.Router;

/** A feature's routes, mounted by the HTTP verticle on its router. */
public interface RouteSet {
    void mount(Router router);
}
