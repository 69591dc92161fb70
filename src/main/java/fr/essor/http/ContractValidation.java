package fr.essor.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Requests to /api checked against openapi.yaml with {@code io.vertx:vertx-openapi} before the routes (issue 10):
 * parameters (400 naming the parameter) and JSON bodies (422 naming the field, a JSON pointer {@code /place/postcode}
 * written {@code place.postcode}; a field the schema does not list is "unknown field"). The check runs as the request
 * arrives; its verdict is given by {@link #gate} once the route's role check has passed, so 401 and 403 come first and
 * a refused request reaches no route. A request the contract accepts still meets the route's own validators (rules a
 * schema cannot say: a SIRET's checksum, a known postcode).
 * <p>
 * vertx-openapi 5.0.7 refuses a contract naming media types it cannot validate, so the document is read at start (on
 * a worker) and handed to the library without them (text/csv, NDJSON, XML, YAML, event streams; problem+json answers
 * are read as JSON). Not validated here: bodies of other media types (the registry import's CSV/NDJSON keep their
 * reader), bodies that are empty or not JSON (the routes answer 400/415 as before), and {@code POST /api/notices}
 * entirely (a feed's push is signed over the raw body, and its JSON takes several shapes). Request bodies are made
 * optional for the library: a missing body keeps the routes' own answer. Should the library itself fail or not answer
 * within {@link #CHECK_WAIT_MS}, the request goes on to the route's validators (logged), never held or lost.
 */
public final class ContractValidation {
    static final String SKIPPED_OPERATION = "postNotices";
    private static final String VERDICT = "essor.contractProblem";
    private static final Logger LOG = Logger.getLogger(ContractValidation.class.getName());
    /** Keywords whose errors only sum up their subschemas' errors. */
    private static final Pattern BRANCH_MISMATCH = Pattern.compile("/(anyOf|oneOf)/\\d+/type$");
    private static final Set<String> SUMMARIES = Set.of("allOf", "anyOf", "oneOf", "properties", "items",
            "prefixItems", "$ref", "dependentSchemas", "if", "then", "else", "not", "unevaluatedProperties");
    private static final Set<String> LIBRARY_TYPES = Set.of("application/json");
    private static final Pattern POINTER_ESCAPE = Pattern.compile("~[01]");
    private static final Pattern REQUIRED = Pattern.compile("required property \"?'?([^\"' ]+)\"?'?");
    private static final Pattern ADDITIONAL = Pattern.compile("[Aa]dditional propert(?:y|ies)[^'\"]*[\"']([^\"']+)[\"']");

    /** Methods whose /api routes read a body with their own reader (which resumes a paused request). */
    private static final Set<HttpMethod> READS_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final OpenAPIContract contract;
    /** The library's validator, asked parameter by parameter so that one answer names every field at fault. */
    private final RequestValidatorImpl validator;
    private final BodyLimit bodyLimit;

    private ContractValidation(Vertx vertx, OpenAPIContract contract, BodyLimit bodyLimit) {
        this.contract = contract;
        this.validator = (RequestValidatorImpl) RequestValidator.create(vertx, contract);
        this.bodyLimit = bodyLimit;
    }

    OpenAPIContract contract() {
        return contract;
    }

    RequestValidator requestValidator() {
        return validator;
    }

    /** Reads openapi.yaml on a worker and loads it into the library. */
    public static Future<ContractValidation> load(Vertx vertx, BodyLimit bodyLimit) {
        return vertx.executeBlocking(() -> runtimeDocument(document()))
                .compose(doc -> OpenAPIContract.from(vertx, doc))
                .map(contract -> new ContractValidation(vertx, contract, bodyLimit));
    }

    /** openapi.yaml as JSON, read from the class path as the service serves it. */
    static JsonObject document() {
        try (InputStream in = ContractValidation.class.getClassLoader().getResourceAsStream(OpenApiRoute.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiRoute.RESOURCE + " is missing from the classpath");
            }
            Map<String, Object> yaml = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new JsonObject(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as the library takes it: problem+json read as JSON, the other media types it refuses taken out,
     * request bodies left without a media type removed, and request bodies optional (see the class comment).
     */
    static JsonObject runtimeDocument(JsonObject doc) {
        List<JsonObject> contents = new ArrayList<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("responses")) {
                    continue;
                }
                JsonObject body = op.getJsonObject("requestBody");
                if (body != null && body.containsKey("content")) {
                    contents.add(body.getJsonObject("content"));
                }
                JsonObject responses = op.getJsonObject("responses");
                for (String status : responses.fieldNames()) {
                    JsonObject content = responses.getJsonObject(status).getJsonObject("content");
                    if (content != null) {
                        contents.add(content);
                    }
                }
            }
        }
        JsonObject shared = doc.getJsonObject("components").getJsonObject("responses");
        if (shared != null) {
            for (String name : shared.fieldNames()) {
                JsonObject content = shared.getJsonObject(name).getJsonObject("content");
                if (content != null) {
                    contents.add(content);
                }
            }
        }
        for (JsonObject content : contents) {
            Object problem = content.remove("application/problem+json");
            if (problem != null && !content.containsKey("application/json")) {
                content.put("application/json", problem);
            }
            content.fieldNames().removeIf(type -> !LIBRARY_TYPES.contains(type));
        }
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op && op.getJsonObject("requestBody") != null) {
                    JsonObject body = op.getJsonObject("requestBody");
                    if (body.getJsonObject("content") == null || body.getJsonObject("content").isEmpty()) {
                        op.remove("requestBody");
                    } else {
                        body.put("required", false);
                    }
                }
            }
        }
        return doc;
    }

    /** The operation of an /api request, or null when the contract has none (the router answers 404/405). */
    private Operation operation(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || !path.startsWith("/api/")) {
            return null;
        }
        Operation op;
        try {
            op = contract.findOperation(path, ctx.request().method());
        } catch (RuntimeException e) {
            return null;
        }
        return op == null || SKIPPED_OPERATION.equals(op.getOperationId()) ? null : op;
    }

    /** Whether the body of this request is one the library checks: a JSON body of an operation that takes one. */
    private static boolean jsonBody(RoutingContext ctx, Operation op) {
        if (op.getRequestBody() == null || op.getRequestBody().getContent().get("application/json") == null) {
            return false;
        }
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** Reads the JSON body of the requests checked here (the routes' own reader then finds it read). */
    public Handler<RoutingContext> bodyReader() {
        return ctx -> {
            Operation op = operation(ctx);
            if (op != null && jsonBody(ctx, op)) {
                bodyLimit.reader(ctx.request().path()).handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    /** How long the check may hold a request before it goes on to the route's own validators without a verdict. */
    static final long CHECK_WAIT_MS = 2_000;

    /**
     * What the contract refuses in a request, or null: every parameter and the JSON body checked one by one (the
     * library's own {@code validate} stops at the first), so one answer names every field at fault — 400 when a
     * parameter is at fault, else 422.
     */
    ProblemException verdict(Operation op, ValidatableRequest request) {
        List<FieldError> parameters = new ArrayList<>();
        for (Parameter parameter : op.getParameters()) {
            Map<String, io.vertx.openapi.validation.RequestParameter> given = switch (parameter.getIn()) {
                case COOKIE -> request.getCookies();
                case HEADER -> request.getHeaders();
                case PATH -> request.getPathParameters();
                case QUERY -> request.getQuery();
            };
            try {
                validator.validateParameter(parameter, given.get(parameter.getName()));
            } catch (ValidatorException e) {
                if (problem(op, e) instanceof ProblemException refused) {
                    parameters.addAll(refused.errors());
                }
            }
        }
        List<FieldError> body = new ArrayList<>();
        try {
            validator.validateBody(op.getRequestBody(), request);
        } catch (ValidatorException e) {
            if (problem(op, e) instanceof ProblemException refused) {
                body.addAll(refused.errors());
            }
        }
        if (parameters.isEmpty() && body.isEmpty()) {
            return null;
        }
        List<FieldError> all = new ArrayList<>(parameters);
        all.addAll(body);
        return parameters.isEmpty()
                ? ProblemException.unprocessable("the body does not follow the contract (openapi.yaml)", all)
                : ProblemException.badRequest("the request parameters do not follow the contract (openapi.yaml): "
                        + String.join(", ", parameters.stream().map(FieldError::field).distinct().toList()),
                        all.toArray(FieldError[]::new));
    }

    /**
     * The contract's verdict, given by the route's role check once the caller may call the operation: the problem the
     * contract found, or on to the route.
     */
    static void gate(RoutingContext ctx) {
        ProblemException refused = ctx.get(VERDICT);
        if (refused != null) {
            ctx.fail(refused);
        } else {
            ctx.next();
        }
    }

    /**
     * The check itself, asynchronous: the request waits for it (a body left to the route's reader paused), then goes
     * on with the verdict kept for {@link #gate}.
     */
    public Handler<RoutingContext> validator() {
        return ctx -> {
            Operation op = operation(ctx);
            if (op == null) {
                ctx.next();
                return;
            }
            boolean read = jsonBody(ctx, op);
            Buffer body = read ? checkableBody(ctx) : null;
            HttpServerRequest request = ctx.request();
            Future<ValidatableRequest> extracted;
            try {
                extracted = RequestUtils.extract(request, op, () -> Future.succeededFuture(body));
            } catch (RuntimeException e) {
                // a query or path that is not valid percent-encoding: the router and the routes answer it, as before
                ctx.next();
                return;
            }
            // the check is asynchronous: a body left to the route's own reader waits, paused, until it is done
            boolean paused = !read && !request.isEnded();
            if (paused) {
                request.pause();
            }
            // whatever happens to the check (a verdict, a failure of its own, or no answer within CHECK_WAIT_MS), the
            // request goes on exactly once
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    // no reader follows: what the client sends is dropped, as before; a request whose stream the
                    // client reset meanwhile is ended and has nothing left to resume
                    if (paused && !READS_BODY.contains(request.method()) && !request.isEnded()) {
                        request.resume();
                    }
                    ctx.next(); // else the route's body reader resumes the request
                }
            };
            long timer = ctx.vertx().setTimer(CHECK_WAIT_MS, t -> {
                if (!released.get()) {
                    LOG.warning("contract check of " + op.getOperationId() + " gave no verdict within " + CHECK_WAIT_MS
                            + " ms; the route's validators decide");
                }
                release.run();
            });
            // unordered: the checks of one event loop's requests do not wait for each other
            extracted.compose(validatable -> ctx.vertx().executeBlocking(() -> verdict(op, validatable), false))
                    .onComplete(done -> {
                        ctx.vertx().cancelTimer(timer);
                        try {
                            if (!released.get()) {
                                if (done.failed()) {
                                    LOG.log(Level.WARNING, "contract check of " + op.getOperationId()
                                            + " failed; the route's validators decide", done.cause());
                                } else if (done.result() != null) {
                                    ctx.put(VERDICT, done.result());
                                }
                            }
                        } catch (RuntimeException e) {
                            LOG.log(Level.FINE, "contract check of " + op.getOperationId() + " could not be read", e);
                        } finally {
                            release.run();
                        }
                    });
        };
    }

    /** The body when it is a JSON object; else null, and the route answers (400 empty or unparsable, 422 not an object). */
    private static Buffer checkableBody(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return Json.decodeValue(body) instanceof JsonObject ? body : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    static Throwable problem(Operation op, Throwable failure) {
        if (!(failure instanceof ValidatorException e)) {
            return failure;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Parameter parameter = parameterNamed(op, message);
        if (parameter != null) {
            String reason = failure instanceof SchemaValidationException s && s.getOutputUnit() != null
                    ? reasons(s.getOutputUnit()).values().stream().findFirst().orElse(message) : message;
            return ProblemException.badRequest("the " + parameter.getIn().name().toLowerCase(Locale.ROOT)
                    + " parameter " + parameter.getName() + " is not valid: " + reason,
                    new FieldError(parameter.getName(), reason));
        }
        if (failure instanceof SchemaValidationException s && s.getOutputUnit() != null) {
            List<FieldError> errors = new ArrayList<>();
            reasons(s.getOutputUnit()).forEach((field, reason) -> errors.add(new FieldError(field, reason)));
            if (errors.isEmpty()) {
                errors.add(new FieldError("", message));
            }
            return ProblemException.unprocessable("the body does not follow the contract (openapi.yaml)", errors);
        }
        return ProblemException.badRequest("the request does not follow the contract (openapi.yaml): " + message);
    }

    private static Parameter parameterNamed(Operation op, String message) {
        for (Parameter p : op.getParameters()) {
            String name = "parameter " + p.getName();
            int at = message.indexOf(name);
            if (at >= 0) {
                int end = at + name.length();
                if (end == message.length() || message.charAt(end) == ' ' || message.charAt(end) == '.') {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * The innermost errors of the schema check, by field ({@code /place/postcode} → {@code place.postcode}); the
     * summaries of combinators ("does not match every subschema", "Property x does not match schema") are dropped when
     * a more precise error is there.
     */
    static Map<String, String> reasons(OutputUnit unit) {
        List<String[]> all = new ArrayList<>();
        collect(unit, all);
        // the branches of anyOf/oneOf that do not apply (another shape, or null) say nothing of the value given
        List<String[]> kept = all.stream().filter(e -> !BRANCH_MISMATCH.matcher(e[3]).find()
                && !(e[3].matches(".*/(anyOf|oneOf)/.*") && e[2].equals("required"))).toList();
        if (kept.isEmpty()) {
            kept = all;
        }
        List<String[]> precise = kept.stream().filter(e -> !summary(e)).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] e : kept) {
            // a summary ("does not match every subschema") goes when a precise error says more of that field
            if (summary(e) && precise.stream().anyMatch(p -> p != e && within(p[0], e[0]))) {
                continue;
            }
            out.putIfAbsent(e[0], e[1]);
        }
        return out;
    }

    private static boolean summary(String[] e) {
        return SUMMARIES.contains(e[2]) || ("additionalProperties".equals(e[2]) && e[1].contains("does not match"));
    }

    private static boolean within(String field, String parent) {
        return parent.isEmpty() || field.equals(parent) || field.startsWith(parent + ".") || field.startsWith(parent + "[");
    }

    private static void collect(OutputUnit unit, List<String[]> out) {
        if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
            for (OutputUnit child : unit.getErrors()) {
                collect(child, out);
            }
            return;
        }
        if (unit.getError() == null) {
            return;
        }
        String field = field(unit.getInstanceLocation());
        String error = unit.getError();
        String keyword = keyword(unit);
        Matcher named = REQUIRED.matcher(error);
        if ("required".equals(keyword) && named.find()) {
            field = join(field, named.group(1));
            error = "is required";
        } else {
            Matcher extra = ADDITIONAL.matcher(error);
            if (extra.find()) {
                field = join(field, extra.group(1));
                error = "unknown field";
                keyword = "unknown";
            }
        }
        out.add(new String[]{field, error, keyword, unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation()});
    }

    private static String keyword(OutputUnit unit) {
        String location = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /** A JSON pointer ({@code #/place/postcode} or {@code /items/1}) as a field name ({@code place.postcode}, {@code items[1]}). */
    static String field(String pointer) {
        if (pointer == null) {
            return "";
        }
        String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        StringBuilder out = new StringBuilder();
        for (String token : p.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            String name = POINTER_ESCAPE.matcher(token).replaceAll(m -> m.group().equals("~0") ? "~" : "/");
            if (name.chars().allMatch(Character::isDigit) && out.length() > 0) {
                out.append('[').append(name).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }
}
