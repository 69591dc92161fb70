package fr.essor.http;

import java.util.List;

/**
 * A client error to answer as {@code application/problem+json} (RFC 9457). Thrown (or passed to
 * {@code ctx.fail}) anywhere below the HTTP edge; the edge's error handler renders it, so there is one
 * error shape.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail, FieldError... errors) {
        return new ProblemException(400, "Bad Request", detail, List.of(errors));
    }

    public static ProblemException unprocessable(String detail, List<FieldError> errors) {
        return new ProblemException(422, "Unprocessable Content", detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
