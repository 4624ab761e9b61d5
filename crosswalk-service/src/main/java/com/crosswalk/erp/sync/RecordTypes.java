package com.crosswalk.erp.sync;

import com.crosswalk.shared.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link RecordType} of the sync lifecycle (each a Spring bean), found by its names. */
@Component
public class RecordTypes {

    private final List<RecordType<?>> types;

    RecordTypes(List<RecordType<?>> types) {
        this.types = List.copyOf(types);
        for (RecordType<?> t : types) {
            if (t.refTag().length() > 3) {
                throw new IllegalStateException("external-ref tag of " + t.recordType() + " is over 3 characters");
            }
            if (!t.pagePath().matches("[a-z][a-z-]*")) {
                throw new IllegalStateException("page path of " + t.recordType() + " is not lower-case words and hyphens");
            }
        }
    }

    public List<RecordType<?>> all() {
        return types;
    }

    public RecordType<?> byRecordType(String recordType) {
        return types.stream().filter(t -> t.recordType().equals(recordType)).findFirst()
                .orElseThrow(() -> new NotFoundException("Unknown record type " + recordType));
    }

    /** By the REST path segment; 404 for anything else. */
    public RecordType<?> byRestPath(String path) {
        return types.stream().filter(t -> t.restPath().equals(path)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such record type: " + path));
    }

    /** By the page path segment; 404 for anything else. */
    public RecordType<?> byPagePath(String path) {
        return types.stream().filter(t -> t.pagePath().equals(path)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such tab"));
    }

    /**
     * The page path segments of every type as one regular expression ({@code commitments|commitment-change-orders|…}):
     * the pages' request mappings take their {@code {records}} from here, so a new type gets its tab's addresses.
     */
    public String pagePathPattern() {
        return String.join("|", types.stream().map(RecordType::pagePath).toList());
    }

    public Optional<RecordType<?>> byPrefix(String prefix) {
        return types.stream().filter(t -> t.prefix().equals(prefix)).findFirst();
    }

    /** The types whose records belong to records of {@code parent} (a commitment's CCOs). */
    public List<RecordType<?>> childrenOf(RecordType<?> parent) {
        return types.stream().filter(t -> t.parent().map(p -> p.parentRecordType().equals(parent.recordType()))
                .orElse(false)).toList();
    }
}
