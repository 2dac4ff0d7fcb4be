package io.pedigree.error;

import java.util.List;
import java.util.Map;

/**
 * The one root of every error Pedigree raises on purpose; the HTTP layer maps each subtype to a status once.
 */
public abstract sealed class PedigreeException extends RuntimeException
        permits PedigreeException.InvalidInput, PedigreeException.NotFound, PedigreeException.Conflict,
        PedigreeException.Unauthorized, PedigreeException.Forbidden, PedigreeException.PayloadTooLarge,
        PedigreeException.Unprocessable, PedigreeException.RangeNotSatisfiable, PedigreeException.Unavailable,
        PedigreeException.QueryTimeout, PedigreeException.StartupFailure, PedigreeException.TooManyRequests,
        PedigreeException.AlreadyExists {

    private final String title;

    protected PedigreeException(String title, String detail, Throwable cause) {
        super(detail, cause);
        this.title = title;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Input that does not parse or breaks a rule; {@code field} names the offending parameter or JSON pointer. */
    public static final class InvalidInput extends PedigreeException {
        private final String field;

        public InvalidInput(String field, String detail) {
            super("Invalid input", detail, null);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Something named in the request does not exist. */
    public static final class NotFound extends PedigreeException {
        private final String field;

        public NotFound(String field, String detail) {
            super("Not found", detail, null);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The request contradicts what is recorded (for example a different content for an immutable key). */
    public static final class Conflict extends PedigreeException {
        private final List<Map<String, Object>> differences;
        private final List<Map<String, Object>> unmetGates;

        public Conflict(String detail, List<Map<String, Object>> differences) {
            this(detail, differences, List.of());
        }

        /** A governed change refused because of the gates listed, none of which the request met. */
        public Conflict(String detail, List<Map<String, Object>> differences, List<Map<String, Object>> unmetGates) {
            super("Conflict", detail, null);
            this.differences = List.copyOf(differences);
            this.unmetGates = List.copyOf(unmetGates);
        }

        public List<Map<String, Object>> differences() {
            return differences;
        }

        public List<Map<String, Object>> unmetGates() {
            return unmetGates;
        }
    }

    /**
     * A create that names something recorded already; a conflict (409) on Pedigree's own API, told apart so that
     * clients that carry on when a thing exists (MLflow's {@code RESOURCE_ALREADY_EXISTS}) can.
     */
    public static final class AlreadyExists extends PedigreeException {
        public AlreadyExists(String detail) {
            super("Conflict", detail, null);
        }
    }

    /** No credentials, or credentials that do not authenticate; deliberately says nothing more. */
    public static final class Unauthorized extends PedigreeException {
        public Unauthorized() {
            super("Unauthorized", "A valid bearer token is required.", null);
        }
    }

    /** Authenticated, but without the role the operation needs. */
    public static final class Forbidden extends PedigreeException {
        public Forbidden(String detail) {
            super("Forbidden", detail, null);
        }
    }

    /** A request body or collection larger than the configured limit. */
    public static final class PayloadTooLarge extends PedigreeException {
        private final String field;

        public PayloadTooLarge(String field, String detail) {
            super("Payload too large", detail, null);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * Well-formed input whose content contradicts what the request itself claims (an upload whose SHA-256 is not
     * the one announced); {@code field} names the claim.
     */
    public static final class Unprocessable extends PedigreeException {
        private final String field;

        public Unprocessable(String field, String detail) {
            super("Unprocessable content", detail, null);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A byte range that lies wholly outside the content; {@code size} is the content's length, for the answer. */
    public static final class RangeNotSatisfiable extends PedigreeException {
        private final long size;

        public RangeNotSatisfiable(long size, String detail) {
            super("Range not satisfiable", detail, null);
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    /** The client has spent its budget for something costly (like looking up unknown tokens); retry later. */
    public static final class TooManyRequests extends PedigreeException {
        private final java.time.Duration retryAfter;

        public TooManyRequests(String detail, java.time.Duration retryAfter) {
            super("Too many requests", detail, null);
            this.retryAfter = retryAfter;
        }

        /** How long to wait before the next attempt can succeed. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The database cannot be reached now; the client should retry later. */
    public static final class Unavailable extends PedigreeException {
        public Unavailable(String detail, Throwable cause) {
            super("Service unavailable", detail, cause);
        }
    }

    /** A query ran past the configured timeout and was stopped. */
    public static final class QueryTimeout extends PedigreeException {
        public QueryTimeout(String detail, Throwable cause) {
            super("Query timeout", detail, cause);
        }
    }

    /** The server cannot start (unreachable database, edited migration, bad configuration). */
    public static final class StartupFailure extends PedigreeException {
        public StartupFailure(String detail, Throwable cause) {
            super("Startup failure", detail, cause);
        }
    }
}
