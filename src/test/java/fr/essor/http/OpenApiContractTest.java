package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document stays true to the routes the running service mounts. */
class OpenApiContractTest {
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch):");
    private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");

    @Test
    void everyMountedRouteIsDocumented() throws IOException {
        Map<String, Set<String>> documented = documented();
        try (TestApp app = TestApp.start()) {
            Set<String> missing = new HashSet<>();
            int checked = 0;
            for (Route route : app.main().http().router().getRoutes()) {
                String path = route.getPath();
                if (path == null || route.methods() == null || path.endsWith("/")) {
                    continue; // catch-all handlers (body limits, authentication, failures)
                }
                String openApiPath = PARAM.matcher(path).replaceAll("{$1}");
                for (HttpMethod method : route.methods()) {
                    checked++;
                    if (!documented.getOrDefault(openApiPath, Set.of()).contains(method.name().toLowerCase())) {
                        missing.add(method + " " + openApiPath);
                    }
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(4);
            assertThat(missing).as("routes missing from openapi.yaml").isEmpty();
        }
    }

    static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> paths = new HashMap<>();
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(OpenApiRoute.RESOURCE)) {
            String current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher p = PATH.matcher(line);
                Matcher m = METHOD.matcher(line);
                if (p.matches()) {
                    current = p.group(1);
                    paths.put(current, new HashSet<>());
                } else if (m.find() && current != null) {
                    paths.get(current).add(m.group(1));
                } else if (!line.startsWith(" ") && !line.isBlank()) {
                    current = null;
                }
            }
        }
        return paths;
    }
}
