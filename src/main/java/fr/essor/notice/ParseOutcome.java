package fr.essor.notice;

import fr.essor.http.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * What one request body held, item by item and in order: each item is a notice taken, refused with the
 * fields at fault, or skipped because it is not a tender (e.g. an OCDS planning-only release).
 * {@code index} is the item's position in the body (0-based: the n-th release of a package, the n-th
 * record, the n-th element of a JSON array, the n-th non-blank line of NDJSON).
 */
public record ParseOutcome(List<Item> items) {

    public ParseOutcome {
        items = List.copyOf(items);
    }

    public sealed interface Item permits Accepted, Rejected, Skipped {
        int index();
    }

    public record Accepted(int index, Notice notice) implements Item {
    }

    public record Rejected(int index, List<FieldError> errors) implements Item {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    public record Skipped(int index, String reason) implements Item {
    }

    public List<Accepted> accepted() {
        return only(Accepted.class);
    }

    public List<Rejected> rejected() {
        return only(Rejected.class);
    }

    public List<Skipped> skipped() {
        return only(Skipped.class);
    }

    /** The notices taken, in order. */
    public List<Notice> notices() {
        return accepted().stream().map(Accepted::notice).toList();
    }

    private <T extends Item> List<T> only(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Collects items, numbering them in the order they are met. */
    public static final class Builder {
        private final List<Item> items = new ArrayList<>();

        public int nextIndex() {
            return items.size();
        }

        public Builder accept(Notice notice) {
            items.add(new Accepted(items.size(), notice));
            return this;
        }

        public Builder reject(List<FieldError> errors) {
            items.add(new Rejected(items.size(), errors));
            return this;
        }

        public Builder skip(String reason) {
            items.add(new Skipped(items.size(), reason));
            return this;
        }

        public Builder add(ItemResult result) {
            // Java 17: no pattern switch yet
            if (result instanceof ItemResult.Taken t) {
                return accept(t.notice());
            } else if (result instanceof ItemResult.Refused r) {
                return reject(r.errors());
            }
            return skip(((ItemResult.NotATender) result).reason());
        }

        public boolean isEmpty() {
            return items.isEmpty();
        }

        public ParseOutcome build() {
            return new ParseOutcome(items);
        }
    }

    /** The result of reading one item, before it is numbered. */
    public sealed interface ItemResult permits ItemResult.Taken, ItemResult.Refused, ItemResult.NotATender {
        record Taken(Notice notice) implements ItemResult {
        }

        record Refused(List<FieldError> errors) implements ItemResult {
            public Refused {
                errors = List.copyOf(errors);
            }
        }

        record NotATender(String reason) implements ItemResult {
        }
    }
}
